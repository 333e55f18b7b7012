using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.Documents;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Tasks;
using LfRepo.Server.UserAreas;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LfRepo.Server.Entries;

[ApiController]
[Tags("Entries")]
[Route("v2/Repositories/{repositoryId}/Entries")]
// EntryService (scoped, it rents an EF DbContext) is taken per action, so the read actions — the hot paths — do not pay for it.
public sealed class EntriesController(EntryReader reader, EntryAccess access, EntryTree tree, TaskQueue tasks, MetadataCatalog catalog, MetadataService metadata) : ControllerBase
{
    /// <summary>Returns a single entry object.</summary>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="entryId">The requested entry ID.</param>
    /// <param name="includeChildInfo">On a folder, add childInfo: whether it has immediate children, how many, and how many of each type.</param>
    /// <param name="includeTotalSize">On a document, add totalDocumentSize: the electronic document plus the page images and texts.</param>
    /// <param name="documents">The document store (for includeTotalSize).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("{entryId:int}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntry(
        string repositoryId, int entryId, [FromQuery] bool includeChildInfo, [FromQuery] bool includeTotalSize, [FromServices] DocumentStore documents,
        CancellationToken cancellationToken)
    {
        var query = ListQueryParser.Parse(EntryEdm.GetEntry, Request.Query, null);
        var entry = await reader.GetAsync(entryId, cancellationToken);
        var childInfo = includeChildInfo && entry.IsContainer ? await reader.ChildInfoAsync(entry.Id, cancellationToken) : null;
        long? totalSize = includeTotalSize && entry.EntryType == EntryType.Document ? await documents.TotalSizeAsync(entry.Id, cancellationToken) : null;
        var context = EntityContext(repositoryId, entry);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, query.Select, context: context, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId),
            childInfo: childInfo, viewer: this.UserName(), totalDocumentSize: totalSize));
    }

    /// <summary>Returns a single entry object using the entry path.</summary>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="fullPath">The requested entry path, with backslashes (or slashes).</param>
    /// <param name="fallbackToClosestAncestor">Return the closest existing ancestor when the path does not exist.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("ByPath")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntryByPath(string repositoryId, [FromQuery] string? fullPath, [FromQuery] bool fallbackToClosestAncestor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(fullPath))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The query parameter 'fullPath' is required.");
        }
        var (entry, closest) = await access.FindByPathAsync(access.Principal(this.UserName()), fullPath, cancellationToken);
        if (entry is null && !fallbackToClosestAncestor)
        {
            throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"No entry exists at '{fullPath}'.");
        }
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{NextLink.Base(Request)}/v2/$metadata#Laserfiche.Repository.GetEntryByPathResponse");
            if (entry is not null)
            {
                w.WritePropertyName("entry");
                EntryJson.Write(w, entry, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId));
            }
            else
            {
                w.WriteNull("entry");
                w.WritePropertyName("ancestorEntry");
                EntryJson.Write(w, closest, templateFieldNames: catalog.TemplateFieldNames(closest.TemplateId));
            }
            w.WriteEndObject();
        });
    }

    /// <summary>Returns the children entries of a folder.</summary>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="entryId">The folder ID.</param>
    /// <param name="groupByEntryType">Group the results by entry type (folders first).</param>
    /// <param name="fields">Field names (at most ten) whose first values to return with each entry.</param>
    /// <param name="formatFieldValues">Format the field values for <paramref name="culture"/>.</param>
    /// <param name="culture">The language tag values are formatted for.</param>
    /// <param name="recents">Records the folder in the user's Recent Folders.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("{entryId:int}/Folder/Children")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ListEntries(
        string repositoryId, int entryId, [FromQuery] bool groupByEntryType, [FromQuery] string[]? fields, [FromQuery] bool formatFieldValues,
        [FromQuery] string? culture, [FromServices] RecentEntries recents, CancellationToken cancellationToken)
    {
        var wantedFields = metadata.ResolveListingFields(fields, this.UserName());
        var format = formatFieldValues ? FieldValues.Culture(culture) : null;
        var query = ListQueryParser.Parse(EntryEdm.ListEntries, Request.Query, Request.Headers["Prefer"]);
        var folder = await reader.GetAsync(entryId, cancellationToken);
        if (!folder.IsContainer)
        {
            throw new ApiProblemException(ProblemCatalog.NotAFolder, $"Entry {entryId} is a {EntryJson.TypeName(folder.EntryType)}, not a folder.");
        }
        var visibility = await access.ChildFilterAsync(access.Principal(this.UserName()), entryId, cancellationToken);
        var page = await reader.ListChildrenAsync(entryId, query, groupByEntryType, visibility, cancellationToken);
        await recents.FolderListedAsync(this.UserName(), entryId, cancellationToken);
        var nextLink = page.Next is null ? null : NextLink.Build(Request, page.Next);
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Collection(Laserfiche.Repository.Entry)";
        var fieldValues = wantedFields is null ? null : await metadata.FieldsForListingAsync(page.Rows, wantedFields, cancellationToken);
        return CollectionResult.Create(context, page.TotalCount, nextLink, w =>
        {
            var rowNumber = page.FirstRowNumber;
            foreach (var entry in page.Rows)
            {
                var entryFields = fieldValues?[entry.Id];
                EntryJson.Write(w, entry, query.Select, rowNumber++, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId),
                    writeFields: entryFields is null ? null : f => WriteFields(f, entryFields, format));
            }
        });
    }

    /// <summary>Creates a new child entry (folder or shortcut) in a folder, or in the request's folderPath below it.</summary>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="entryId">The folder ID that the entry will be created in.</param>
    /// <param name="request">The entry; folderPath names folders below the route folder (<c>/</c> or <c>\</c>; no <c>.</c>, <c>..</c> or empty names).</param>
    /// <param name="autoCreateFolderPath">Create the folders of folderPath that do not exist; without it a missing folder is a 404 and nothing is created.</param>
    /// <param name="entries">The entry service.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("{entryId:int}/Folder/Children")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateEntry(
        string repositoryId, int entryId, [FromBody] CreateEntryRequest request, [FromQuery] bool autoCreateFolderPath, [FromServices] EntryService entries,
        CancellationToken cancellationToken)
    {
        var entry = await entries.CreateAsync(entryId, request, this.UserName(), cancellationToken, autoCreateFolderPath);
        var location = this.EntryUri(repositoryId, entry.Id);
        var context = EntityContext(repositoryId, entry);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context), StatusCodes.Status201Created, location);
    }

    /// <summary>Update an entry. (Move and/or Rename)</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPatch("{entryId:int}")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> UpdateEntry(string repositoryId, int entryId, [FromBody] UpdateEntryRequest request, [FromServices] EntryService entries, CancellationToken cancellationToken)
    {
        var entry = await entries.UpdateAsync(entryId, request, this.UserName(), cancellationToken);
        var context = EntityContext(repositoryId, entry);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId)));
    }

    /// <summary>Copies a new child entry in a folder (documents and shortcuts; folders are copied with CopyAsync).</summary>
    [HttpPost("{entryId:int}/Folder/Copy")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> CopyEntry(string repositoryId, int entryId, [FromBody] CopyEntryRequest request, CancellationToken cancellationToken)
    {
        var source = await tree.CheckCopyAsync(entryId, request, this.UserName(), cancellationToken);
        if (source.IsContainer)
        {
            throw new ApiProblemException(ProblemCatalog.FolderCopyNeedsTask,
                $"Entry {source.Id} is a folder; copy folders with StartCopyEntry (POST …/Folder/CopyAsync).");
        }
        var id = await tree.CopyAsync(entryId, request, this.UserName(), null, cancellationToken);
        var entry = await reader.GetAsync(id, cancellationToken);
        var context = EntityContext(repositoryId, entry);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId)), StatusCodes.Status201Created, this.EntryUri(repositoryId, id));
    }

    /// <summary>Starts an asynchronous copy task to copy an entry (a whole folder tree included) into a folder.</summary>
    [HttpPost("{entryId:int}/Folder/CopyAsync")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> StartCopyEntry(string repositoryId, int entryId, [FromBody] CopyEntryRequest request, CancellationToken cancellationToken)
    {
        await tree.CheckCopyAsync(entryId, request, this.UserName(), cancellationToken);
        var work = JsonSerializer.Serialize(new CopyTaskRequest(repositoryId, entryId, request));
        return this.TaskStarted(await tasks.StartAsync(OperationType.CopyEntry, work, this.TaskOrigin(), cancellationToken));
    }

    /// <summary>Starts an asynchronous delete task to delete an entry (recursive for folders).</summary>
    /// <remarks>The body may be absent, null, {} or {auditReasonId, auditReasonComment}.</remarks>
    [DocumentWrite(LockExtent.All)]
    [HttpDelete("{entryId:int}")]
    [EntryRight(EntryRight.Delete)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> StartDeleteEntry(
        string repositoryId, int entryId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] StartDeleteEntryRequest? request,
        [FromServices] IEnumerable<IEntryDeleteGuard> guards, CancellationToken cancellationToken)
    {
        catalog.RequireAuditReason(request?.AuditReasonId, AuditEventType.DeleteEntry);
        await tree.CheckDeleteAsync(entryId, cancellationToken);
        foreach (var guard in guards)
        {
            await guard.RequireDeletableAsync(entryId, cancellationToken);
        }
        var work = JsonSerializer.Serialize(new DeleteTaskRequest(entryId));
        return this.TaskStarted(await tasks.StartAsync(OperationType.DeleteEntry, work, this.TaskOrigin(), cancellationToken));
    }

    private static void WriteFields(Utf8JsonWriter w, IReadOnlyList<EntryField> fields, System.Globalization.CultureInfo? format)
    {
        w.WriteStartArray("fields");
        foreach (var field in fields)
        {
            MetadataWire.Field.Write(w, format is null ? field : field with { Values = [.. field.Values.Select(v => FieldValues.Format(field.Field, v, format))] }, null);
        }
        w.WriteEndArray();
    }

    private string EntityContext(string repositoryId, EntryRecord entry) =>
        $"{NextLink.Base(Request)}/v2/$metadata#Repositories('{repositoryId}')/Entries/{EntryJson.ODataType(entry.EntryType)[1..]}/$entity";
}
