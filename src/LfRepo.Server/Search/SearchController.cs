using System.Globalization;
using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Search;

[ApiController]
[Tags("Searches")]
[Route("v2/Repositories/{repositoryId}")]
public sealed class SearchController(SearchService searches, TaskQueue tasks, MetadataCatalog catalog, MetadataService metadata) : ControllerBase
{
    public static readonly ListingShape ListSearchResultsShape = new("ListSearchResults", EntryEdm.Model, EntryEdm.EntryType, EntryEdm.Entries, DefaultPageSize: 150);

    public static readonly ListingShape SearchEntryShape = new("SearchEntry", EntryEdm.Model, EntryEdm.EntryType, EntryEdm.Entries,
        DefaultPageSize: SearchService.SimpleSearchLimit, Options: ["$select", "$orderby", "$count"]);

    /// <summary>Runs a search operation and returns a task ID.</summary>
    /// <remarks>
    /// The command is checked first (400 with the position and Laserfiche error code). With fuzzyType Percentage or
    /// NumberOfLetters, words of document text and of <c>~=</c> name and field searches also match similar words.
    /// </remarks>
    [HttpPost("Searches/SearchAsync")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> StartSearchEntry(string repositoryId, [FromBody] StartSearchEntryRequest request, CancellationToken cancellationToken)
    {
        var fuzziness = request.Fuzziness();
        await searches.CheckAsync(request.SearchCommand, cancellationToken);
        var work = JsonSerializer.Serialize(SearchTaskRequest.For(repositoryId, request.SearchCommand!, fuzziness));
        return this.TaskStarted(await tasks.StartAsync(OperationType.SearchEntry, work, this.TaskOrigin(), cancellationToken));
    }

    /// <summary>Returns the results of a search (entries, in pages).</summary>
    [HttpGet("Searches/{taskId}/Results")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ListSearchResults(
        string repositoryId, string taskId, [FromQuery] bool groupByEntryType, [FromQuery] bool refresh, [FromQuery] string[]? fields,
        [FromQuery] bool formatFieldValues, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        var wantedFields = metadata.ResolveListingFields(fields, this.UserName());
        var format = formatFieldValues ? FieldValues.Culture(culture) : null;
        var query = ListQueryParser.Parse(ListSearchResultsShape, Request.Query, Request.Headers["Prefer"]);
        await searches.OpenAsync(await tasks.FindAsync(taskId, this.UserName(), cancellationToken), taskId, refresh, cancellationToken);
        var page = await searches.ReadPageAsync(taskId, query, groupByEntryType, cancellationToken);
        var entries = page.Rows.Select(r => r.Entry).ToList();
        var fieldValues = wantedFields is null ? null : await metadata.FieldsForListingAsync(entries, wantedFields, cancellationToken);
        var nextLink = page.Next is null ? null : NextLink.Build(Request, page.Next);
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Collection(Laserfiche.Repository.Entry)";
        return CollectionResult.Create(context, page.TotalCount, nextLink, w =>
        {
            foreach (var (rowNumber, entry) in page.Rows)
            {
                WriteEntry(w, entry, query.Select, rowNumber, fieldValues?[entry.Id], format);
            }
        });
    }

    /// <summary>Returns the context hits of one search result row.</summary>
    [HttpGet("Searches/{taskId}/Results/{rowNumber:int}/ContextHits")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ListSearchContextHits(string repositoryId, string taskId, int rowNumber, CancellationToken cancellationToken)
    {
        var query = ListQueryParser.Parse(SearchHits.ListSearchContextHits, Request.Query, Request.Headers["Prefer"]);
        var (page, next, total) = await searches.ContextHitsPageAsync(await tasks.FindAsync(taskId, this.UserName(), cancellationToken), taskId, rowNumber, query, cancellationToken);
        var nextLink = next is null ? null : NextLink.Build(Request, next);
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Collection(Laserfiche.Repository.SearchContextHit)";
        return CollectionResult.Create(context, query.Count ? total : null, nextLink, w =>
        {
            foreach (var hit in page)
            {
                SearchHits.Write(w, hit, query.Select);
            }
        });
    }

    /// <summary>Runs a search and returns at most 100 entries; 206 when more matched.</summary>
    /// <remarks>A search running longer than 15 s is stopped and answers 400 "The search timed out."; use SearchAsync for long searches.</remarks>
    [HttpPost("SimpleSearches")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> SearchEntry(
        string repositoryId, [FromBody] SearchEntryRequest request, [FromQuery] string[]? fields, [FromQuery] bool formatFieldValues,
        [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        var wantedFields = metadata.ResolveListingFields(fields, this.UserName());
        var format = formatFieldValues ? FieldValues.Culture(culture) : null;
        var query = ListQueryParser.Parse(SearchEntryShape, Request.Query, null);
        var (entries, truncated) = await searches.SearchNowAsync(request.SearchCommand, SearchService.SimpleSearchLimit, query.OrderBy, this.UserName(), cancellationToken);
        var fieldValues = wantedFields is null ? null : await metadata.FieldsForListingAsync(entries, wantedFields, cancellationToken);
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Collection(Laserfiche.Repository.Entry)";
        return CollectionResult.Create(context, query.Count ? entries.Count : null, null, w =>
        {
            var rowNumber = 1;
            foreach (var entry in entries)
            {
                WriteEntry(w, entry, query.Select, rowNumber++, fieldValues?[entry.Id], format);
            }
        }, truncated ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK);
    }

    private void WriteEntry(Utf8JsonWriter w, EntryRecord entry, IReadOnlySet<string>? select, int rowNumber, IReadOnlyList<EntryField>? fields, CultureInfo? format) =>
        EntryJson.Write(w, entry, select, rowNumber, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId), withoutPaths: true,
            writeFields: fields is null ? null : f =>
            {
                f.WriteStartArray("fields");
                foreach (var field in fields)
                {
                    MetadataWire.Field.Write(f, format is null ? field : field with { Values = [.. field.Values.Select(v => FieldValues.Format(field.Field, v, format))] }, null);
                }
                f.WriteEndArray();
            });
}
