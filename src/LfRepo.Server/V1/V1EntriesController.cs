using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.Documents;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Tasks;
using LfRepo.Server.UserAreas;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LfRepo.Server.V1;

/// <summary>The v1 entry operations, mapped onto the same entry classes v2 uses.</summary>
[ApiController]
[Tags("Entries")]
[Route("v1/Repositories/{repoId}/Entries")]
public sealed class V1EntriesController(EntryReader reader, EntryAccess access, EntryTree tree, TaskQueue tasks, MetadataCatalog catalog, MetadataService metadata) : ControllerBase
{
    /// <summary>Returns a single entry object.</summary>
    [HttpGet("{entryId:int}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntry(string repoId, int entryId, CancellationToken cancellationToken)
    {
        var query = ListQueryParser.Parse(EntryEdm.GetEntry, V1Names.TranslateQuery(Request.Query), null);
        var entry = await reader.GetAsync(entryId, cancellationToken);
        var context = V1Names.EntryContext(Request, repoId, entry.EntryType);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, query.Select, context: context, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId), v1: true));
    }

    /// <summary>Returns a single entry object using the entry path.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="fullPath">The requested entry path, with backslashes (or slashes).</param>
    /// <param name="fallbackToClosestAncestor">Return the closest existing ancestor when the path does not exist.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("ByPath")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntryByPath(string repoId, [FromQuery] string? fullPath, [FromQuery] bool fallbackToClosestAncestor, CancellationToken cancellationToken)
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
        var found = entry ?? closest;
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName(entry is null ? "ancestorEntry" : "entry");
            EntryJson.Write(w, found, templateFieldNames: catalog.TemplateFieldNames(found.TemplateId), v1: true);
            w.WriteEndObject();
        });
    }

    /// <summary>Returns the children entries of a folder in the repository.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The folder ID.</param>
    /// <param name="groupByEntryType">Group the results by entry type (folders first).</param>
    /// <param name="fields">Field names (at most ten) whose first values to return with each entry.</param>
    /// <param name="formatFields">Format the field values for <paramref name="culture"/>.</param>
    /// <param name="culture">The language tag values are formatted for.</param>
    /// <param name="recents">Records the folder in the user's Recent Folders.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("{entryId:int}/Laserfiche.Repository.Folder/children")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetEntryListing(
        string repoId, int entryId, [FromQuery] bool groupByEntryType, [FromQuery] string[]? fields, [FromQuery] bool formatFields, [FromQuery] string? culture,
        [FromServices] RecentEntries recents, CancellationToken cancellationToken)
    {
        var wantedFields = metadata.ResolveListingFields(fields, this.UserName());
        var format = formatFields ? FieldValues.Culture(culture) : null;
        var query = ListQueryParser.Parse(EntryEdm.ListEntries, V1Names.TranslateQuery(Request.Query), Request.Headers["Prefer"]);
        var folder = await reader.GetAsync(entryId, cancellationToken);
        if (!folder.IsContainer)
        {
            throw new ApiProblemException(ProblemCatalog.NotAFolder, $"Entry {entryId} is a {EntryJson.TypeName(folder.EntryType)}, not a folder.");
        }
        var visibility = await access.ChildFilterAsync(access.Principal(this.UserName()), entryId, cancellationToken);
        var page = await reader.ListChildrenAsync(entryId, query, groupByEntryType, visibility, cancellationToken);
        await recents.FolderListedAsync(this.UserName(), entryId, cancellationToken);
        var nextLink = page.Next is null ? null : NextLink.Build(Request, page.Next);
        var context = $"{NextLink.Base(Request)}/v1/$metadata#Collection(Laserfiche.Repository.Entry)";
        var fieldValues = wantedFields is null ? null : await metadata.FieldsForListingAsync(page.Rows, wantedFields, cancellationToken);
        return CollectionResult.Create(context, page.TotalCount, nextLink, w =>
        {
            var rowNumber = page.FirstRowNumber;
            foreach (var entry in page.Rows)
            {
                var entryFields = fieldValues?[entry.Id];
                EntryJson.Write(w, entry, query.Select, rowNumber++, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId), v1: true,
                    writeFields: entryFields is null ? null : f => WriteFields(f, entryFields, format));
            }
        }, v1: true);
    }

    /// <summary>Create/copy a new child entry in the designated folder.</summary>
    /// <remarks>With a sourceId other than 0 it copies that document or shortcut (0 means "not set", as the official clients send it); folders are copied with CopyEntryAsync.</remarks>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The parent folder ID.</param>
    /// <param name="request">The entry to create, or the sourceId to copy.</param>
    /// <param name="autoRename">Rename the entry when the name is taken.</param>
    /// <param name="entries">The entry service.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("{entryId:int}/Laserfiche.Repository.Folder/children")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateOrCopyEntry(
        string repoId, int entryId, [FromBody] PostEntryChildrenRequest request, [FromQuery] bool autoRename, [FromServices] EntryService entries, CancellationToken cancellationToken)
    {
        EntryRecord entry;
        // The v1 spec types sourceId and targetId as plain integers, so the official clients send 0 for "not set".
        if (request.SourceId is { } sourceId and not 0)
        {
            var copy = new CopyEntryRequest { Name = request.Name, AutoRename = autoRename, SourceId = sourceId, VolumeName = request.VolumeName };
            var source = await tree.CheckCopyAsync(entryId, copy, this.UserName(), cancellationToken);
            if (source.IsContainer)
            {
                throw new ApiProblemException(ProblemCatalog.FolderCopyNeedsTask,
                    $"Entry {source.Id} is a folder; copy folders with CopyEntryAsync (POST …/Laserfiche.Repository.Folder/CopyAsync).");
            }
            var id = await tree.CopyAsync(entryId, copy, this.UserName(), null, cancellationToken);
            entry = await reader.GetAsync(id, cancellationToken);
        }
        else
        {
            var create = new CreateEntryRequest { Name = request.Name, AutoRename = autoRename, EntryType = request.EntryType, TargetId = request.TargetId, VolumeName = request.VolumeName };
            entry = await entries.CreateAsync(entryId, create, this.UserName(), cancellationToken);
        }
        var context = V1Names.EntryContext(Request, repoId, entry.EntryType);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId), v1: true),
            StatusCodes.Status201Created, V1Names.EntryUri(Request, repoId, entry.Id));
    }

    /// <summary>Moves and/or renames an entry.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The entry to move or rename.</param>
    /// <param name="request">The new parent folder and/or name.</param>
    /// <param name="autoRename">Rename the entry when the name is taken in the destination.</param>
    /// <param name="entries">The entry service.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPatch("{entryId:int}")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> MoveOrRenameEntry(
        string repoId, int entryId, [FromBody] PatchEntryRequest request, [FromQuery] bool autoRename, [FromServices] EntryService entries, CancellationToken cancellationToken)
    {
        var entry = await entries.UpdateAsync(entryId, new UpdateEntryRequest { ParentId = request.ParentId, Name = request.Name, AutoRename = autoRename }, this.UserName(), cancellationToken);
        var context = V1Names.EntryContext(Request, repoId, entry.EntryType);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId), v1: true));
    }

    /// <summary>Begins a task to delete an entry, and returns an operationToken.</summary>
    [DocumentWrite(LockExtent.All)]
    [HttpDelete("{entryId:int}")]
    [EntryRight(EntryRight.Delete)]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> DeleteEntryInfo(
        string repoId, int entryId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DeleteEntryWithAuditReason? request,
        [FromServices] IEnumerable<IEntryDeleteGuard> guards, CancellationToken cancellationToken)
    {
        if (request?.AuditReasonId is { } reason and not 0 && !catalog.AuditReasons.Any(a => a.Id == reason && a.AuditEventType == AuditEventType.DeleteEntry))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidAuditReason, $"Audit reason {reason} does not exist for DeleteEntry.");
        }
        await tree.CheckDeleteAsync(entryId, cancellationToken);
        foreach (var guard in guards)
        {
            await guard.RequireDeletableAsync(entryId, cancellationToken);
        }
        var work = JsonSerializer.Serialize(new DeleteTaskRequest(entryId));
        return Accepted(repoId, await tasks.StartAsync(OperationType.DeleteEntry, work, this.TaskOrigin(), cancellationToken));
    }

    /// <summary>Copy a new child entry (a whole folder tree included) in the designated folder async, and return an operationToken.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The destination folder ID.</param>
    /// <param name="request">The entry to copy and the name of the copy.</param>
    /// <param name="autoRename">Rename the copy when the name is taken.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("{entryId:int}/Laserfiche.Repository.Folder/CopyAsync")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> CopyEntryAsync(string repoId, int entryId, [FromBody] CopyAsyncRequest request, [FromQuery] bool autoRename, CancellationToken cancellationToken)
    {
        var copy = new CopyEntryRequest { Name = request.Name, AutoRename = autoRename, SourceId = request.SourceId, VolumeName = request.VolumeName };
        await tree.CheckCopyAsync(entryId, copy, this.UserName(), cancellationToken);
        var work = JsonSerializer.Serialize(new CopyTaskRequest(repoId, entryId, copy));
        return Accepted(repoId, await tasks.StartAsync(OperationType.CopyEntry, work, this.TaskOrigin(), cancellationToken));
    }

    internal static void WriteFields(Utf8JsonWriter w, IReadOnlyList<EntryField> fields, System.Globalization.CultureInfo? format)
    {
        w.WriteStartArray("fields");
        foreach (var field in fields)
        {
            V1EntryMetadataController.FieldValue.Write(w, format is null ? field : field with { Values = [.. field.Values.Select(v => FieldValues.Format(field.Field, v, format))] }, null);
        }
        w.WriteEndArray();
    }

    /// <summary>v1 answers a started operation with 201, its token, and the Location of its progress.</summary>
    private JsonBodyResult Accepted(string repoId, TaskRecord task)
    {
        var location = $"{NextLink.Base(Request)}/v1/Repositories/{Uri.EscapeDataString(repoId)}/Tasks/{task.Id}";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("token", task.Id);
            w.WriteEndObject();
        }, StatusCodes.Status201Created, location);
    }
}
