using LfRepo.Server.Api;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Documents;

/// <summary>Page edits of a document: CreatePages, ReplacePages, WritePage, MovePages, CopyPages and RotateImagePage.</summary>
[ApiController]
[Tags("Entries")]
[Route("v2/Repositories/{repositoryId}/Entries/{entryId:int}/Document/Pages")]
public sealed class PagesController(PageEditor editor, ContentStore content, IOptions<DocumentOptions> options, IOptions<JsonOptions> json) : ControllerBase
{
    /// <summary>
    /// Creates pages from the multipart parts <c>imageFiles</c> (up to 10, 100 MB together) and <c>request</c>
    /// (a PagesContentRequest whose textPages pair with the image files by index), inserted before pageNumber or
    /// appended; one empty page when neither is given. generateText reads the images' text by OCR (tesseract).
    /// </summary>
    [HttpPost]
    [DisableRequestSizeLimit]
    [DisableFormBinding]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<IActionResult> CreatePages(string repositoryId, int entryId, [FromQuery] int? pageNumber, [FromQuery] bool generateText, CancellationToken cancellationToken) =>
        WithPagesContentAsync("CreatePages", async request =>
            this.DocumentEntity(repositoryId, await editor.CreatePagesAsync(entryId, pageNumber, generateText, request, this.UserName(), cancellationToken)), cancellationToken);

    /// <summary>Deletes every page and creates the pages of the request (same parts and pairing as CreatePages), in one change.</summary>
    [HttpPut]
    [DisableRequestSizeLimit]
    [DisableFormBinding]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public Task<IActionResult> ReplacePages(string repositoryId, int entryId, [FromQuery] bool generateText, CancellationToken cancellationToken) =>
        WithPagesContentAsync("ReplacePages", async request =>
            this.DocumentEntity(repositoryId, await editor.ReplacePagesAsync(entryId, generateText, request, this.UserName(), cancellationToken)), cancellationToken);

    /// <summary>Overwrites the image (multipart part <c>imageFile</c>) and/or the text (<c>request</c>, a WritePageTextRequest) of one page; the other part stays.</summary>
    [HttpPut("{pageNumber:int}")]
    [DisableRequestSizeLimit]
    [DisableFormBinding]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> WritePage(string repositoryId, int entryId, int pageNumber, [FromQuery] bool generateText, CancellationToken cancellationToken)
    {
        var staged = new List<StagedContent>();
        try
        {
            WritePageTextRequest? request = null;
            IncomingFile? imageFile = null;
            await MultipartForm.ReadPartsAsync(Request, "WritePage", async part =>
            {
                switch (part.Name)
                {
                    case "request":
                        request = await MultipartForm.ReadRequestAsync<WritePageTextRequest>(part.Section.Body, options.Value.MaxRequestPartBytes, json.Value.JsonSerializerOptions, cancellationToken);
                        break;
                    case "imageFile":
                        var bytes = await content.StageAsync(part.Section.Body, options.Value.MaxImportBytes, cancellationToken);
                        staged.Add(bytes);
                        imageFile = new IncomingFile(bytes, part.FileName, part.Section.ContentType);
                        break;
                    default:
                        await part.Section.Body.DrainAsync(cancellationToken);
                        break;
                }
            }, cancellationToken);
            if (request is { Text: null })
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "WritePageTextRequest.text is required.");
            }
            var entry = await editor.WritePageAsync(entryId, pageNumber, imageFile, request?.Text, generateText, this.UserName(), cancellationToken);
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

    /// <summary>Moves the pages of pageRange before destinationPageNumber (numbered as before the move).</summary>
    [HttpPost("Move")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> MovePages(string repositoryId, int entryId, [FromBody] MovePagesRequest request, CancellationToken cancellationToken)
    {
        var destination = request.DestinationPageNumber ?? throw Required("destinationPageNumber");
        var entry = await editor.MovePagesAsync(entryId, request.PageRange, destination, this.UserName(), cancellationToken);
        return this.DocumentEntity(repositoryId, entry);
    }

    /// <summary>Copies up to 500 pages into destinationEntryId before destinationPageNumber; answers with the destination document.</summary>
    [HttpPost("Copy")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> CopyPages(string repositoryId, int entryId, [FromBody] CopyPagesRequest request, CancellationToken cancellationToken)
    {
        var destinationEntry = request.DestinationEntryId ?? throw Required("destinationEntryId");
        var destination = request.DestinationPageNumber ?? throw Required("destinationPageNumber");
        var entry = await editor.CopyPagesAsync(entryId, request.PageRange, destinationEntry, destination, this.UserName(), cancellationToken);
        return this.DocumentEntity(repositoryId, entry);
    }

    /// <summary>Turns the page's image clockwise by rotationAngle (0, 90, 180 or 270): width and height swap for 90 and 270.</summary>
    [HttpPost("{pageNumber:int}/Image/Rotate")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> RotateImagePage(string repositoryId, int entryId, int pageNumber, [FromBody] RotateImagePageRequest request, CancellationToken cancellationToken)
    {
        var angle = request.RotationAngle ?? throw Required("rotationAngle");
        var entry = await editor.RotateImagePageAsync(entryId, pageNumber, angle, this.UserName(), cancellationToken);
        return this.DocumentEntity(repositoryId, entry);
    }

    private static ApiProblemException Required(string member) => new(ProblemCatalog.InvalidRequest, $"{member} is required.");

    /// <summary>Reads the <c>request</c> and <c>imageFiles</c> parts of CreatePages and ReplacePages: 413 past 10 files or 100 MB.</summary>
    private async Task<IActionResult> WithPagesContentAsync(string operationId, Func<PagesContent, Task<IActionResult>> handle, CancellationToken cancellationToken)
    {
        var rules = new FileFormRules(operationId, TakesFile: false, options.Value.MaxImportBytes, options.Value.MaxRequestPartBytes,
            limit => $"image files up to {limit} bytes together can be added", ProblemCatalog.RequestTooLarge, "added");
        using var form = await MultipartForm.ReadFileFormAsync<PagesContentRequest>(Request, rules, content, json.Value.JsonSerializerOptions, cancellationToken);
        return await handle(new PagesContent(form.ImageFiles, form.Request?.TextPages ?? []));
    }
}
