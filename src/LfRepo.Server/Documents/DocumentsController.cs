using System.Text;
using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Tasks;
using LfRepo.Server.UserAreas;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using LfRepo.Server.Security;

namespace LfRepo.Server.Documents;

[ApiController]
[Tags("Entries")]
[Route("v2/Repositories/{repositoryId}/Entries")]
public sealed class DocumentsController(
    ImportService imports,
    ExportService exports,
    DocumentStore documents,
    PageImages pages,
    UploadStore uploads,
    EntryReader reader,
    ContentStore content,
    TaskQueue tasks,
    MetadataService metadata,
    MetadataCatalog catalog,
    IOptions<DocumentOptions> options,
    IOptions<JsonOptions> json) : ControllerBase
{
    /// <summary>Creates a document from an uploaded file (multipart parts <c>file</c>, <c>request</c>, <c>imageFiles</c>).</summary>
    [HttpPost("{entryId:int}/Folder/Import")]
    [EntryRight(EntryRight.CreateDocument)]
    [DisableRequestSizeLimit]
    [DisableFormBinding]
    [ProducesResponseType(StatusCodes.Status201Created)]
    public async Task<IActionResult> ImportEntry(string repositoryId, int entryId, [FromQuery] bool autoCreateFolderPath, CancellationToken cancellationToken)
    {
        var rules = new FileFormRules("ImportEntry", TakesFile: true, options.Value.MaxImportBytes, MultipartForm.MaxRequestPartBytes,
            limit => $"files up to {limit} bytes can be imported", ProblemCatalog.InvalidRequest, "imported");
        using var form = await MultipartForm.ReadFileFormAsync<ImportEntryRequest>(Request, rules, content, json.Value.JsonSerializerOptions, cancellationToken);
        var request = form.Request
            ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The multipart part 'request' (the ImportEntryRequest as JSON) is missing.");
        var entry = await imports.ImportAsync(entryId, autoCreateFolderPath, request, form.File, form.ImageFiles, this.UserName(), cancellationToken);
        var location = this.EntryUri(repositoryId, entry.Id);
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Repositories('{repositoryId}')/Entries/Laserfiche.Repository.Document/$entity";
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context), StatusCodes.Status201Created, location);
    }

    /// <summary>Requests URLs to upload the parts of a large file to (then StartImportUploadedParts).</summary>
    [HttpPost("CreateMultipartUploadUrls")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> CreateMultipartUploadUrls(string repositoryId, [FromBody] CreateMultipartUploadUrlsRequest request, CancellationToken cancellationToken)
    {
        var (session, parts) = await uploads.CreateUrlsAsync(request, cancellationToken);
        var baseUrl = NextLink.Base(Request);
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", $"{baseUrl}/v2/$metadata#Laserfiche.Repository.CreateMultipartUploadUrlsResponse");
            w.WriteString("uploadId", session.Id);
            w.WriteStartArray("urls");
            foreach (var part in parts)
            {
                w.WriteStringValue($"{baseUrl}/lfrepo/uploads/{session.Id}/{part}");
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Starts a task that assembles the uploaded parts and imports them as a document.</summary>
    [HttpPost("{entryId:int}/Folder/ImportUploadedParts")]
    [EntryRight(EntryRight.CreateDocument)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> StartImportUploadedParts(
        string repositoryId, int entryId, [FromQuery] bool autoCreateFolderPath, [FromBody] StartImportUploadedPartsRequest request, CancellationToken cancellationToken)
    {
        ImportService.CheckRequest(request);
        if (string.IsNullOrEmpty(request.UploadId) || await uploads.FindAsync(request.UploadId, cancellationToken) is null)
        {
            throw new ApiProblemException(ProblemCatalog.UploadNotFound, $"No upload with id '{request.UploadId}' exists (uploads are forgotten once imported).");
        }
        if (request.PartETags is not { Count: > 0 })
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "partETags is required: the ETag of each uploaded part, in part order.");
        }
        EntryService.RequireFolder(await reader.GetAsync(entryId, cancellationToken));
        if (request.Metadata is { IsEmpty: false } m)
        {
            // Bad metadata is refused now rather than after the parts are assembled; the task checks it again.
            await metadata.PrepareNewEntryAsync(m.TemplateName, m.Fields, m.Tags, m.Links, cancellationToken);
        }
        var work = JsonSerializer.Serialize(new ImportUploadedPartsTaskRequest(repositoryId, entryId, autoCreateFolderPath, request));
        return this.TaskStarted(await tasks.StartAsync(OperationType.ImportUploadedParts, work, this.TaskOrigin(), cancellationToken));
    }

    /// <summary>Exports a document part and answers with a single-use download link.</summary>
    [HttpPost("{entryId:int}/Export")]
    [EntryRight(EntryRight.Read)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ExportEntry(
        string repositoryId, int entryId, [FromQuery] string? pageRange, [FromBody] ExportEntryRequest request, [FromServices] RecentEntries recents, CancellationToken cancellationToken)
    {
        catalog.RequireAuditReason(request.AuditReasonId, AuditEventType.ExportDocument);
        var token = await exports.ExportAsync(entryId, request, pageRange, this.UserName(), cancellationToken);
        await recents.DocumentOpenedAsync(this.UserName(), entryId, cancellationToken);
        var link = DownloadUri(NextLink.Base(Request), token);
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Repositories('{repositoryId}')/Entries({entryId})/Export";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteString("value", link);
            w.WriteEndObject();
        });
    }

    /// <summary>Starts a task that exports a document part; its result uri is the download link.</summary>
    [HttpPost("{entryId:int}/ExportAsync")]
    [EntryRight(EntryRight.Read)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> StartExportEntry(
        string repositoryId, int entryId, [FromQuery] string? pageRange, [FromBody] ExportEntryRequest request, [FromServices] RecentEntries recents, CancellationToken cancellationToken)
    {
        catalog.RequireAuditReason(request.AuditReasonId, AuditEventType.ExportDocument);
        ExportService.Check(request);
        PageRange.Select(pageRange, 0);
        await documents.GetDocumentAsync(entryId, cancellationToken);
        await recents.DocumentOpenedAsync(this.UserName(), entryId, cancellationToken);
        var work = JsonSerializer.Serialize(new ExportTaskRequest(entryId, pageRange, request));
        return this.TaskStarted(await tasks.StartAsync(OperationType.ExportEntry, work, this.TaskOrigin(), cancellationToken));
    }

    /// <summary>Removes the electronic document of a document; answers with the updated entry.</summary>
    [HttpDelete("{entryId:int}/Document/Edoc")]
    [EntryRight(EntryRight.WriteContent)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> DeleteElectronicDocument(string repositoryId, int entryId, CancellationToken cancellationToken)
    {
        var entry = await documents.DeleteEdocAsync(entryId, this.UserName(), cancellationToken);
        return Entity(repositoryId, entry);
    }

    /// <summary>Removes pages of a document (all without pageRange); answers with the updated entry.</summary>
    [HttpDelete("{entryId:int}/Document/Pages")]
    [EntryRight(EntryRight.RemovePage)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> DeletePages(string repositoryId, int entryId, [FromQuery] string? pageRange, CancellationToken cancellationToken)
    {
        var entry = await documents.DeletePagesAsync(entryId, pageRange, this.UserName(), cancellationToken);
        return Entity(repositoryId, entry);
    }

    /// <summary>Lists the pages of a document (all, or those of pageRange), 150 a page by default.</summary>
    [HttpGet("{entryId:int}/Document/Pages")]
    [EntryRight(EntryRight.Read)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ListPageInfos(string repositoryId, int entryId, [FromQuery] string? pageRange, CancellationToken cancellationToken)
    {
        var query = ListQueryParser.Parse(PageInfoEdm.ListPageInfos, Request.Query, Request.Headers["Prefer"]);
        await documents.GetDocumentAsync(entryId, cancellationToken);
        var all = await documents.ListPageSizesAsync(entryId, cancellationToken);
        // Listing names pages that must exist (the official suites expect a 400 for 1-10 of a 2-page document).
        var selected = string.IsNullOrWhiteSpace(pageRange) ? PageRange.Select(null, all.Count) : PageRange.SelectExisting(pageRange, all.Count);
        var rows = selected.Skip(query.Offset).Take(query.Take).Select(n => all[n - 1]).ToList();
        var next = query.NextPage(rows.Count, query.Offset + rows.Count < selected.Count) is { } token ? NextLink.Build(Request, token) : null;
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Collection(Laserfiche.Repository.PageInfo)";
        bool Wants(string member) => query.Select is null || query.Select.Contains(member);
        return CollectionResult.Create(context, query.Count ? selected.Count : null, next, w =>
        {
            foreach (var (page, imageSize, textSize) in rows)
            {
                w.WriteStartObject();
                if (Wants("entryId")) w.WriteNumber("entryId", entryId);
                if (Wants("pageId")) w.WriteNumber("pageId", page.Id);
                if (Wants("pageNumber")) w.WriteNumber("pageNumber", page.PageNumber);
                if (Wants("hasImage")) w.WriteBoolean("hasImage", page.ImageSha256 is not null);
                if (Wants("hasText")) w.WriteBoolean("hasText", page.TextSha256 is not null);
                if (Wants("hasThumbnail")) w.WriteBoolean("hasThumbnail", false);
                if (Wants("hasWordLocations")) w.WriteBoolean("hasWordLocations", false);
                if (Wants("imageRotationAngle")) w.WriteNumber("imageRotationAngle", 0);
                if (Wants("imageDataSize")) w.WriteNumber("imageDataSize", imageSize);
                if (Wants("textDataSize")) w.WriteNumber("textDataSize", textSize);
                if (Wants("locationsDataSize")) w.WriteNumber("locationsDataSize", 0);
                if (Wants("thumbnailDataSize")) w.WriteNumber("thumbnailDataSize", 0);
                if (Wants("imageDepth")) w.WriteNumber("imageDepth", page.ImageSha256 is null ? 0 : 24);
                if (Wants("imageHeight")) w.WriteNumber("imageHeight", page.Height);
                if (Wants("imageWidth")) w.WriteNumber("imageWidth", page.Width);
                if (Wants("imageXResolution")) w.WriteNumber("imageXResolution", page.ImageSha256 is null ? 0 : 72);
                if (Wants("imageYResolution")) w.WriteNumber("imageYResolution", page.ImageSha256 is null ? 0 : 72);
                w.WriteEndObject();
            }
        });
    }

    /// <summary>Returns the image of a page in the form it was stored (a single frame of a multi-page TIFF as its own TIFF).</summary>
    [HttpGet("{entryId:int}/Document/Pages/{pageNumber:int}/Image")]
    [EntryRight(EntryRight.Read)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetPageImage(
        string repositoryId, int entryId, int pageNumber, [FromServices] RecentEntries recents, [FromServices] IPageRedactions redactions, CancellationToken cancellationToken)
    {
        var page = await PageAsync(entryId, pageNumber, cancellationToken);
        var (image, contentType) = pages.OpenImage(page, await redactions.ForPageAsync(page.Id, cancellationToken), cancellationToken);
        await recents.DocumentOpenedAsync(this.UserName(), entryId, cancellationToken);
        return File(image, contentType);
    }

    /// <summary>Returns the text of a page.</summary>
    [HttpGet("{entryId:int}/Document/Pages/{pageNumber:int}/Text")]
    [EntryRight(EntryRight.Read)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetPageText(
        string repositoryId, int entryId, int pageNumber, [FromServices] IPageRedactions redactions, CancellationToken cancellationToken)
    {
        var page = await PageAsync(entryId, pageNumber, cancellationToken);
        string? text = null;
        if (page.TextSha256 is { } sha)
        {
            using var reader = new StreamReader(content.OpenRead(sha), Encoding.UTF8);
            text = IPageRedactions.Cover(await reader.ReadToEndAsync(cancellationToken), await redactions.TextSpansAsync(page.Id, cancellationToken), 'X');
        }
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Laserfiche.Repository.PageTextResponse";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteString("text", text ?? "");
            w.WriteEndObject();
        });
    }

    private async Task<PageRecord> PageAsync(int entryId, int pageNumber, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        var all = await documents.ListPagesAsync(entryId, cancellationToken);
        return pageNumber >= 1 && pageNumber <= all.Count
            ? all[pageNumber - 1]
            : throw new ApiProblemException(ProblemCatalog.PageNotFound, $"Document {entryId} has {all.Count} page(s); there is no page {pageNumber}.");
    }

    public static string DownloadUri(string baseUrl, string token) => $"{baseUrl}/lfrepo/downloads/{token}";

    private IActionResult Entity(string repositoryId, EntryRecord entry) => this.DocumentEntity(repositoryId, entry);
}
