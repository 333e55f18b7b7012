using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LfRepo.Server.Documents;

/// <summary>Persistent locks (LockDocument, GetDocumentLockInfo, UnlockDocument) and version control (PutUnderVersionControl, CheckOutDocument, CheckInDocument, UndoCheckOut).</summary>
[ApiController]
[Tags("Entries")]
[Route("v2/Repositories/{repositoryId}/Entries/{entryId:int}/Document")]
public sealed class DocumentStateController(DocumentStore documents, DocumentLocks locks, VersionControl versions) : ControllerBase
{
    private static readonly string[] LockInfoMembers = ["lockToken", "owner", "comment", "extent", "creationTimestampUtc", "entryId", "isActive"];

    /// <summary>Locks the document persistently (extent Page, Edoc, Metadata or All, the default; an optional comment); answers with the lock and its token.</summary>
    [HttpPost("Lock")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> LockDocument(
        string repositoryId, int entryId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LockDocumentRequest? request, CancellationToken cancellationToken)
    {
        var extent = DocumentLocks.ParseExtent(request?.Extent);
        await documents.GetDocumentAsync(entryId, cancellationToken);
        var state = await locks.LockAsync(entryId, this.UserName(), request?.Comment, extent, cancellationToken);
        return LockInfo(entryId, state, null);
    }

    /// <summary>The document's persistent lock; isActive is false when it has none.</summary>
    [HttpGet("Lock")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetDocumentLockInfo(string repositoryId, int entryId, [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken)
    {
        HashSet<string>? members = null;
        if (!string.IsNullOrWhiteSpace(select))
        {
            members = [.. select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            if (members.FirstOrDefault(m => !LockInfoMembers.Contains(m)) is { } unknown)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$select names '{unknown}', which LockInfo does not have ({string.Join(", ", LockInfoMembers)}).");
            }
        }
        await documents.GetDocumentAsync(entryId, cancellationToken);
        return LockInfo(entryId, await locks.FindAsync(entryId, cancellationToken), members);
    }

    /// <summary>Removes the caller's own lock, or with lockToken the lock with that token whoever holds it.</summary>
    [HttpDelete("Lock")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> UnlockDocument(string repositoryId, int entryId, [FromQuery] string? lockToken, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        await locks.UnlockAsync(entryId, this.UserName(), string.IsNullOrEmpty(lockToken) ? null : lockToken, cancellationToken);
        return NoContent();
    }

    /// <summary>Puts the document under version control (version 1); a no-op when it already is.</summary>
    [HttpPost("VersionControl")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> PutUnderVersionControl(string repositoryId, int entryId, CancellationToken cancellationToken) =>
        this.DocumentEntity(repositoryId, await versions.PutUnderVersionControlAsync(entryId, this.UserName(), cancellationToken));

    /// <summary>Checks the document out (it must be under version control), with a persistent lock unless lock is false.</summary>
    [HttpPost("CheckOut")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> CheckOutDocument(
        string repositoryId, int entryId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CheckOutDocumentRequest? request, CancellationToken cancellationToken)
    {
        request ??= new CheckOutDocumentRequest();
        return this.DocumentEntity(repositoryId, await versions.CheckOutAsync(entryId, request.Lock, request.Comment, this.UserName(), cancellationToken));
    }

    /// <summary>Checks the document in as a new version (currentVersion + 1); releases the lock unless unlock is false.</summary>
    [HttpPost("CheckIn")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> CheckInDocument(
        string repositoryId, int entryId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CheckInDocumentRequest? request, CancellationToken cancellationToken)
    {
        request ??= new CheckInDocumentRequest();
        return this.DocumentEntity(repositoryId, await versions.CheckInAsync(entryId, request.Unlock, this.UserName(), cancellationToken));
    }

    /// <summary>Ends the check-out without a new version: the edoc, pages and metadata are put back as they were at check-out, and the lock is released.</summary>
    [HttpPost("UndoCheckOut")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> UndoCheckOut(string repositoryId, int entryId, CancellationToken cancellationToken) =>
        this.DocumentEntity(repositoryId, await versions.UndoCheckOutAsync(entryId, this.UserName(), cancellationToken));

    private JsonBodyResult LockInfo(int entryId, DocumentStateRecord? state, HashSet<string>? select)
    {
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Laserfiche.Repository.LockInfo";
        var active = state?.LockedBy is not null;
        bool Wants(string member) => select is null || select.Contains(member);
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            if (Wants("lockToken")) WriteNullable(w, "lockToken", active ? state!.LockToken : null);
            if (Wants("owner")) WriteNullable(w, "owner", active ? state!.LockedBy : null);
            if (Wants("comment")) WriteNullable(w, "comment", active ? state!.LockComment : null);
            if (Wants("extent")) WriteNullable(w, "extent", active ? state!.LockExtent : null);
            if (Wants("creationTimestampUtc"))
            {
                if (active && state!.LockTicks is { } ticks)
                {
                    w.WriteString("creationTimestampUtc", new DateTime(ticks, DateTimeKind.Utc));
                }
                else
                {
                    w.WriteNull("creationTimestampUtc");
                }
            }
            if (Wants("entryId")) w.WriteNumber("entryId", entryId);
            if (Wants("isActive")) w.WriteBoolean("isActive", active);
            w.WriteEndObject();
        });
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
