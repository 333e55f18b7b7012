using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class DocumentUpdateTests
{
    private static readonly bool HasTesseract = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(folder => File.Exists(Path.Combine(folder, "tesseract")));

    [Fact]
    public async Task UpdateDocument_replaces_the_edoc_and_adds_metadata_in_one_change()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = (await client.ImportAsync(1, TestFiles.Pdf(1), "a.pdf", new { name = "Agreement", metadata = new { tags = new[] { "Reviewed" } } })).Id();
        await client.PostDocumentAsync(id, "VersionControl");
        var signed = Encoding.UTF8.GetBytes("signed copy");

        var body = DocumentClient.ImportBody(signed, "signed.docx", new { metadata = new { tags = new[] { "Needs Attention" }, fields = new[] { new { name = "Text", values = new[] { "signed" } } } } });
        var updated = await (await client.PatchAsync(DocumentEditClient.DocumentUrl(id), body)).ShouldBeJsonAsync(HttpStatusCode.OK);

        (updated.Str("extension"), updated["electronicDocumentSize"]!.GetValue<long>(), updated["isElectronicDocument"]!.GetValue<bool>()).Should().Be(("docx", signed.Length, true));
        updated["currentVersion"]!.GetValue<int>().Should().Be(2, "one update is one version");
        (await (await client.ExportAndDownloadAsync(id, new { part = "Edoc" })).Content.ReadAsByteArrayAsync()).Should().Equal(signed);
        var tags = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK);
        tags["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().BeEquivalentTo("Reviewed", "Needs Attention");
        var fields = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}/Fields")).ShouldBeJsonAsync(HttpStatusCode.OK);
        fields["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "Text")!["values"]![0]!.GetValue<string>().Should().Be("signed");
    }

    [Fact]
    public async Task UpdateDocument_adds_image_pages_from_an_image_file_or_imageFiles()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Pages", "first");

        var image = DocumentClient.ImportBody(TestFiles.Png(), "scan.png", new { generateImagePagesText = false });
        (await (await client.PatchAsync(DocumentEditClient.DocumentUrl(id), image)).ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(2);
        var edocAndPages = DocumentClient.ImportBody(Encoding.UTF8.GetBytes("notes"), "notes.txt", new { importAsElectronicDocument = true, generateImagePagesText = false });
        edocAndPages.Add(new ByteArrayContent(TestFiles.Png()), "imageFiles", "b.png");
        var both = await (await client.PatchAsync(DocumentEditClient.DocumentUrl(id), edocAndPages)).ShouldBeJsonAsync(HttpStatusCode.OK);
        (both["pageCount"]!.GetValue<int>(), both.Str("extension")).Should().Be((3, "txt"));
        (await client.PageInfosAsync(id)).Select(p => p["hasImage"]!.GetValue<bool>()).Should().Equal(false, true, true);
    }

    [Fact]
    public async Task UpdateDocument_refuses_bad_requests_and_changes_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Unchanged", "text");
        var url = DocumentEditClient.DocumentUrl(id);

        await (await client.PatchAsync(url, DocumentClient.ImportBody(null, "", new { }))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        var empty = await (await client.PatchAsync(url, DocumentClient.ImportBody([], "empty.pdf", new { }))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid file.");
        empty.Str("detail").Should().Contain("DeleteElectronicDocument");
        var imageAndImages = DocumentClient.ImportBody(TestFiles.Png(), "a.png", new { });
        imageAndImages.Add(new ByteArrayContent(TestFiles.Png()), "imageFiles", "b.png");
        await (await client.PatchAsync(url, imageAndImages)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
        await (await client.PatchAsync(url, DocumentClient.ImportBody(Encoding.UTF8.GetBytes("x"), "x.docx", new { metadata = new { tags = new[] { "Nope" } } })))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown tag.");
        await (await client.PatchAsync(DocumentEditClient.DocumentUrl(1), DocumentClient.ImportBody(Encoding.UTF8.GetBytes("x"), "x.docx", new { })))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");

        var after = await client.GetEntryAsync(id);
        (after["isElectronicDocument"]!.GetValue<bool>(), after["pageCount"]!.GetValue<int>()).Should().Be((false, 1));
    }

    [Fact]
    public async Task UpdateDocumentUploadedParts_applies_the_assembled_file_as_a_task()
    {
        await using var app = new LfRepoApp(("LfRepo:Documents:MinPartBytes", "4"));
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Chunked", "page");
        var urls = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/CreateMultipartUploadUrls", new { startingPartNumber = 1, numberOfParts = 2, fileName = "big.pdf", mimeType = "application/pdf" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        var uploadId = urls.Str("uploadId");
        var etags = new List<string>();
        foreach (var (url, bytes) in urls["urls"]!.AsArray().Select(u => u!.GetValue<string>()).Zip(new[] { new byte[] { 1, 2, 3, 4, 5 }, new byte[] { 6, 7 } }))
        {
            etags.Add((await app.CreateClient().PutAsync(url, new ByteArrayContent(bytes))).Headers.ETag!.ToString());
        }
        var updateUrl = $"{DocumentEditClient.DocumentUrl(id)}/UpdateUploadedParts";
        await (await client.PostAsJsonAsync(updateUrl, new { uploadId = "nope", partETags = etags })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Upload not found.");
        await (await client.PostAsJsonAsync(updateUrl, new { uploadId })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");

        var started = await (await client.PostAsJsonAsync(updateUrl, new { uploadId, partETags = etags, metadata = new { tags = new[] { "Reviewed" } } })).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var task = await client.WaitForTaskAsync(started.Str("taskId"));

        (task.Str("status"), task.Str("taskType"), task["result"]!["entryId"]!.GetValue<int>()).Should().Be(("Completed", "ImportUploadedParts", id));
        var entry = await client.GetEntryAsync(id);
        (entry.Str("extension"), entry["electronicDocumentSize"]!.GetValue<long>(), entry["pageCount"]!.GetValue<int>()).Should().Be(("pdf", 7, 1));
        (await (await client.ExportAndDownloadAsync(id, new { part = "Edoc" })).Content.ReadAsByteArrayAsync()).Should().Equal(1, 2, 3, 4, 5, 6, 7);
        var tags = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK);
        tags["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Reviewed");
    }

    [Fact]
    public async Task GenerateText_reads_image_pages_by_OCR_or_names_the_missing_tool()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var scan = (await client.ImportAsync(1, TestFiles.Png(), "scan.png", new { name = "Scan" })).Id();
        var text = await client.CreateTextDocumentAsync("Typed", "typed text");

        var response = await client.PostAsync($"{DocumentEditClient.DocumentUrl(scan)}/GenerateText", null);
        if (HasTesseract)
        {
            (await response.ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(1);
        }
        else
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.NotImplemented)).Str("detail").Should().Contain("GenerateText").And.Contain("tesseract-ocr");
        }
        var typed = await (await client.PostAsync($"{DocumentEditClient.DocumentUrl(text)}/GenerateText", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        typed["pageCount"]!.GetValue<int>().Should().Be(1);
        (await client.PageTextsAsync(text)).Should().Equal("typed text");
        await (await client.PostAsync($"{DocumentEditClient.DocumentUrl(1)}/GenerateText", null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
    }

    [Fact]
    public async Task Entries_carry_totalDocumentSize_when_asked()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = (await client.ImportAsync(1, TestFiles.Pdf(1), "a.pdf", new { name = "Sized" })).Id();
        await client.CreatePagesAsync(id, textPages: ["abc"]);

        var sized = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}?includeTotalSize=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        sized["totalDocumentSize"]!.GetValue<long>().Should().Be(TestFiles.Pdf(1).Length + 3);
        (await client.GetEntryAsync(id)).ContainsKey("totalDocumentSize").Should().BeFalse();
    }
}
