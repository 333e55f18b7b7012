using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Api;
using LfRepo.Server.Documents;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Annotations;

/// <summary>The Annotations operations: a document's page annotations and their attached files and images.</summary>
[ApiController]
[Tags("Annotations")]
[Route("v2/Repositories/{repositoryId}/Entries/{entryId:int}")]
public sealed class AnnotationsController(AnnotationService annotations, EntryAccess access) : ControllerBase
{
    private async Task<AnnotationViewer> ViewerAsync(int entryId, CancellationToken cancellationToken)
    {
        var principal = access.Principal(this.UserName());
        var rights = await access.RightsAsync(principal, entryId, cancellationToken) ?? EntryRight.None;
        return new AnnotationViewer(principal.UserName, principal.Sids.FirstOrDefault(), rights.HasFlag(EntryRight.SeeThroughRedactions));
    }

    /// <summary>Returns every annotation on every page of the document.</summary>
    [HttpGet("Annotations")]
    [EntryRight(EntryRight.SeeAnnotations)]
    public async Task<IActionResult> ListDocumentAnnotations(string repositoryId, int entryId,
        [FromQuery(Name = "$select")] string? select, [FromQuery(Name = "$orderby")] string? orderBy, [FromQuery(Name = "$count")] bool? count, CancellationToken cancellationToken) =>
        Json(AnnotationQuery.Shape(await annotations.ListAsync(entryId, null, await ViewerAsync(entryId, cancellationToken), cancellationToken), select, orderBy));

    /// <summary>Returns the annotations on one page.</summary>
    [HttpGet("Pages/{pageNumber:int}/Annotations")]
    [EntryRight(EntryRight.SeeAnnotations)]
    public async Task<IActionResult> ListPageAnnotations(string repositoryId, int entryId, int pageNumber,
        [FromQuery(Name = "$select")] string? select, [FromQuery(Name = "$orderby")] string? orderBy, [FromQuery(Name = "$count")] bool? count, CancellationToken cancellationToken) =>
        Json(AnnotationQuery.Shape(await annotations.ListAsync(entryId, pageNumber, await ViewerAsync(entryId, cancellationToken), cancellationToken), select, orderBy));

