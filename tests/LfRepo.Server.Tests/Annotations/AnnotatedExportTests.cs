using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Security;

namespace LfRepo.Server.Tests.Annotations;

/// <summary>Image exports draw the annotations the user may see unless asked not to; includeRedactions=false needs SeeThroughRedactions.</summary>
[Trait("Engine", "Both")]
public sealed class AnnotatedExportTests
{
    private static Raster Decode(byte[] png) => ImageFiles.Decode(new MemoryStream(png));

    private static (byte, byte, byte) At(Raster raster, int x, int y)
    {
        var i = y * raster.Stride + x * raster.Channels;
        return raster.Channels == 1 ? (raster.Pixels[i], raster.Pixels[i], raster.Pixels[i]) : (raster.Pixels[i], raster.Pixels[i + 1], raster.Pixels[i + 2]);
    }

    private static async Task<Raster> ExportPngAsync(HttpClient client, int doc, bool? includeAnnotations = null)
    {
        object options = includeAnnotations is { } include ? new { format = "PNG", includeAnnotations = include } : new { format = "PNG" };
        return Decode(await (await client.ExportAndDownloadAsync(doc, new { part = "Image", imageOptions = options })).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Png_and_pdf_exports_draw_the_annotations_unless_asked_not_to()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = (await client.ImportAsync(1, TestFiles.Png(200, 100), "page.png", new { name = "Scan" })).Id();
        var plain = await ExportPngAsync(client, doc);
        var annotations = $"{LfRepoApp.V2}/Entries/{doc}/Pages/1/Annotations";
        await (await client.PostAsJsonAsync(annotations, new { annotationType = "Rectangle", coordinates = new { x = 10, y = 10, width = 40, height = 30 }, fillColor = "#FF0000", borderThickness = 0 }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync(annotations, new { annotationType = "Line", beginPosition = new { x = 100, y = 50 }, endPosition = new { x = 190, y = 50 }, color = "#0000FF", thickness = 6 }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync(annotations, new { annotationType = "Redaction", rectangles = new[] { new { x = 20, y = 20, width = 10, height = 10 } } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        var drawn = await ExportPngAsync(client, doc);
        At(drawn, 15, 15).Should().Be(((byte)255, (byte)0, (byte)0), "the rectangle is filled red");
        At(drawn, 150, 50).Should().Be(((byte)0, (byte)0, (byte)255), "the line is drawn blue");
        At(drawn, 25, 25).Should().Be(((byte)0, (byte)0, (byte)0), "the redaction covers the annotation under it");
        At(drawn, 150, 90).Should().Be(At(plain, 150, 90));

        var without = await ExportPngAsync(client, doc, includeAnnotations: false);
        At(without, 15, 15).Should().Be(At(plain, 15, 15), "includeAnnotations=false leaves them out");
        At(without, 25, 25).Should().Be(((byte)0, (byte)0, (byte)0), "redactions are always drawn");

        var pdf = await client.ExportAndDownloadAsync(doc, new { part = "Image", imageOptions = new { format = "PDF" } });
        (await pdf.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(100);

        var reader = await app.CreateReaderAsync(client);
        var unseen = await ExportPngAsync(reader, doc);
        At(unseen, 15, 15).Should().Be(At(plain, 15, 15), "a user without SeeAnnotations gets the page without them");
        At(unseen, 25, 25).Should().Be(((byte)0, (byte)0, (byte)0));
    }

    [Fact]
    public async Task Text_exports_leave_redactions_out_only_for_users_who_may_see_through_them()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var doc = await admin.CreateTextDocumentAsync("Memo", "secret plan");
        await (await admin.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{doc}/Pages/1/Annotations",
            new { annotationType = "Redaction", textStart = 0, textEnd = 6, rectangles = new[] { new { x = 0, y = 0, width = 5, height = 5 } } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var clear = new { part = "Text", textOptions = new { includeRedactions = false } };

        (await (await admin.ExportAndDownloadAsync(doc, new { part = "Text" })).Content.ReadAsStringAsync()).Should().Be("XXXXXX plan");
        (await (await admin.ExportAndDownloadAsync(doc, clear)).Content.ReadAsStringAsync()).Should().Be("secret plan");

        var reader = await app.CreateReaderAsync(admin);
        (await (await reader.ExportAndDownloadAsync(doc, clear)).Content.ReadAsStringAsync()).Should().Be("XXXXXX plan", "the reader may not see through redactions");
        await admin.SetAclAsync(doc, new { entries = new[] { SecurityUsers.Ace("Readers", "Allow", ["SeeThroughRedactions"], "ThisEntry") } });
        (await (await reader.ExportAndDownloadAsync(doc, clear)).Content.ReadAsStringAsync()).Should().Be("secret plan");
    }
}
