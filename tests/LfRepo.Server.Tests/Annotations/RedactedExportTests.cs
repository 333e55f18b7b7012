using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Annotations;

/// <summary>Redactions cover what lies under them in page images and image exports.</summary>
[Trait("Engine", "Both")]
public sealed class RedactedExportTests
{
    private static async Task RedactAsync(HttpClient client, int doc, int x, int y, int width, int height) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{doc}/Pages/1/Annotations",
            new { annotationType = "Redaction", rectangles = new[] { new { x, y, width, height } } })).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static Raster Decode(byte[] png) => ImageFiles.Decode(new MemoryStream(png));

    private static (byte, byte, byte) At(Raster raster, int x, int y)
    {
        var i = y * raster.Stride + x * raster.Channels;
        return raster.Channels == 1 ? (raster.Pixels[i], raster.Pixels[i], raster.Pixels[i]) : (raster.Pixels[i], raster.Pixels[i + 1], raster.Pixels[i + 2]);
    }

    [Fact]
    public async Task Page_images_and_png_exports_show_a_black_box_where_the_redaction_is()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = (await client.ImportAsync(1, TestFiles.Png(200, 100), "page.png", new { name = "Scan" })).Id();
        var before = Decode(await (await client.ExportAndDownloadAsync(doc, new { part = "Image", imageOptions = new { format = "PNG" } })).Content.ReadAsByteArrayAsync());
        At(before, 50, 40).Should().NotBe(((byte)0, (byte)0, (byte)0));

        await RedactAsync(client, doc, 40, 30, 60, 20);

        var image = Decode(await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{doc}/Document/Pages/1/Image")).EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
        var exported = Decode(await (await client.ExportAndDownloadAsync(doc, new { part = "Image", imageOptions = new { format = "PNG" } })).Content.ReadAsByteArrayAsync());
        foreach (var raster in new[] { image, exported })
        {
            At(raster, 50, 40).Should().Be(((byte)0, (byte)0, (byte)0));
            At(raster, 99, 49).Should().Be(((byte)0, (byte)0, (byte)0));
            At(raster, 150, 80).Should().Be(At(before, 150, 80), "only the redacted region is covered");
        }
    }

    [Fact]
    public async Task A_redacted_word_is_gone_from_the_exported_pdf_text()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = (await client.ImportAsync(1, TestFiles.Pdf(1), "a.pdf", new { name = "Letter", pdfOptions = new { generatePages = true, generateText = true } })).Id();
        var pdf = new { part = "Image", imageOptions = new { format = "PDF" } };
        (await PdfTextAsync(await (await client.ExportAndDownloadAsync(doc, pdf)).Content.ReadAsByteArrayAsync())).Should().Contain("Page 1");

        var page = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{doc}/Document/Pages?$select=imageWidth,imageHeight")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var width = page["value"]![0]!["imageWidth"]!.GetValue<int>();
        var height = page["value"]![0]!["imageHeight"]!.GetValue<int>();
        await RedactAsync(client, doc, 0, 0, width, height);

        (await PdfTextAsync(await (await client.ExportAndDownloadAsync(doc, pdf)).Content.ReadAsByteArrayAsync())).Should().NotContain("Page 1");
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", [path, "-"]) { RedirectStandardOutput = true })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0);
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Redacted_text_spans_are_covered_in_page_text_and_text_exports()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = (await client.ImportAsync(1, TestFiles.Pdf(1), "a.pdf", new { name = "Letter", pdfOptions = new { generatePages = true, generateText = true } })).Id();
        var textUrl = $"{LfRepoApp.V2}/Entries/{doc}/Document/Pages/1/Text";
        (await (await client.GetAsync(textUrl)).ShouldBeJsonAsync(HttpStatusCode.OK))["text"]!.GetValue<string>().Should().Contain("Page 1");

        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{doc}/Pages/1/Annotations",
            new { annotationType = "Redaction", textStart = 0, textEnd = 4, rectangles = new[] { new { x = 0, y = 0, width = 5, height = 5 } } })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var text = (await (await client.GetAsync(textUrl)).ShouldBeJsonAsync(HttpStatusCode.OK))["text"]!.GetValue<string>();
        text.Should().NotContain("Page").And.StartWith("XXXX 1");
        var exported = await (await client.ExportAndDownloadAsync(doc, new { part = "Text", textOptions = new { redactionCharacter = "#" } })).Content.ReadAsStringAsync();
        exported.Should().NotContain("Page").And.StartWith("#### 1");
    }
}