    /// <summary>Returns one annotation.</summary>
    [HttpGet("Pages/{pageNumber:int}/Annotations/{itemId:int}")]
    [EntryRight(EntryRight.SeeAnnotations)]
    public async Task<IActionResult> GetAnnotation(string repositoryId, int entryId, int pageNumber, int itemId,
        [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken) =>
        Json(AnnotationQuery.Select(await annotations.GetAsync(entryId, pageNumber, itemId, await ViewerAsync(entryId, cancellationToken), cancellationToken), select));

    /// <summary>Creates an annotation of the body's annotationType on the page.</summary>
    [HttpPost("Pages/{pageNumber:int}/Annotations")]
    [EntryRight(EntryRight.Annotate)]
    [DocumentWrite(LockExtent.Page)]
    public async Task<IActionResult> CreateAnnotation(string repositoryId, int entryId, int pageNumber, [FromBody] JsonElement request, CancellationToken cancellationToken) =>
        Json(await annotations.CreateAsync(entryId, pageNumber, Body(request), await ViewerAsync(entryId, cancellationToken), cancellationToken));

    /// <summary>Changes the members the body names; the annotationType must match.</summary>
    [HttpPatch("Pages/{pageNumber:int}/Annotations/{itemId:int}")]
    [EntryRight(EntryRight.Annotate)]
    [DocumentWrite(LockExtent.Page)]
    public async Task<IActionResult> UpdateAnnotation(string repositoryId, int entryId, int pageNumber, int itemId, [FromBody] JsonElement request, CancellationToken cancellationToken) =>
        Json(await annotations.UpdateAsync(entryId, pageNumber, itemId, Body(request), await ViewerAsync(entryId, cancellationToken), cancellationToken));

    [HttpDelete("Pages/{pageNumber:int}/Annotations/{itemId:int}")]
    [EntryRight(EntryRight.Annotate)]
    [DocumentWrite(LockExtent.Page)]
    public async Task<IActionResult> DeleteAnnotation(string repositoryId, int entryId, int pageNumber, int itemId, CancellationToken cancellationToken)
    {
        await annotations.DeleteAsync(entryId, pageNumber, itemId, cancellationToken);
        return NoContent();
    }

    /// <summary>Streams an attachment annotation's file.</summary>
    [HttpGet("Pages/{pageNumber:int}/Annotations/{itemId:int}/Attachment")]
    [EntryRight(EntryRight.SeeAnnotations)]
    public async Task<IActionResult> GetAnnotationAttachment(string repositoryId, int entryId, int pageNumber, int itemId, [FromQuery(Name = "$select")] string? select, CancellationToken cancellationToken)
    {
        var (bytes, contentType, fileName) = await annotations.AttachmentAsync(entryId, pageNumber, itemId, cancellationToken);
        return File(bytes, contentType, fileName);
    }

    [HttpPut("Pages/{pageNumber:int}/Annotations/{itemId:int}/Attachment")]
    [EntryRight(EntryRight.Annotate)]
    [DocumentWrite(LockExtent.Page)]
    public async Task<IActionResult> UploadAnnotationAttachment(string repositoryId, int entryId, int pageNumber, int itemId, IFormFile? file, CancellationToken cancellationToken)
    {
        await annotations.UploadContentAsync(entryId, pageNumber, itemId, "Attachment", file, cancellationToken);
        return NoContent();
    }

    [HttpPut("Pages/{pageNumber:int}/Annotations/{itemId:int}/Image")]
    [EntryRight(EntryRight.Annotate)]
    [DocumentWrite(LockExtent.Page)]
    public async Task<IActionResult> UploadAnnotationImage(string repositoryId, int entryId, int pageNumber, int itemId, IFormFile? file, CancellationToken cancellationToken)
    {
        await annotations.UploadContentAsync(entryId, pageNumber, itemId, "Bitmap", file, cancellationToken);
        return NoContent();
    }

    private static JsonObject? Body(JsonElement request) =>
        request.ValueKind == JsonValueKind.Object ? JsonNode.Parse(request.GetRawText())!.AsObject()
        : throw new ApiProblemException(ProblemCatalog.InvalidAnnotation, "The request body must be a JSON annotation object.");

    private static ContentResult Json(JsonNode node) => new() { Content = node.ToJsonString(), ContentType = "application/json; charset=utf-8", StatusCode = 200 };
}

/// <summary>The reasons redactions may name.</summary>
[ApiController]
[Tags("AnnotationReasons")]
[Route("v2/Repositories/{repositoryId}/AnnotationReasons")]
public sealed class AnnotationReasonsController(AnnotationReasons reasons) : ControllerBase
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    [HttpGet]
    public async Task<IActionResult> ListAnnotationReasons(string repositoryId,
        [FromQuery(Name = "$select")] string? select, [FromQuery(Name = "$orderby")] string? orderBy, [FromQuery(Name = "$count")] bool? count, CancellationToken cancellationToken)
    {
        var items = (await reasons.ListAsync(cancellationToken)).Select(r => JsonSerializer.SerializeToNode(r, Wire)!.AsObject()).ToList();
        return Content(AnnotationQuery.Shape(items, select, orderBy).ToJsonString(), "application/json; charset=utf-8");
    }

    [HttpPost]
    [AdministratorsOnly]
    public async Task<IActionResult> CreateAnnotationReason(string repositoryId, [FromBody] AnnotationReasonRequest? request, CancellationToken cancellationToken) =>
        Ok(await reasons.CreateAsync(request, cancellationToken));

    [HttpPatch("{reasonId:int}")]
    [AdministratorsOnly]
    public async Task<IActionResult> UpdateAnnotationReason(string repositoryId, int reasonId, [FromBody] AnnotationReasonRequest? request, CancellationToken cancellationToken) =>
        Ok(await reasons.UpdateAsync(reasonId, request, cancellationToken));

    [HttpDelete("{reasonId:int}")]
    [AdministratorsOnly]
    public async Task<IActionResult> DeleteAnnotationReason(string repositoryId, int reasonId, [FromQuery] bool? force, CancellationToken cancellationToken)
    {
        await reasons.DeleteAsync(reasonId, force ?? false, cancellationToken);
        return NoContent();
    }
}
