using LfRepo.Server.Api;
using LfRepo.Server.Documents;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.UserAreas;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using LfRepo.Server.Security;

namespace LfRepo.Server.V1;

/// <summary>Body of v1 ExportDocumentWithAuditReason.</summary>
public sealed record GetEdocWithAuditReasonRequest
{
    public int? AuditReasonId { get; init; }

    public string? Comment { get; init; }
}

/// <summary>A document's electronic document and pages in v1, through the DocumentStore and ContentStore v2 uses.</summary>
[ApiController]
[Tags("Entries")]
[Route("v1/Repositories/{repoId}/Entries/{entryId:int}/Laserfiche.Repository.Document")]
public sealed class V1DocumentsController(DocumentStore documents, ContentStore content, MetadataCatalog catalog) : ControllerBase
{
    /// <summary>Returns an entry's edoc resource in a stream format (a Range header answers 206 with that part).</summary>
    [HttpGet("edoc")]
    [EntryRight(EntryRight.Read)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ExportDocument(string repoId, int entryId, [FromServices] RecentEntries recents, CancellationToken cancellationToken)
    {
        var edoc = await EdocAsync(entryId, cancellationToken);
        await recents.DocumentOpenedAsync(this.UserName(), entryId, cancellationToken);
        return edoc;
    }

    /// <summary>Returns the Content-Type and Content-Length of an entry's edoc, without its content.</summary>
    [HttpHead("edoc")]
    [EntryRight(EntryRight.Read)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<IActionResult> GetDocumentContentType(string repoId, int entryId, CancellationToken cancellationToken) =>
        EdocAsync(entryId, cancellationToken);

    /// <summary>Returns an entry's edoc resource in a stream format while including an audit reason.</summary>
    [HttpPost("GetEdocWithAuditReason")]
    [EntryRight(EntryRight.Read)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ExportDocumentWithAuditReason(
        string repoId, int entryId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] GetEdocWithAuditReasonRequest? request, [FromServices] RecentEntries recents,
        CancellationToken cancellationToken)
    {
        if (request?.AuditReasonId is { } reason and not 0 && !catalog.AuditReasons.Any(a => a.Id == reason && a.AuditEventType == AuditEventType.ExportDocument))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidAuditReason, $"Audit reason {reason} does not exist for ExportDocument.");
        }
        var edoc = await EdocAsync(entryId, cancellationToken);
        await recents.DocumentOpenedAsync(this.UserName(), entryId, cancellationToken);
        return edoc;
    }

    /// <summary>Delete the edoc associated with the provided entry ID.</summary>
    [HttpDelete("edoc")]
    [EntryRight(EntryRight.WriteContent)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> DeleteDocument(string repoId, int entryId, CancellationToken cancellationToken)
    {
        await documents.DeleteEdocAsync(entryId, this.UserName(), cancellationToken);
        return True();
    }

    /// <summary>Delete the pages associated with the provided entry ID (all of them without pageRange).</summary>
    [HttpDelete("pages")]
    [EntryRight(EntryRight.RemovePage)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> DeletePages(string repoId, int entryId, [FromQuery] string? pageRange, CancellationToken cancellationToken)
    {
        await documents.DeletePagesAsync(entryId, pageRange, this.UserName(), cancellationToken);
        return True();
    }

    private async Task<IActionResult> EdocAsync(int entryId, CancellationToken cancellationToken)
    {
        var entry = await documents.GetDocumentAsync(entryId, cancellationToken);
        var edoc = await documents.FindEdocAsync(entryId, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"Document {entryId} has no electronic document.");
        var mimeType = string.IsNullOrEmpty(entry.MimeType) ? "application/octet-stream" : entry.MimeType;
        return PhysicalFile(content.PathOf(edoc.Sha256), mimeType, enableRangeProcessing: true);
    }

    private static JsonBodyResult True() => new(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("value", true);
        w.WriteEndObject();
    });
}
