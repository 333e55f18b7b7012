using System.Diagnostics;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Documents;

/// <summary>
/// OCR of page images through Debian's <c>tesseract</c> (package tesseract-ocr) when it is installed; without it,
/// the operations that ask for OCR answer 501 naming what is missing.
/// </summary>
public sealed class TextRecognizer(ContentStore content, PageRasterizer rasterizer)
{
    private static readonly Lazy<string?> Tesseract = new(() => PageRasterizer.FindTool("tesseract"));

    public static bool IsAvailable => Tesseract.Value is not null;

    /// <summary>Throws the 501 of <paramref name="operationId"/> when OCR is not available.</summary>
    public static void Require(string operationId)
    {
        if (Tesseract.Value is null)
        {
            throw new ApiProblemException(ProblemCatalog.NotImplemented,
                $"{operationId}: generating the text of image pages (OCR) needs tesseract (Debian package tesseract-ocr), which is not installed.");
        }
    }

    /// <summary>
    /// The text tesseract reads on the page's image, staged as content (null when it reads none). A page not stored
    /// yet has its image among <paramref name="staged"/>.
    /// </summary>
    public async Task<StagedContent?> RecognizeAsync(string operationId, PageRecord page, CancellationToken cancellationToken, IReadOnlyList<StagedContent>? staged = null)
    {
        Require(operationId);
        Raster raster;
        try
        {
            raster = rasterizer.Decode(page, cancellationToken, staged?.FirstOrDefault(s => s.Sha256 == page.ImageSha256)?.Path);
        }
        catch (UnsupportedImageException ex)
        {
            throw new ApiProblemException(ProblemCatalog.NotImplemented, $"{operationId}: page {page.PageNumber} cannot be read: {ex.Message}.");
        }
        catch (Exception ex) when (ex is InvalidImageException or InvalidDataException or EndOfStreamException)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFile, $"{operationId}: the image of page {page.PageNumber} cannot be read: {ex.Message}");
        }
        Directory.CreateDirectory(content.StagingFolder);
        var input = Path.Combine(content.StagingFolder, Guid.NewGuid().ToString("N") + ".png");
        try
        {
            await using (var file = File.Create(input))
            {
                ImageFiles.EncodePng(raster, file);
            }
            var start = new ProcessStartInfo(Tesseract.Value!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])[input, "stdout"])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new ApiProblemException(ProblemCatalog.Internal, "tesseract could not be started.");
            using var kill = cancellationToken.Register(() => process.Kill());
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFile, $"{operationId}: tesseract could not read page {page.PageNumber}: {(await errors).Trim()}");
            }
            text = text.Trim();
            return text.Length == 0 ? null : await content.StageAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), long.MaxValue, cancellationToken);
        }
        finally
        {
            File.Delete(input);
        }
    }
}
