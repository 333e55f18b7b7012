using LfRepo.Server.Entries;
using System.IO.Compression;
using System.Text;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Documents;

/// <summary>
/// Writes the part of a document an export asks for (edoc, text or page images in one of five formats) to a file
/// behind a download link. Pages keep the form they came in, so an image format is produced by passing bytes
/// through where the formats agree, and by decoding and re-encoding where LfRepo has the codec; the rest answers
/// 501 naming the conversion (docs/compatibility.md lists them).
/// </summary>
public sealed class ExportService(DocumentStore documents, ContentStore content, DownloadLinks links, PageRasterizer rasterizer, IPageRedactions redactions)
{
    private const int MaxPagePrefixLength = 10;

    /// <summary>
    /// What is drawn over the images of the pages being exported (pages with nothing are absent): the annotations the
    /// user may see when the request includes them, and on top of them the redactions.
    /// </summary>
    private Dictionary<int, (IReadOnlyList<PageMark> Marks, IReadOnlyList<PageBox> Boxes)> covers = [];

    /// <summary>Checks the request before anything is written (also before an async export is queued).</summary>
    public static void Check(ExportEntryRequest request)
    {
        if (request.Part is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "part is required: Image, Text or Edoc.");
        }
        if (request.ImageOptions is { } image)
        {
            if (image.JpegCompressionLevel is < 0 or > 100)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "imageOptions.jPEGCompressionLevel must be between 0 and 100.");
            }
            if (image.PagePrefix is { } prefix && (prefix.Length > MaxPagePrefixLength || prefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || prefix.IndexOfAny(['\\', ':', '*', '?', '"', '<', '>', '|']) >= 0))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"imageOptions.pagePrefix must have at most {MaxPagePrefixLength} characters, all valid in file names.");
            }
            if (image.Watermark is { } watermark)
            {
                if (string.IsNullOrWhiteSpace(watermark.Text) || watermark.Text.Length > 100)
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidRequest, "imageOptions.watermark.text must have 1 to 100 characters and not be all whitespace.");
                }
                if (watermark.RotationAngle is < 0 or > 360)
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidRequest, "imageOptions.watermark.rotationAngle must be between 0 and 360.");
                }
                if (watermark.PageSpanPercentage is < 1 or > 100)
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidRequest, "imageOptions.watermark.pageSpanPercentage must be between 1 and 100.");
                }
            }
        }
        if (request.TextOptions?.RedactionCharacter is { } redaction && (redaction.Length != 1 || char.IsWhiteSpace(redaction[0])))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "textOptions.redactionCharacter must be one character that is not whitespace.");
        }
    }

    /// <summary>Exports as <paramref name="user"/> and returns the download token, bound to that user.</summary>
    public async Task<string> ExportAsync(int entryId, ExportEntryRequest request, string? pageRange, string user, CancellationToken cancellationToken)
    {
        Check(request);
        var entry = await documents.GetDocumentAsync(entryId, cancellationToken);
        var path = links.NewFilePath();
        try
        {
            var (contentType, extension) = request.Part switch
            {
                ExportEntryRequestPart.Edoc => await ExportEdocAsync(entry, path, cancellationToken),
                ExportEntryRequestPart.Text => await ExportTextAsync(entry, pageRange, (request.TextOptions?.RedactionCharacter ?? "X")[0],
                    await RedactsAsync(entry.Id, request.TextOptions?.IncludeRedactions ?? true, user, cancellationToken), path, cancellationToken),
                _ => await ExportImageAsync(entry, request.ImageOptions ?? new ExportEntryRequestImageOptions(), pageRange, user, path, cancellationToken),
            };
            var fileName = extension.Length == 0 ? SafeFileName(entry.Name) : $"{SafeFileName(entry.Name)}.{extension}";
            return await links.RegisterAsync(path, contentType, fileName, user, entry.Id, cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Whether the export covers what redactions hide: always, unless the request leaves redactions out and the user
    /// may see through them (for anyone else the redactions stay, as everywhere they look).
    /// </summary>
    private async Task<bool> RedactsAsync(int entryId, bool includeRedactions, string user, CancellationToken cancellationToken) =>
        includeRedactions || !await redactions.SeesThroughAsync(entryId, user, cancellationToken);

    private async Task<(string, string)> ExportEdocAsync(EntryRecord entry, string path, CancellationToken cancellationToken)
    {
        var edoc = await documents.FindEdocAsync(entry.Id, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"Document {entry.Id} has no electronic document to export.");
        await using (var source = content.OpenRead(edoc.Sha256))
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(target, cancellationToken);
        }
        return (string.IsNullOrEmpty(entry.MimeType) ? "application/octet-stream" : entry.MimeType, entry.Extension);
    }

    /// <summary>The text of the selected pages, pages separated by form feeds (as text files are imported).</summary>
    private async Task<(string, string)> ExportTextAsync(EntryRecord entry, string? pageRange, char cover, bool redact, string path, CancellationToken cancellationToken)
    {
        var pages = await documents.ListPagesAsync(entry.Id, cancellationToken);
        var selected = PageRange.Select(pageRange, pages.Count);
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        var first = true;
        foreach (var number in selected)
        {
            if (!first)
            {
                target.WriteByte((byte)'\f');
            }
            first = false;
            if (pages[number - 1].TextSha256 is not null)
            {
                var spans = redact ? await redactions.TextSpansAsync(pages[number - 1].Id, cancellationToken) : [];
                var text = IPageRedactions.Cover(await ReadTextAsync(pages[number - 1], cancellationToken), spans, cover);
                await target.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            }
        }
        return ("text/plain; charset=utf-8", "txt");
    }

    private async Task<(string, string)> ExportImageAsync(
        EntryRecord entry, ExportEntryRequestImageOptions options, string? pageRange, string user, string path, CancellationToken cancellationToken)
    {
        var all = await documents.ListPagesAsync(entry.Id, cancellationToken);
        if (all.Count == 0)
        {
            throw new ApiProblemException(ProblemCatalog.NoPages, $"Document {entry.Id} has no pages; export its electronic document with part Edoc.");
        }
        var pages = PageRange.Select(pageRange, all.Count).Select(n => all[n - 1]).ToList();
        if (pages.Count == 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The page range '{pageRange}' selects none of the document's {all.Count} pages.");
        }
        var watermark = options.Watermark is { } w ? new Watermark(w.Text!, w.Position.ToString(), w.RotationAngle, w.PageSpanPercentage) : null;
        covers = [];
        var redact = await RedactsAsync(entry.Id, options.IncludeRedactions, user, cancellationToken);
        foreach (var page in pages.Where(p => p.ImageSha256 is not null))
        {
            var marks = options.IncludeAnnotations ? await redactions.MarksAsync(entry.Id, page.Id, user, cancellationToken) : [];
            var boxes = redact ? await redactions.ForPageAsync(page.Id, cancellationToken) : [];
            if (marks.Count > 0 || boxes.Count > 0)
            {
                covers[page.Id] = (marks, boxes);
            }
        }
        var prefix = options.PagePrefix ?? ", Page ";
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
        switch (options.Format)
        {
            case ExportEntryRequestImageFormat.PDF:
                await WritePdfAsync(pages, watermark, target, cancellationToken);
                return ("application/pdf", "pdf");
            case ExportEntryRequestImageFormat.MultiPageTIFF:
                TiffFiles.Write(target, pages.Select(page => Render(page, "TIFF", watermark, cancellationToken)));
                return ("image/tiff", "tif");
            case ExportEntryRequestImageFormat.SinglePageTIFF:
                WriteZip(entry, pages, prefix, "tif", target, (page, stream) => TiffFiles.Write(stream, [Render(page, "TIFF", watermark, cancellationToken)]), cancellationToken);
                return ("application/zip", "zip");
            case ExportEntryRequestImageFormat.PNG:
                if (pages.Count == 1)
                {
                    ImageFiles.EncodePng(Render(pages[0], "PNG", watermark, cancellationToken), target);
                    return ("image/png", "png");
                }
                WriteZip(entry, pages, prefix, "png", target, (page, stream) => ImageFiles.EncodePng(Render(page, "PNG", watermark, cancellationToken), stream), cancellationToken);
                return ("application/zip", "zip");
            default:
                if (pages.Count == 1)
                {
                    WriteJpeg(pages[0], options.JpegCompressionLevel, watermark, target, cancellationToken);
                    return ("image/jpeg", "jpg");
                }
                WriteZip(entry, pages, prefix, "jpg", target, (page, stream) => WriteJpeg(page, options.JpegCompressionLevel, watermark, stream, cancellationToken), cancellationToken);
                return ("application/zip", "zip");
        }
    }

    private async Task WritePdfAsync(List<PageRecord> pages, Watermark? watermark, Stream target, CancellationToken cancellationToken)
    {
        var source = pages[0].ImageSha256;
        if (watermark is null && covers.Count == 0 && source is not null && pages.All(p => PdfPageFormat.IsPdf(p.ImageFormat) && p.ImageSha256 == source)
            && pages.Select(p => p.ImageFrame).SequenceEqual(Enumerable.Range(0, pages[^1].ImageFrame + 1)) && IsWholePdf(source, pages.Count))
        {
            // Every page of one PDF in its order: the PDF itself, every byte kept.
            await using var stream = content.OpenRead(source);
            await stream.CopyToAsync(target, cancellationToken);
            return;
        }
        try
        {
            using var pdf = new PdfExport();
            foreach (var page in pages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (page.ImageSha256 is not { } sha)
                {
                    pdf.AddTextPage(await ReadTextAsync(page, cancellationToken), watermark);
                }
                else if (covers.ContainsKey(page.Id))
                {
                    // A redacted or annotated page goes out as its pixels with the marks and boxes burned in, so nothing under a redaction survives.
                    pdf.AddRasterPage(Covered(page, Raster(page, "PDF", cancellationToken)), watermark);
                }
                else if (PdfPageFormat.IsPdf(page.ImageFormat))
                {
                    pdf.AddPdfPage(sha, () => content.OpenRead(sha), page.ImageFrame, watermark);
                }
                else if (page.ImageFormat == "jpeg")
                {
                    await using var jpeg = content.OpenRead(sha);
                    var (width, height, components) = ImageFiles.ReadJpegFrameHeader(jpeg);
                    jpeg.Position = 0;
                    using var bytes = new MemoryStream();
                    await jpeg.CopyToAsync(bytes, cancellationToken);
                    pdf.AddJpegPage(bytes.ToArray(), width, height, components, watermark);
                }
                else
                {
                    pdf.AddRasterPage(Raster(page, "PDF", cancellationToken), watermark);
                }
            }
            pdf.Save(target);
        }
        catch (PdfCopyException ex)
        {
            throw new ApiProblemException(ProblemCatalog.NotImplemented, $"ExportEntry: the pages of the stored PDF cannot be copied: {ex.Message}");
        }
    }

    /// <summary>Whether the stored PDF has exactly this many pages (so a selection of its first pages is all of it).</summary>
    private bool IsWholePdf(string sha, int pageCount)
    {
        try
        {
            using var stream = content.OpenRead(sha);
            return PdfFiles.PageSizes(stream).Count == pageCount;
        }
        catch (UnreadablePdfException)
        {
            return false;
        }
    }

    /// <summary>A JPEG page without a watermark as it is; anything else decoded and encoded at the requested quality.</summary>
    private void WriteJpeg(PageRecord page, int quality, Watermark? watermark, Stream target, CancellationToken cancellationToken)
    {
        if (page.ImageFormat == "jpeg" && page.ImageSha256 is { } sha && watermark is null && !covers.ContainsKey(page.Id))
        {
            using var source = content.OpenRead(sha);
            source.CopyTo(target);
            return;
        }
        ImageFiles.EncodeJpeg(Render(page, "JPEG", watermark, cancellationToken), quality, target);
    }

    /// <summary>The raster with the page's annotations drawn over it, and its redactions over them as opaque boxes.</summary>
    private Raster Covered(PageRecord page, Raster raster) =>
        covers.TryGetValue(page.Id, out var cover) ? PageCanvas.FillBoxes(PageCanvas.DrawMarks(raster, cover.Marks), cover.Boxes) : raster;

    /// <summary>The page's pixels with its redactions covered and the watermark drawn on, placed on the 3×3 grid as in PDF exports.</summary>
    private Raster Render(PageRecord page, string format, Watermark? watermark, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var raster = Covered(page, Raster(page, format, cancellationToken));
        if (watermark is not null)
        {
            var (column, row) = Watermark.GridCell(watermark.Position);
            raster = PageCanvas.DrawWatermark(raster, watermark.Text, watermark.PageSpanPercentage / 100.0, watermark.RotationAngle,
                raster.Width * (column * 2 + 1) / 6.0, raster.Height * (row * 2 + 1) / 6.0);
        }
        return raster;
    }

    /// <summary>
    /// A name that is one plain file name wherever it is unpacked or saved: path separators, characters Windows
    /// refuses and control characters become '_', leading dots go (no hidden files, no ".."), and nothing left is "_". Names made
    /// before slashes were refused, or through v1, can hold them.
    /// </summary>
    public static string SafeFileName(string name)
    {
        var chars = name.Select(c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c).ToArray();
        var safe = new string(chars).Trim().TrimStart('.');
        return safe.Length == 0 ? "_" : safe;
    }

    /// <summary>One file per page in a zip; the images are compressed already, so entries are stored.</summary>
    private static void WriteZip(
        EntryRecord entry, List<PageRecord> pages, string prefix, string extension, Stream target, Action<PageRecord, Stream> write, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var page in pages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = zip.CreateEntry(SafeFileName($"{entry.Name}{prefix}{page.PageNumber}.{extension}"), CompressionLevel.NoCompression);
            using var stream = item.Open();
            write(page, stream);
        }
    }

    private Raster Raster(PageRecord page, string format, CancellationToken cancellationToken)
    {
        try
        {
            return rasterizer.Decode(page, cancellationToken);
        }
        catch (UnsupportedImageException ex)
        {
            throw new ApiProblemException(ProblemCatalog.NotImplemented, $"ExportEntry: {format} export of {Describe(page)} is not supported: {ex.Message}.");
        }
        catch (InvalidImageException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFile, $"Page {page.PageNumber} cannot be read: {ex.Message}");
        }
    }

    private async Task<string> ReadTextAsync(PageRecord page, CancellationToken cancellationToken)
    {
        if (page.TextSha256 is null)
        {
            return "";
        }
        using var reader = new StreamReader(content.OpenRead(page.TextSha256), Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static string Describe(PageRecord page) => page.ImageSha256 is null
        ? $"page {page.PageNumber} (a text page)"
        : $"page {page.PageNumber} (a {page.ImageFormat.ToUpperInvariant()} page)";
}
