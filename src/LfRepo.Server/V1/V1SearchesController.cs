using System.Globalization;
using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Search;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.V1;

/// <summary>v1 searches: a search token is the id of the same search task v2's StartSearchEntry starts.</summary>
[ApiController]
[Tags("Searches")]
[Route("v1/Repositories/{repoId}")]
public sealed class V1SearchesController(SearchService searches, TaskQueue tasks, MetadataCatalog catalog, MetadataService metadata) : ControllerBase
{
    /// <summary>Runs a search operation on the repository.</summary>
    /// <remarks>201 with the search token; the Location is the search's status (GetSearchStatus).</remarks>
    [HttpPost("Searches")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateSearchOperation(string repoId, [FromBody] StartSearchEntryRequest request, CancellationToken cancellationToken)
    {
        var fuzziness = request.Fuzziness();
        await searches.CheckAsync(request.SearchCommand, cancellationToken);
        var work = JsonSerializer.Serialize(SearchTaskRequest.For(repoId, request.SearchCommand!, fuzziness));
        var task = await tasks.StartAsync(OperationType.SearchEntry, work, this.TaskOrigin(), cancellationToken);
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("token", task.Id);
            w.WriteEndObject();
        }, StatusCodes.Status201Created, SearchUri(repoId, task.Id));
    }

    /// <summary>Returns the status of a search operation.</summary>
    /// <remarks>
    /// 202 while the search runs; 201 when it completed, with a Location (and redirectUri) of its results;
    /// 200 when it failed or was cancelled. 404 once it was closed.
    /// </remarks>
    [HttpGet("Searches/{searchToken}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> GetSearchStatus(string repoId, string searchToken, CancellationToken cancellationToken)
    {
        var task = await FindAsync(searchToken, cancellationToken);
        if (task.IsFinished && task.CancelRequested && task.Status == OperationStatus.Completed)
        {
            throw new ApiProblemException(ProblemCatalog.SearchNotFound, $"The search '{searchToken}' was closed.");
        }
        var results = task.Status == OperationStatus.Completed ? $"{SearchUri(repoId, task.Id)}/Results" : null;
        var status = !task.IsFinished ? StatusCodes.Status202Accepted
            : results is not null ? StatusCodes.Status201Created
            : StatusCodes.Status200OK;
        return new JsonBodyResult(w => V1TasksController.WriteProgress(w, task, results), status, results);
    }

    /// <summary>Cancels a running search, or closes a completed one (its results are dropped).</summary>
    [HttpDelete("Searches/{searchToken}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> CancelOrCloseSearch(string repoId, string searchToken, CancellationToken cancellationToken)
    {
        var task = await FindAsync(searchToken, cancellationToken);
        await tasks.CancelAsync(task, cancellationToken);
        await searches.CloseAsync(task.Id, cancellationToken);
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("value", true);
            w.WriteEndObject();
        });
    }

    /// <summary>Returns the results of a search (entries, in pages).</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="searchToken">The search token.</param>
    /// <param name="groupByEntryType">Group the results by entry type.</param>
    /// <param name="refresh">Run the search again before reading.</param>
    /// <param name="fields">Field names (at most ten) whose first values to return with each entry.</param>
    /// <param name="formatFields">Format the field values for <paramref name="culture"/>.</param>
    /// <param name="culture">The language tag values are formatted for.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("Searches/{searchToken}/Results")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetSearchResults(
        string repoId, string searchToken, [FromQuery] bool groupByEntryType, [FromQuery] bool refresh, [FromQuery] string[]? fields,
        [FromQuery] bool formatFields, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        var wantedFields = metadata.ResolveListingFields(fields, this.UserName());
        var format = formatFields ? FieldValues.Culture(culture) : null;
        var query = ListQueryParser.Parse(SearchController.ListSearchResultsShape, V1Names.TranslateQuery(Request.Query), Request.Headers["Prefer"]);
        await searches.OpenAsync(await tasks.FindAsync(searchToken, this.UserName(), cancellationToken), searchToken, refresh, cancellationToken);
        var page = await searches.ReadPageAsync(searchToken, query, groupByEntryType, cancellationToken);
        var entries = page.Rows.Select(r => r.Entry).ToList();
        var fieldValues = wantedFields is null ? null : await metadata.FieldsForListingAsync(entries, wantedFields, cancellationToken);
        var nextLink = page.Next is null ? null : NextLink.Build(Request, page.Next);
        return Entries(page.Rows, query.Select, fieldValues, format, page.TotalCount, nextLink, StatusCodes.Status200OK);
    }

    /// <summary>Returns the context hits of one search result row.</summary>
    [HttpGet("Searches/{searchToken}/Results/{rowNumber:int}/ContextHits")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetSearchContextHits(string repoId, string searchToken, int rowNumber, CancellationToken cancellationToken)
    {
        var query = ListQueryParser.Parse(SearchHits.ListSearchContextHits, Request.Query, Request.Headers["Prefer"]);
        var (page, next, total) = await searches.ContextHitsPageAsync(await tasks.FindAsync(searchToken, this.UserName(), cancellationToken), searchToken, rowNumber, query, cancellationToken);
        var nextLink = next is null ? null : NextLink.Build(Request, next);
        var context = $"{NextLink.Base(Request)}/v1/$metadata#Collection(Laserfiche.Repository.ContextHit)";
        return CollectionResult.Create(context, query.Count ? total : null, nextLink, w =>
        {
            foreach (var hit in page)
            {
                SearchHits.Write(w, hit, query.Select);
            }
        }, v1: true);
    }

    /// <summary>Runs a search and returns at most 100 entries; 206 when more matched.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="request">The search command.</param>
    /// <param name="fields">Field names (at most ten) whose first values to return with each entry.</param>
    /// <param name="formatFields">Format the field values for <paramref name="culture"/>.</param>
    /// <param name="culture">The language tag values are formatted for.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("SimpleSearches")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status206PartialContent)]
    public async Task<IActionResult> CreateSimpleSearchOperation(
        string repoId, [FromBody] SearchEntryRequest request, [FromQuery] string[]? fields, [FromQuery] bool formatFields, [FromQuery] string? culture,
        CancellationToken cancellationToken)
    {
        var wantedFields = metadata.ResolveListingFields(fields, this.UserName());
        var format = formatFields ? FieldValues.Culture(culture) : null;
        var query = ListQueryParser.Parse(SearchController.SearchEntryShape, V1Names.TranslateQuery(Request.Query), null);
        var (entries, truncated) = await searches.SearchNowAsync(request.SearchCommand, SearchService.SimpleSearchLimit, query.OrderBy, this.UserName(), cancellationToken);
        var fieldValues = wantedFields is null ? null : await metadata.FieldsForListingAsync(entries, wantedFields, cancellationToken);
        var rows = entries.Select((e, i) => (i + 1, e)).ToList();
        return Entries(rows, query.Select, fieldValues, format, query.Count ? entries.Count : null, null,
            truncated ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK);
    }

    private JsonBodyResult Entries(
        IReadOnlyList<(int RowNumber, EntryRecord Entry)> rows, IReadOnlySet<string>? select, IReadOnlyDictionary<int, IReadOnlyList<EntryField>>? fieldValues,
        CultureInfo? format, long? count, string? nextLink, int status)
    {
        var context = $"{NextLink.Base(Request)}/v1/$metadata#Collection(Laserfiche.Repository.Entry)";
        return CollectionResult.Create(context, count, nextLink, w =>
        {
            foreach (var (rowNumber, entry) in rows)
            {
                var entryFields = fieldValues?[entry.Id];
                EntryJson.Write(w, entry, select, rowNumber, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId), withoutPaths: true, v1: true,
                    writeFields: entryFields is null ? null : f => V1EntriesController.WriteFields(f, entryFields, format));
            }
        }, status, v1: true);
    }

    private async Task<TaskRecord> FindAsync(string searchToken, CancellationToken cancellationToken) =>
        await tasks.FindAsync(searchToken, this.UserName(), cancellationToken) is { TaskType: OperationType.SearchEntry } task
            ? task
            : throw new ApiProblemException(ProblemCatalog.SearchNotFound, $"No search with token '{searchToken}' exists for this user.");

    private string SearchUri(string repoId, string searchToken) =>
        $"{NextLink.Base(Request)}/v1/Repositories/{Uri.EscapeDataString(repoId)}/Searches/{searchToken}";
}
