using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class PageEditTests
{
    private static readonly bool HasTesseract = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(folder => File.Exists(Path.Combine(folder, "tesseract")));

    [Fact]
    public async Task CreatePages_pairs_image_files_and_text_pages_by_index_and_appends()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("Scan");

        var entry = await client.CreatePagesAsync(id, [(TestFiles.Png(5, 3), "a.png"), (TestFiles.Png(2, 2), "b.png")], ["first", "second", "third"]);

        entry.Id().Should().Be(id);
        entry["pageCount"]!.GetValue<int>().Should().Be(3);
        entry.Str("@odata.type").Should().Be("#Laserfiche.Repository.Document");
        var infos = await client.PageInfosAsync(id);
        infos.Select(i => i["hasImage"]!.GetValue<bool>()).Should().Equal(true, true, false);
        infos.Select(i => i["hasText"]!.GetValue<bool>()).Should().Equal(true, true, true);
        (infos[0]["imageWidth"]!.GetValue<int>(), infos[0]["imageHeight"]!.GetValue<int>()).Should().Be((5, 3));
        (await client.PageTextsAsync(id)).Should().Equal("first", "second", "third");

        var appended = await client.CreatePagesAsync(id, textPages: ["fourth"]);
        appended["pageCount"]!.GetValue<int>().Should().Be(4);
        (await client.PageTextsAsync(id)).Should().Equal("first", "second", "third", "fourth");
    }

    [Fact]
    public async Task CreatePages_inserts_at_pageNumber_and_makes_one_empty_page_without_content()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Notes", "A", "B");

        await client.CreatePagesAsync(id, textPages: ["X"], query: "?pageNumber=2");
        (await client.PageTextsAsync(id)).Should().Equal("A", "X", "B");

        var empty = await (await client.PostPagesAsync(id, new MultipartFormDataContent { { new StringContent("{}"), "request" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        empty["pageCount"]!.GetValue<int>().Should().Be(4);
        var last = (await client.PageInfosAsync(id))[3];
        (last["hasImage"]!.GetValue<bool>(), last["hasText"]!.GetValue<bool>()).Should().Be((false, false));

        await (await client.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: ["Y"]), "?pageNumber=6")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: ["Y"]), "?pageNumber=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostPagesAsync(1, DocumentEditClient.PagesBody(textPages: ["Y"]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
        (await client.GetEntryAsync(id))["pageCount"]!.GetValue<int>().Should().Be(4, "refused requests change nothing");
    }

    [Fact]
    public async Task CreatePages_refuses_more_than_ten_files_or_more_bytes_than_the_limit_with_413()
    {
        await using var app = new LfRepoApp(("LfRepo:Documents:MaxImportBytes", "1000"));
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("Limits");

        var eleven = Enumerable.Range(0, 11).Select(i => (TestFiles.Png(1, 1), $"p{i}.png")).ToList();
        var many = await (await client.PostPagesAsync(id, DocumentEditClient.PagesBody(eleven))).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Request is too large.");
        many.Str("detail").Should().Contain("At most 10 imageFiles");
        await (await client.PostPagesAsync(id, DocumentEditClient.PagesBody([(new byte[2000], "big.png")])))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Request is too large.");
        await (await client.PostPagesAsync(id, DocumentEditClient.PagesBody([(new byte[] { 1, 2, 3 }, "notes.pdf")])))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid file.");
        (await client.GetEntryAsync(id))["pageCount"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task CreatePages_with_generateText_reads_images_by_OCR_or_names_the_missing_tool()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("Ocr");

        var response = await client.PostPagesAsync(id, DocumentEditClient.PagesBody([(TestFiles.Png(), "a.png")]), "?generateText=true");

        if (HasTesseract)
        {
            (await response.ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(1);
        }
        else
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotImplemented);
            problem.Str("detail").Should().Contain("CreatePages").And.Contain("tesseract-ocr");
            (await client.GetEntryAsync(id))["pageCount"]!.GetValue<int>().Should().Be(0);
        }
    }

    [Fact]
    public async Task ReplacePages_replaces_every_page_and_needs_content()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Replace", "old 1", "old 2", "old 3");

        var entry = await (await client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages", DocumentEditClient.PagesBody([(TestFiles.Png(), "r.png")], ["", "new text"])))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        entry["pageCount"]!.GetValue<int>().Should().Be(2);
        var infos = await client.PageInfosAsync(id);
        (infos[0]["hasImage"]!.GetValue<bool>(), infos[0]["hasText"]!.GetValue<bool>()).Should().Be((true, false));
        (await client.PageTextsAsync(id)).Should().Equal("", "new text");
        var problem = await (await client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages", new MultipartFormDataContent { { new StringContent("{}"), "request" } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        problem.Str("detail").Should().Contain("DeletePages");
    }

    [Fact]
    public async Task WritePage_overwrites_the_part_given_and_keeps_the_other()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("Write");
        await client.CreatePagesAsync(id, [(TestFiles.Png(5, 3), "a.png")], ["original"]);
        var url = $"{DocumentEditClient.DocumentUrl(id)}/Pages/1";

        var text = new MultipartFormDataContent { { new StringContent("""{"text":"replaced"}"""), "request" } };
        (await (await client.PutAsync(url, text)).ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(1);
        (await client.PageTextsAsync(id)).Should().Equal("replaced");
        (await client.PageInfosAsync(id))[0]["imageWidth"]!.GetValue<int>().Should().Be(5, "the image stays");

        var image = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Png(7, 2)), "imageFile", "b.png" } };
        await (await client.PutAsync(url, image)).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.PageInfosAsync(id))[0]["imageWidth"]!.GetValue<int>().Should().Be(7);
        (await client.PageTextsAsync(id)).Should().Equal("replaced");
        (await (await client.GetAsync($"{url}/Image")).Content.ReadAsByteArrayAsync()).Should().Equal(TestFiles.Png(7, 2));

        await (await client.PutAsync(url, new MultipartFormDataContent { { new StringContent("x"), "other" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/2", new MultipartFormDataContent { { new StringContent("""{"text":"x"}"""), "request" } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "Page not found.");
    }

    [Fact]
    public async Task MovePages_moves_a_range_before_the_destination()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Move", "A", "B", "C", "D", "E");
        var url = $"{DocumentEditClient.DocumentUrl(id)}/Pages/Move";

        (await (await client.PostAsJsonAsync(url, new { pageRange = "1", destinationPageNumber = 3 })).ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(5);
        (await client.PageTextsAsync(id)).Should().Equal("B", "A", "C", "D", "E");
        await (await client.PostAsJsonAsync(url, new { pageRange = "4-5", destinationPageNumber = 1 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.PageTextsAsync(id)).Should().Equal("D", "E", "B", "A", "C");
        await (await client.PostAsJsonAsync(url, new { pageRange = "1,3", destinationPageNumber = 6 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.PageTextsAsync(id)).Should().Equal("E", "A", "C", "D", "B");

        await (await client.PostAsJsonAsync(url, new { pageRange = "2-9", destinationPageNumber = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostAsJsonAsync(url, new { pageRange = "1", destinationPageNumber = 7 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostAsJsonAsync(url, new { destinationPageNumber = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostAsJsonAsync(url, new { pageRange = "x", destinationPageNumber = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        (await client.PageTextsAsync(id)).Should().Equal("E", "A", "C", "D", "B");
    }

    [Fact]
    public async Task CopyPages_copies_into_another_document_and_the_source_keeps_its_pages()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateTextDocumentAsync("Source", "S1", "S2", "S3");
        var destination = await client.CreateTextDocumentAsync("Destination", "D1", "D2");
        var url = $"{DocumentEditClient.DocumentUrl(source)}/Pages/Copy";

        var entry = await (await client.PostAsJsonAsync(url, new { pageRange = "2-3", destinationEntryId = destination, destinationPageNumber = 2 })).ShouldBeJsonAsync(HttpStatusCode.OK);

        entry.Id().Should().Be(destination);
        entry["pageCount"]!.GetValue<int>().Should().Be(4);
        (await client.PageTextsAsync(destination)).Should().Equal("D1", "S2", "S3", "D2");
        (await client.PageTextsAsync(source)).Should().Equal("S1", "S2", "S3");
        await (await client.PostAsJsonAsync(url, new { pageRange = "1", destinationEntryId = source, destinationPageNumber = 4 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.PageTextsAsync(source)).Should().Equal("S1", "S2", "S3", "S1");

        await (await client.PostAsJsonAsync(url, new { pageRange = "1", destinationEntryId = 1, destinationPageNumber = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
        await (await client.PostAsJsonAsync(url, new { pageRange = "1", destinationEntryId = 999, destinationPageNumber = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");
        await (await client.PostAsJsonAsync(url, new { pageRange = "1", destinationEntryId = destination, destinationPageNumber = 9 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostAsJsonAsync(url, new { pageRange = "1" , destinationPageNumber = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
    }

    [Fact]
    public async Task CopyPages_copies_at_most_500_pages()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateTextDocumentAsync("Big", [.. Enumerable.Range(1, 501).Select(i => $"page {i}")]);
        var destination = await client.CreateEmptyDocumentAsync("Copies");
        var url = $"{DocumentEditClient.DocumentUrl(source)}/Pages/Copy";

        var problem = await (await client.PostAsJsonAsync(url, new { pageRange = "1-501", destinationEntryId = destination, destinationPageNumber = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        problem.Str("detail").Should().Contain("at most 500");
        var copied = await (await client.PostAsJsonAsync(url, new { pageRange = "2-501", destinationEntryId = destination, destinationPageNumber = 1 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        copied["pageCount"]!.GetValue<int>().Should().Be(500);
    }

    [Fact]
    public async Task RotateImagePage_turns_the_image_and_swaps_width_and_height()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("Rotate");
        await client.CreatePagesAsync(id, [(TestFiles.Png(5, 3), "a.png")], ["kept text"]);
        var original = TestFiles.Gradient(5, 3, 3);
        var url = $"{DocumentEditClient.DocumentUrl(id)}/Pages/1/Image/Rotate";

        (await (await client.PostAsJsonAsync(url, new { rotationAngle = 90 })).ShouldBeJsonAsync(HttpStatusCode.OK)).Id().Should().Be(id);

        var info = (await client.PageInfosAsync(id))[0];
        (info["imageWidth"]!.GetValue<int>(), info["imageHeight"]!.GetValue<int>()).Should().Be((3, 5));
        var image = await client.GetAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/1/Image");
        image.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var turned = ImageFiles.Decode(new MemoryStream(await image.Content.ReadAsByteArrayAsync()));
        (turned.Width, turned.Height).Should().Be((3, 5));
        // Clockwise: the original's bottom-left pixel is the top-left one now, its top-left the top-right.
        Pixel(turned, 0, 0).Should().Equal(Pixel(original, 0, 2));
        Pixel(turned, 2, 0).Should().Equal(Pixel(original, 0, 0));
        (await client.PageTextsAsync(id)).Should().Equal("kept text");

        await (await client.PostAsJsonAsync(url, new { rotationAngle = 270 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var back = ImageFiles.Decode(new MemoryStream(await (await client.GetAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/1/Image")).Content.ReadAsByteArrayAsync()));
        back.Pixels.Should().Equal(original.Pixels);

        await (await client.PostAsJsonAsync(url, new { rotationAngle = 45 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/2/Image/Rotate", new { rotationAngle = 90 })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Page not found.");
        var text = await client.CreateTextDocumentAsync("Text", "only text");
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(text)}/Pages/1/Image/Rotate", new { rotationAngle = 90 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
    }

    [Fact]
    public async Task RotateImagePage_turns_a_one_pixel_png_of_another_encoder()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("One pixel");
        byte[] png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
            0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
            0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
        await client.CreatePagesAsync(id, [(png, "one.png")]);

        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/1/Image/Rotate", new { rotationAngle = 90 })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var turned = ImageFiles.Decode(new MemoryStream(await (await client.GetAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/1/Image")).Content.ReadAsByteArrayAsync()));
        (turned.Width, turned.Height).Should().Be((1, 1));
    }

    [Fact]
    public async Task Page_changes_keep_full_text_search_and_its_page_numbers_right()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Searchable", "alpha words", "bravo words", "charlie words");
        (await client.SearchNamesAsync("{LF:Basic~=\"bravo\", option=\"DFANLT\"}")).Should().Equal("Searchable");

        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/Move", new { pageRange = "2", destinationPageNumber = 1 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/3", new MultipartFormDataContent { { new StringContent("""{"text":"delta words"}"""), "request" } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        await client.CreatePagesAsync(id, textPages: ["echo words"], query: "?pageNumber=1");

        (await HitPagesAsync(client, "bravo")).Should().Equal(2);
        (await HitPagesAsync(client, "delta")).Should().Equal(4);
        (await HitPagesAsync(client, "echo")).Should().Equal(1);
        (await client.SearchNamesAsync("{LF:Basic~=\"charlie\", option=\"DFANLT\"}")).Should().BeEmpty("page 3's text was replaced");

        await (await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages?pageRange=1")).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await HitPagesAsync(client, "delta")).Should().Equal(3);
        (await client.SearchNamesAsync("{LF:Basic~=\"echo\", option=\"DFANLT\"}")).Should().BeEmpty();
    }

    private static async Task<List<int>> HitPagesAsync(HttpClient client, string word)
    {
        var taskId = await client.StartSearchAsync($"{{LF:Basic~=\"{word}\", option=\"DFANLT\"}}");
        var hits = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/1/ContextHits")).ShouldBeJsonAsync(HttpStatusCode.OK);
        return [.. hits["value"]!.AsArray().Select(h => h!["pageNumber"]!.GetValue<int>())];
    }

    private static byte[] Pixel(Raster raster, int x, int y) => raster.Pixels.AsSpan((y * raster.Width + x) * raster.Channels, raster.Channels).ToArray();
}
