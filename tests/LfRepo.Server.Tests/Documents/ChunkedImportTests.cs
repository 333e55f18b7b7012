using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class ChunkedImportTests
{
    private const int Root = 1;
    private static readonly (string, string) SmallParts = ("LfRepo:Documents:MinPartBytes", "10");

    private static async Task<JsonObject> CreateUrlsAsync(HttpClient client, object request) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/CreateMultipartUploadUrls", request)).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static async Task<string> PutAsync(HttpClient client, string url, byte[] bytes)
    {
        var response = await client.PutAsync(url, new ByteArrayContent(bytes));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return response.Headers.ETag!.ToString();
    }

    private static async Task<JsonObject> ImportPartsAsync(HttpClient client, object request)
    {
        var started = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/ImportUploadedParts", request)).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        return await client.WaitForTaskAsync(started.Str("taskId"));
    }

    [Fact]
    public async Task Three_parts_become_one_document()
    {
        await using var app = new LfRepoApp(SmallParts);
        var client = await app.CreateSignedInClientAsync();
        var anonymous = app.CreateClient();
        byte[][] parts = [[.. Enumerable.Repeat((byte)1, 12)], [.. Enumerable.Repeat((byte)2, 15)], [3, 3]];

        var first = await CreateUrlsAsync(client, new { startingPartNumber = 1, numberOfParts = 2, fileName = "big.pdf", mimeType = "application/pdf" });
        var uploadId = first.Str("uploadId");
        var second = await CreateUrlsAsync(client, new { uploadId, startingPartNumber = 3, numberOfParts = 1, fileName = "ignored.txt", mimeType = "text/plain" });
        var urls = first["urls"]!.AsArray().Concat(second["urls"]!.AsArray()).Select(u => u!.GetValue<string>()).ToList();
        urls.Should().HaveCount(3);
        var etags = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            etags.Add(await PutAsync(anonymous, urls[i], parts[i]));
        }

        var task = await ImportPartsAsync(client, new { uploadId, partETags = etags, name = "Big", autoRename = true });

        task.Str("status").Should().Be("Completed");
        task.Str("taskType").Should().Be("ImportUploadedParts");
        var entry = await client.GetEntryAsync(task["result"]!["entryId"]!.GetValue<int>());
        task["result"]!["uri"]!.GetValue<string>().Should().EndWith($"/Entries/{entry.Id()}");
        entry.Str("name").Should().Be("Big");
        entry.Str("extension").Should().Be("pdf");
        entry.Str("mimeType").Should().Be("application/pdf");
        entry["electronicDocumentSize"]!.GetValue<long>().Should().Be(29);
        var download = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Edoc" });
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(parts.SelectMany(p => p));

        var reused = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/ImportUploadedParts", new { uploadId, partETags = etags, name = "Again" });
        await reused.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Upload not found.");
    }

    [Fact]
    public async Task A_wrong_ETag_a_missing_part_or_a_small_part_fails_the_task()
    {
        await using var app = new LfRepoApp(SmallParts);
        var client = await app.CreateSignedInClientAsync();
        var urls = await CreateUrlsAsync(client, new { numberOfParts = 3, fileName = "a.bin", mimeType = "application/octet-stream" });
        var uploadId = urls.Str("uploadId");
        var list = urls["urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        var one = await PutAsync(client, list[0], new byte[12]);
        var two = await PutAsync(client, list[1], new byte[11]);

        var wrong = await ImportPartsAsync(client, new { uploadId, partETags = new[] { one, "\"nope\"" }, name = "Wrong" });
        var missing = await ImportPartsAsync(client, new { uploadId, partETags = new[] { one, two, "\"x\"" }, name = "Missing" });
        var swapped = await ImportPartsAsync(client, new { uploadId, partETags = new[] { two, one }, name = "Swapped" });

        wrong.Str("status").Should().Be("Failed");
        wrong["errors"]![0]!["detail"]!.GetValue<string>().Should().Contain("ETag");
        missing.Str("status").Should().Be("Failed");
        missing["errors"]![0]!["detail"]!.GetValue<string>().Should().Contain("Part 3");
        swapped.Str("status").Should().Be("Failed");
        swapped["errors"]![0]!["detail"]!.GetValue<string>().Should().Contain("ETag");

        // An upload URL is used once: part 1 is sent again through a new URL for it.
        var again = await CreateUrlsAsync(client, new { uploadId, startingPartNumber = 1, numberOfParts = 1 });
        var tooSmallFirst = await PutAsync(client, again["urls"]![0]!.GetValue<string>(), new byte[3]);
        var smallPart = await ImportPartsAsync(client, new { uploadId, partETags = new[] { tooSmallFirst, two }, name = "Small part" });
        smallPart.Str("status").Should().Be("Failed");
        smallPart["errors"]![0]!["detail"]!.GetValue<string>().Should().Contain("at least 10 bytes");
    }

    [Fact]
    public async Task An_upload_url_takes_one_part_of_at_most_the_part_size()
    {
        await using var app = new LfRepoApp(("LfRepo:Documents:MaxPartBytes", "100000"));
        var client = await app.CreateSignedInClientAsync();
        var urls = await CreateUrlsAsync(client, new { numberOfParts = 2, fileName = "a.bin", mimeType = "application/octet-stream" });
        var list = urls["urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();

        var tooBig = await client.PutAsync(list[0], new ByteArrayContent(new byte[100_001]));
        var retried = await client.PutAsync(list[0], new ByteArrayContent(new byte[10]));
        var reused = await client.PutAsync(list[0], new ByteArrayContent(new byte[10]));

        await tooBig.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Request is too large.");
        retried.StatusCode.Should().Be(HttpStatusCode.OK, "a refused PUT leaves its URL usable");
        (await reused.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Upload not found.")).Str("detail").Should().Contain("was used");
        await PutAsync(client, list[1], new byte[10]);
    }

    [Fact]
    public async Task Upload_urls_follow_the_limits()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var url = $"{LfRepoApp.V2}/Entries/CreateMultipartUploadUrls";

        await (await client.PostAsJsonAsync(url, new { numberOfParts = 0, fileName = "a", mimeType = "b" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync(url, new { numberOfParts = 101, fileName = "a", mimeType = "b" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync(url, new { startingPartNumber = 902, numberOfParts = 100, fileName = "a", mimeType = "b" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync(url, new { numberOfParts = 1, fileName = "", mimeType = "b" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync(url, new { uploadId = "unknown", numberOfParts = 1, fileName = "a", mimeType = "b" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var last = await CreateUrlsAsync(client, new { startingPartNumber = 901, numberOfParts = 100, fileName = "a", mimeType = "b" });
        last["urls"]!.AsArray().Should().HaveCount(100);
    }

    [Fact]
    public async Task Upload_urls_expire_after_15_minutes()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var urls = await CreateUrlsAsync(client, new { numberOfParts = 2, fileName = "a.bin", mimeType = "application/octet-stream" });
        var list = urls["urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        await PutAsync(client, list[0], [1]);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var late = await client.PutAsync(list[1], new ByteArrayContent([1]));

        await late.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Upload not found.");
        var unissued = await client.PutAsync(list[1].Replace("/2", "/3"), new ByteArrayContent([1]));
        unissued.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ImportUploadedParts_checks_its_request_before_queuing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var urls = await CreateUrlsAsync(client, new { numberOfParts = 1, fileName = "a.bin", mimeType = "application/octet-stream" });
        var uploadId = urls.Str("uploadId");
        var url = $"{LfRepoApp.V2}/Entries/{Root}/Folder/ImportUploadedParts";

        await (await client.PostAsJsonAsync(url, new { uploadId = "nope", partETags = new[] { "x" }, name = "A" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync(url, new { uploadId, partETags = Array.Empty<string>(), name = "A" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync(url, new { uploadId, partETags = new[] { "x" }, name = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/999/Folder/ImportUploadedParts", new { uploadId, partETags = new[] { "x" }, name = "A" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await client.PostAsJsonAsync(url, new { uploadId, partETags = new[] { "x" }, name = "A", metadata = new { templateName = "T" } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound))["errorCode"]!.GetValue<int>().Should().Be(204);
    }
}
