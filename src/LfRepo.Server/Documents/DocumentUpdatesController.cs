using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
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
    private const int MaxImageFiles = 10;

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
        var limit = options.Value.MaxImportBytes;
        if (Request.ContentLength > limit + MultipartForm.MaxRequestPartChars)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The request has {Request.ContentLength} bytes; files up to {limit} bytes together can be sent.");
        }
        var staged = new List<StagedContent>();
        try
        {
            UpdateDocumentRequest? request = null;
            IncomingFile? file = null;
            var imageFiles = new List<IncomingFile>();
            await MultipartForm.ReadPartsAsync(Request, "UpdateDocument", async part =>
            {
                switch (part.Name)
                {
                    case "request":
                        request = MultipartForm.ParseRequest<UpdateDocumentRequest>(await MultipartForm.ReadTextAsync(part.Section.Body, cancellationToken), json.Value.JsonSerializerOptions);
                        break;
                    case "file" or "imageFiles":
                        if (part.Name == "imageFiles" && imageFiles.Count == MaxImageFiles)
                        {
                            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"At most {MaxImageFiles} imageFiles can be added at once.");
                        }
                        var bytes = await content.StageAsync(part.Section.Body, limit - staged.Sum(s => s.Length), cancellationToken);
                        staged.Add(bytes);
                        var incoming = new IncomingFile(bytes, part.FileName, part.Section.ContentType);
                        if (part.Name == "file")
                        {
                            file = incoming;
                        }
                        else
                        {
                            imageFiles.Add(incoming);
                        }
                        break;
                    default:
                        await part.Section.Body.DrainAsync(cancellationToken);
                        break;
                }
            }, cancellationToken);
            var entry = await updates.UpdateAsync("UpdateDocument", entryId, request ?? new UpdateDocumentRequest(), file, imageFiles, this.UserName(), cancellationToken);
            return this.DocumentEntity(repositoryId, entry);
        }
        finally
        {
            foreach (var item in staged)
            {
                item.Dispose();
            }
        }
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
