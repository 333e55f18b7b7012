using System.Diagnostics;

namespace LfRepo.Server.Tests.Documents;

/// <summary>
/// Optional second opinions on exported files from Debian's poppler-utils and libtiff-tools. When a tool is
/// missing the check is skipped (CI installs packages only through .ci/run); the in-process readers still run.
/// </summary>
public static class ExternalTools
{
    public static async Task CheckPdfAsync(byte[] pdf, int pages)
    {
        var output = await RunAsync("pdfinfo", pdf);
        if (output is not null)
        {
            output.Should().MatchRegex($@"Pages:\s+{pages}\b");
        }
    }

    public static async Task CheckTiffAsync(byte[] tiff)
    {
        var output = await RunAsync("tiffinfo", tiff);
        if (output is not null)
        {
            output.Should().Contain("Image Width");
        }
    }

    private static async Task<string?> RunAsync(string tool, byte[] file)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(input, file);
            using var process = Process.Start(new ProcessStartInfo(path, [input]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0, "{0} reported: {1}", tool, errors);
            errors.Should().BeEmpty();
            return output;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
