using System.Data.Common;
using System.Text;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Entries;
using LfRepo.Server.Hosting;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Documents;

/// <summary>What imported files make of a document: its pages, its edoc (null for none), the edoc's extension and media type.</summary>
public sealed record ImportedContent(List<NewPage> Pages, StagedContent? Edoc, string Extension, string MimeType);

/// <summary>A file that arrived for import: its staged bytes, its name and the media type the client sent.</summary>
public sealed record IncomingFile(StagedContent Content, string FileName, string? ContentType);

/// <summary>
/// Turns an imported file into a document: image and text files become pages (every frame of a multi-page TIFF,
/// text split at form feeds), anything else the electronic document; PDFs may also get one page per PDF page.
/// </summary>
public sealed class ImportService(
    ContentStore content,
    IStoreDialect dialect,
    EntryService entries,
    MetadataService metadata,
    TimeProvider clock,
    IOptions<EmulatorOptions> emulator,
    IOptions<DocumentOptions> documents)
{
    private static readonly HashSet<string> PageExtensions = new(StringComparer.OrdinalIgnoreCase) { "txt", "tif", "tiff", "bmp", "pcx", "jpg", "jpeg", "gif", "png", "webp" };
    private static readonly FileExtensionContentTypeProvider MimeTypes = new();
    private const int MaxNameAttempts = 8;

    /// <summary>Checks what can be checked before the file is read: the name and the parts LfRepo does not support.</summary>
    public static void CheckRequest(ImportEntryRequest request)
    {
        EntryNames.Validate(request.Name);
    }

    public async Task<EntryRecord> ImportAsync(
        int folderId, bool autoCreateFolderPath, ImportEntryRequest request, IncomingFile? file, IReadOnlyList<IncomingFile> imageFiles, string user,
        CancellationToken cancellationToken)
    {
        CheckRequest(request);
        var name = EntryNames.Validate(request.Name);
        // Metadata is checked before anything is created, and written in the transaction that creates the document;
        // definitions stay as they were checked against until then.
        await using var hold = request.Metadata is { IsEmpty: false } ? await metadata.HoldDefinitionsAsync(cancellationToken) : null;
        var prepared = request.Metadata is { IsEmpty: false } m
            ? await metadata.PrepareNewEntryAsync(m.TemplateName, m.Fields, m.Tags, m.Links, cancellationToken)
            : null;
        var folder = await entries.ResolveFolderAsync(folderId, request.FolderPath, autoCreateFolderPath, user, cancellationToken);

        var staged = new List<StagedContent>();
        try
        {
            return await ImportFilesAsync(folder, name, request, prepared, file, imageFiles, user, staged, cancellationToken);
        }
        finally
        {
            // Text pages are staged here; whatever was not committed leaves the staging folder.
            foreach (var item in staged)
            {
                item.Dispose();
            }
        }
    }

    private async Task<EntryRecord> ImportFilesAsync(
        EntryRecord folder, string name, ImportEntryRequest request, PreparedMetadata? prepared, IncomingFile? file, IReadOnlyList<IncomingFile> imageFiles,
        string user, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        var (pages, edoc, extension, mimeType) = await ContentOfAsync(file, imageFiles, request.ImportAsElectronicDocument, request.PdfOptions, staged, cancellationToken);

        CheckPageCount(pages.Count);
        var now = clock.GetUtcNow().UtcTicks;
        var record = new EntryRecord
        {
            ParentId = folder.Id,
            Name = name,
            NameKey = EntryNames.Key(name),
            FullPath = "",
            EntryType = EntryType.Document,
            Creator = user,
            CreationTicks = now,
            LastModifiedTicks = now,
            VolumeName = string.IsNullOrWhiteSpace(request.VolumeName) ? (folder.ParentId is null ? emulator.Value.DefaultVolumeName : folder.VolumeName) : request.VolumeName,
            Extension = extension,
            MimeType = mimeType,
            ElectronicDocumentSize = edoc?.Length ?? 0,
            IsElectronicDocument = edoc is not null,
            PageCount = pages.Count,
            TemplateId = prepared?.Template?.Id ?? 0,
            TemplateName = prepared?.Template?.Name ?? "",
        };
        // Only what the document references enters the store: a text file lives on as its pages, a PDF without
        // keepPdfAfterImport as its page images.
        var referenced = pages.SelectMany(p => new[] { p.ImageSha256, p.TextSha256 }).Append(edoc?.Sha256).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var kept = staged.Where(s => referenced.Contains(s.Sha256)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await content.CommitAsync(kept, async (connection, transaction) =>
                {
                    var chosen = await EntrySql.ChooseNameAsync(connection, transaction, folder.Id, name, request.AutoRename, null, cancellationToken);
                    record.Name = chosen;
                    record.NameKey = EntryNames.Key(chosen);
                    record.FullPath = EntryRecord.ChildPath(folder.FullPath, chosen);
                    record.Id = await EntrySql.InsertAsync(connection, dialect, record, cancellationToken, transaction);
                    if (edoc is not null)
                    {
                        await DocumentStore.InsertEdocAsync(connection, transaction, record.Id, edoc.Sha256, cancellationToken);
                    }
                    await DocumentStore.InsertPagesAsync(connection, transaction, record.Id, 1, pages, cancellationToken);
                    if (prepared is not null)
                    {
                        await metadata.WriteNewEntryAsync(connection, transaction, record.Id, prepared, cancellationToken);
                    }
                    return record;
                }, cancellationToken);
            }
            catch (DbException ex) when (entries.IsNameTaken(ex))
            {
                // Another request took the name between our check and our insert.
                if (!request.AutoRename || attempt == MaxNameAttempts)
                {
                    throw EntrySql.Conflict(record.Name, folder);
                }
            }
        }
    }

    /// <summary>
    /// What imported files make of a document, by ImportEntry's rules (UpdateDocument applies the same): an image or
    /// text <paramref name="file"/> becomes pages unless <paramref name="importAsElectronicDocument"/>, anything else
    /// the edoc (with PDF pages and text when <paramref name="pdf"/> asks); <paramref name="imageFiles"/> add pages.
    /// </summary>
    public async Task<ImportedContent> ContentOfAsync(
        IncomingFile? file, IReadOnlyList<IncomingFile> imageFiles, bool importAsElectronicDocument, ImportEntryRequestPdfOptions? pdf, List<StagedContent> staged,
        CancellationToken cancellationToken)
    {
        var pages = new List<NewPage>();
        StagedContent? edoc = null;
        string extension = "", mimeType = "";
        if (file is { Content.Length: > 0 })
        {
            staged.Add(file.Content);
            extension = Path.GetExtension(file.FileName).TrimStart('.').ToLowerInvariant();
            if (PageExtensions.Contains(extension) && !importAsElectronicDocument)
            {
                extension = "";
                pages.AddRange(await PagesOfAsync(file, staged, cancellationToken));
            }
            else
            {
                edoc = file.Content;
                mimeType = MimeTypeOf(file, extension);
                if (pdf is not null && (pdf.GeneratePages || pdf.GenerateText))
                {
                    var pdfPages = PdfPagesOf(file, extension, PdfPageFormat.For(pdf.GeneratePagesImageType));
                    var texts = pdf.GenerateText ? await PdfTextAsync(file.Content.Path, file.FileName, pdfPages.Count, staged, cancellationToken) : null;
                    // With generateText alone each PDF page becomes a text page; with generatePages too, its text goes with its image.
                    pages.AddRange(pdfPages.Select((page, i) => pdf.GeneratePages
                        ? page with { TextSha256 = texts?[i] }
                        : new NewPage(null, "", 0, 0, 0, texts![i])));
                    if (!pdf.KeepPdfAfterImport)
                    {
                        edoc = null;
                        extension = "";
                        mimeType = "";
                    }
                }
            }
        }
        foreach (var image in imageFiles)
        {
            pages.AddRange(await ImageFilePagesAsync(image, staged, cancellationToken));
        }

        return new ImportedContent(pages, edoc, extension, mimeType);
    }

    /// <summary>The pages of one of the <c>imageFiles</c>: an image or text file (400 for anything else).</summary>
    public async Task<List<NewPage>> ImageFilePagesAsync(IncomingFile image, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        if (!IsPageFile(image.FileName))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFile, $"imageFiles takes image files ({string.Join(", ", PageExtensions)}); '{image.FileName}' is not one.");
        }
        staged.Add(image.Content);
        return await PagesOfAsync(image, staged, cancellationToken);
    }

    /// <summary>Whether a file of this name becomes pages (an image or text file) rather than an edoc.</summary>
    public static bool IsPageFile(string fileName) => PageExtensions.Contains(Path.GetExtension(fileName).TrimStart('.'));

    private static string MimeTypeOf(IncomingFile file, string extension)
    {
        if (!string.IsNullOrWhiteSpace(file.ContentType) && file.ContentType != "application/octet-stream")
        {
            return file.ContentType.Split(';')[0].Trim();
        }
        return MimeTypes.TryGetContentType("x." + extension, out var type) ? type : "application/octet-stream";
    }

    /// <summary>The pages of an image or text file.</summary>
    private async Task<List<NewPage>> PagesOfAsync(IncomingFile file, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        if (Path.GetExtension(file.FileName).Equals(".txt", StringComparison.OrdinalIgnoreCase))
        {
            return await TextPagesAsync(file.Content, staged, cancellationToken);
        }
        await using var stream = File.OpenRead(file.Content.Path);
        try
        {
            var image = ImageFiles.Probe(stream);
            // Every frame is decoded once here, so a file that only starts like an image is refused now rather
            // than failing each later export.
            // (A format kept only as it is, with no decoder, is not decoded.)
            for (var frame = 0; frame < image.Frames.Count; frame++)
            {
                stream.Position = 0;
                try
                {
                    ImageFiles.Decode(stream, image.Format, frame);
                }
                catch (UnsupportedImageException)
                {
                    break;
                }
            }
            return [.. image.Frames.Select((f, i) => new NewPage(file.Content.Sha256, image.Format, i, f.Width, f.Height, null))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ApiProblemException)
        {
            var reason = ex is InvalidImageException or EndOfStreamException ? ex.Message : "its image data cannot be decoded.";
            throw new ApiProblemException(ProblemCatalog.InvalidFile, $"'{file.FileName}' cannot be imported as image pages: {reason}");
        }
    }

    /// <summary>One text page per form-feed-separated part of the file, streamed into the content store.</summary>
    private async Task<List<NewPage>> TextPagesAsync(StagedContent file, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        var pages = new List<NewPage>();
        using var text = new StreamReader(file.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[8192];
        var utf8 = new UTF8Encoding(false);
        var writer = content.CreateWriter();
        var page = new StreamWriter(writer, utf8, 8192, leaveOpen: true);
        try
        {
            int read;
            while ((read = await text.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != '\f')
                    {
                        continue;
                    }
                    await page.WriteAsync(buffer.AsMemory(start, i - start), cancellationToken);
                    pages.Add(await FinishTextPageAsync(page, writer, staged, cancellationToken));
                    CheckPageCount(pages.Count + 1);
                    writer = content.CreateWriter();
                    page = new StreamWriter(writer, utf8, 8192, leaveOpen: true);
                    start = i + 1;
                }
                await page.WriteAsync(buffer.AsMemory(start, read - start), cancellationToken);
            }
            pages.Add(await FinishTextPageAsync(page, writer, staged, cancellationToken));
            return pages;
        }
        finally
        {
            await page.DisposeAsync();
            await writer.DisposeAsync();
        }
    }

    private void CheckPageCount(int count)
    {
        if (count > documents.Value.MaxImportPages)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFile,
                $"The import would create {count} or more pages; one import creates at most {documents.Value.MaxImportPages} (LfRepo:Documents:MaxImportPages).");
        }
    }

    private static async Task<NewPage> FinishTextPageAsync(StreamWriter page, StageWriter writer, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        await page.FlushAsync(cancellationToken);
        var done = await writer.FinishAsync(cancellationToken);
        staged.Add(done);
        return new NewPage(null, "", 0, 0, 0, done.Sha256);
    }

    /// <summary>The text of each page of a PDF (read by PdfPig), staged as text pages.</summary>
    public async Task<List<string?>> PdfTextAsync(string path, string fileName, int pageCount, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        List<string> texts;
        await using (var pdf = File.OpenRead(path))
        {
            try
            {
                texts = PdfFiles.PageTexts(pdf, cancellationToken);
            }
            catch (UnreadablePdfException ex)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFile, $"The text of '{fileName}' cannot be extracted: {ex.Message}");
            }
        }
        var result = new List<string?>(pageCount);
        for (var i = 0; i < pageCount; i++)
        {
            if (i >= texts.Count)
            {
                result.Add(null);
                continue;
            }
            var text = await content.StageAsync(new MemoryStream(new UTF8Encoding(false).GetBytes(texts[i])), long.MaxValue, cancellationToken);
            staged.Add(text);
            result.Add(text.Sha256);
        }
        return result;
    }

    /// <summary>One page per page of a PDF edoc, each a reference to its page of the PDF.</summary>
    private static List<NewPage> PdfPagesOf(IncomingFile file, string extension, string imageFormat)
    {
        using var stream = File.OpenRead(file.Content.Path);
        if (!PdfFiles.IsPdf(stream))
        {
            if (extension.Equals("pdf", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFile, $"'{file.FileName}' cannot be read as a PDF: it has no PDF header.");
            }
            throw new ApiProblemException(ProblemCatalog.NotImplemented,
                $"ImportEntry: pdfOptions.generatePages renders pages from PDF files only; '{file.FileName}' ({extension}) is not a PDF.");
        }
        try
        {
            return [.. PdfFiles.PageSizes(stream).Select((p, i) => new NewPage(file.Content.Sha256, imageFormat, i, (int)Math.Round(p.Width), (int)Math.Round(p.Height), null))];
        }
        catch (UnreadablePdfException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFile, $"'{file.FileName}' cannot be read as a PDF: {ex.Message}");
        }
    }
}
