using System.Diagnostics;
using LfRepo.Server.Documents.Imaging;

namespace LfRepo.Server.Documents;

/// <summary>
/// Decodes a stored page to pixels: PNG, JPEG, GIF, BMP and WebP with SkiaSharp, TIFF with LibTiff.NET, PCX with LfRepo's own decoder, text pages in the shipped font, pages of a PDF through Debian's
/// <c>pdftoppm</c> when it is installed. Anything else is an <see cref="UnsupportedImageException"/> naming what is missing.
/// </summary>
public sealed class PageRasterizer(ContentStore content)
{
    private static readonly Lazy<string?> Pdftoppm = new(() => FindTool("pdftoppm"));

    /// <param name="page">The page.</param>
    /// <param name="stagedImage">Where the page's image is while it is still staged (a page not stored yet), else null.</param>
    /// <param name="cancellationToken">Stops a PDF rendering.</param>
    public Raster Decode(PageRecord page, CancellationToken cancellationToken, string? stagedImage = null)
    {
        Stream OpenImage() => stagedImage is null ? content.OpenRead(page.ImageSha256!) : File.OpenRead(stagedImage);
        if (page.ImageSha256 is null)
        {
            var text = "";
            if (page.TextSha256 is { } sha)
            {
                using var reader = new StreamReader(content.OpenRead(sha), System.Text.Encoding.UTF8);
                text = reader.ReadToEnd();
            }
            return PageCanvas.TextPage(text);
        }
        if (PdfPageFormat.IsPdf(page.ImageFormat))
        {
            return RenderPdfPage(page, stagedImage ?? content.PathOf(page.ImageSha256), cancellationToken);
        }
        using var stream = OpenImage();
        return ImageFiles.Decode(stream, page.ImageFormat, page.ImageFrame);
    }

    private Raster RenderPdfPage(PageRecord page, string pdfPath, CancellationToken cancellationToken)
    {
        var tool = Pdftoppm.Value ?? throw new UnsupportedImageException("rendering PDF pages needs pdftoppm (Debian package poppler-utils), which is not installed");
        Directory.CreateDirectory(content.StagingFolder);
        var prefix = Path.Combine(content.StagingFolder, Guid.NewGuid().ToString("N"));
        var number = (page.ImageFrame + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var argument in (string[])["-f", number, "-l", number, .. PdfPageFormat.RenderArguments(page.ImageFormat), "-png", "-singlefile", pdfPath, prefix])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new UnsupportedImageException("pdftoppm could not be started");
        using (cancellationToken.Register(() => process.Kill()))
        {
            // Reading stderr to its end before waiting keeps a chatty pdftoppm from blocking on a full pipe.
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                throw new InvalidImageException($"pdftoppm failed on page {number}: {errors.Trim()}");
            }
        }
        var output = prefix + ".png";
        try
        {
            if (!File.Exists(output))
            {
                throw new InvalidImageException($"pdftoppm wrote no image for page {number}.");
            }
            using var stream = File.OpenRead(output);
            return ImageFiles.Decode(stream);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The full path of an installed program, or null.</summary>
    internal static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
