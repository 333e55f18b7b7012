using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Documents;

/// <summary>UpdateDocument, UpdateDocumentUploadedParts and GenerateText.</summary>
[ApiController]
[Tags("Entries")]
[Route("v2/Repositories/{repositoryId}/Entries/{entryId:int}/Document")]
public sealed class DocumentUpdatesController(
    DocumentUpdates updates, DocumentStore documents, DocumentLocks locks, UploadStore uploads, TaskQueue tasks, MetadataService metadata, ContentStore content,
    IOptions<DocumentOptions> options, IOptions<JsonOptions> json) : ControllerBase
{
    /// <summary>
    /// Updates the document from the multipart parts <c>file</c> (replaces the edoc, or adds image pages, by
    /// ImportEntry's rules), <c>imageFiles</c> (up to 10 appended as pages, 100 MB together) and <c>request</c>
    /// (an UpdateDocumentRequest whose metadata is added to the document's), all in one change.
    /// </summary>
    [HttpPatch]
    [DisableRequestSizeLimit]
    [DisableFormBinding]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> UpdateDocument(string repositoryId, int entryId, CancellationToken cancellationToken)
    {
        var rules = new FileFormRules("UpdateDocument", TakesFile: true, options.Value.MaxImportBytes, options.Value.MaxRequestPartBytes,
            limit => $"files up to {limit} bytes together can be sent", ProblemCatalog.RequestTooLarge, "added");
        using var form = await MultipartForm.ReadFileFormAsync<UpdateDocumentRequest>(Request, rules, content, json.Value.JsonSerializerOptions, cancellationToken);
        var entry = await updates.UpdateAsync("UpdateDocument", entryId, form.Request ?? new UpdateDocumentRequest(), form.File, form.ImageFiles, this.UserName(), cancellationToken);
        return this.DocumentEntity(repositoryId, entry);
    }

    /// <summary>
    /// Starts a task that assembles the parts uploaded to CreateMultipartUploadUrls's URLs and applies the file to
    /// the document as UpdateDocument applies its <c>file</c>, with the request's metadata.
    /// </summary>
    [HttpPost("UpdateUploadedParts")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> UpdateDocumentUploadedParts(string repositoryId, int entryId, [FromBody] UpdateDocumentUploadedPartsRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.UploadId) || await uploads.FindAsync(request.UploadId, cancellationToken) is not { } session)
        {
            throw new ApiProblemException(ProblemCatalog.UploadNotFound, $"No upload with id '{request.UploadId}' exists (uploads are forgotten once imported).");
        }
        if (request.PartETags is not { Count: > 0 })
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "partETags is required: the ETag of each uploaded part, in part order.");
        }
        await documents.GetDocumentAsync(entryId, cancellationToken);
        var asPages = ImportService.IsPageFile(session.FileName) && !request.ImportAsElectronicDocument;
        await locks.RequireWritableAsync(entryId, asPages ? LockExtent.Page : LockExtent.Edoc, this.UserName(), cancellationToken);
        if (request.Metadata is { IsEmpty: false } m)
        {
            await locks.RequireWritableAsync(entryId, LockExtent.Metadata, this.UserName(), cancellationToken);
            // Bad metadata is refused now rather than after the parts are assembled; the task checks it again.
            await metadata.PrepareUpdateAsync(entryId, m.TemplateName, m.Fields, m.Tags, m.Links, cancellationToken);
        }
        var work = JsonSerializer.Serialize(new ImportUploadedPartsTaskRequest(repositoryId, entryId, false, null, request));
        return this.TaskStarted(await tasks.StartAsync(OperationType.ImportUploadedParts, work, this.TaskOrigin(), cancellationToken));
    }

    /// <summary>Generates the text of the pages: the PDF edoc's embedded text (read by PdfPig), else OCR of the image pages (tesseract).</summary>
    [HttpPost("GenerateText")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GenerateText(string repositoryId, int entryId, CancellationToken cancellationToken) =>
        this.DocumentEntity(repositoryId, await updates.GenerateTextAsync(entryId, this.UserName(), cancellationToken));
}
