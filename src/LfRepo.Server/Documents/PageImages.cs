using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Documents;

/// <summary>The image of one page as a file: the stored image itself, or the one frame or PDF page it refers to.</summary>
public sealed class PageImages(ContentStore content, DownloadLinks links, PageRasterizer rasterizer)
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["png"] = "image/png",
        ["jpeg"] = "image/jpeg",
        ["tiff"] = "image/tiff",
        ["gif"] = "image/gif",
        ["bmp"] = "image/bmp",
        ["pcx"] = "image/x-pcx",
        ["webp"] = "image/webp",
    };

    /// <summary>A stream of the page's image and its media type.</summary>
    public (Stream Image, string ContentType) OpenImage(PageRecord page, CancellationToken cancellationToken)
    {
        if (page.ImageSha256 is null)
        {
            throw new ApiProblemException(ProblemCatalog.PageNotFound, $"Page {page.PageNumber} is a text page without an image.");
        }
        if (page.ImageFormat == "tiff")
        {
            using var stream = content.OpenRead(page.ImageSha256);
            if (TiffFiles.ReadFrames(stream).Count == 1)
            {
                return (content.OpenRead(page.ImageSha256), "image/tiff");
            }
            return Converted(page, "image/tiff", (raster, output) => TiffFiles.Write(output, [raster]), cancellationToken);
        }
        if (PdfPageFormat.IsPdf(page.ImageFormat))
        {
            return Converted(page, "image/png", ImageFiles.EncodePng, cancellationToken);
        }
        return (content.OpenRead(page.ImageSha256), ContentTypes[page.ImageFormat]);
    }

    /// <summary>The page's image with its redactions drawn over it, as PNG; without redactions, the image as stored.</summary>
    public (Stream Image, string ContentType) OpenImage(PageRecord page, IReadOnlyList<PageBox> redactions, CancellationToken cancellationToken) =>
        redactions.Count == 0 || page.ImageSha256 is null
            ? OpenImage(page, cancellationToken)
            : Converted(page, "image/png", (raster, output) => ImageFiles.EncodePng(PageCanvas.FillBoxes(raster, redactions), output), cancellationToken);

    private (Stream, string) Converted(PageRecord page, string contentType, Action<Raster, Stream> encode, CancellationToken cancellationToken)
    {
        Raster raster;
        try
        {
            raster = rasterizer.Decode(page, cancellationToken);
        }
        catch (UnsupportedImageException ex)
        {
            throw new ApiProblemException(ProblemCatalog.NotImplemented, $"GetPageImage: page {page.PageNumber} cannot be served: {ex.Message}.");
        }
        var output = new FileStream(links.NewFilePath(), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        encode(raster, output);
        output.Position = 0;
        return (output, contentType);
    }
}
