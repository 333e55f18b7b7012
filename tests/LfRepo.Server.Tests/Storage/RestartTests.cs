using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Storage;

/// <summary>What a client holds between requests — a token, a download link, an upload in progress — outlives a restart.</summary>
[Trait("Engine", "Both")]
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-restart-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task An_access_token_stays_valid_across_a_restart_until_it_expires()
    {
        string token;
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            token = await LfRepoApp.RequestTokenAsync(first.CreateClient(), "admin", "admin");
        }

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.GetEntryAsync(1)).Str("fullPath").Should().Be("\\");

        second.Clock.Advance(TimeSpan.FromSeconds(901));
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_for_another_data_folder_is_refused()
    {
        string token;
        await using (var other = new LfRepoApp())
        {
            token = await LfRepoApp.RequestTokenAsync(other.CreateClient(), "admin", "admin");
        }

        await using var app = new LfRepoApp { DataDir = _dataDir };
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_download_link_works_once_after_a_restart()
    {
        string link;
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            var client = await first.CreateSignedInClientAsync();
            var document = await client.ImportAsync(1, Encoding.UTF8.GetBytes("kept across restarts"), "note.txt", new { name = "Note", autoRename = true });
            link = await client.ExportAsync(document.Id(), new { part = "Text" });
        }

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var anonymous = second.CreateClient();
        var download = await anonymous.GetAsync(link);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Contain("kept across restarts");
        (await anonymous.GetAsync(link)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a link works once");
    }

    [Fact]
    public async Task A_chunked_upload_started_before_a_restart_is_finished_after_it()
    {
        byte[][] parts = [[.. Enumerable.Repeat((byte)'a', 12)], [.. Enumerable.Repeat((byte)'b', 3)]];
        (string, string) smallParts = ("LfRepo:Documents:MinPartBytes", "10");
        string uploadId;
        List<string> urls;
        string firstETag;
        await using (var first = new LfRepoApp(smallParts) { DataDir = _dataDir })
        {
            var client = await first.CreateSignedInClientAsync();
            var created = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/CreateMultipartUploadUrls",
                new { startingPartNumber = 1, numberOfParts = 2, fileName = "parts.pdf", mimeType = "application/pdf" })).ShouldBeJsonAsync(HttpStatusCode.OK);
            uploadId = created.Str("uploadId");
            urls = created["urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
            var put = await first.CreateClient().PutAsync(urls[0], new ByteArrayContent(parts[0]));
            put.StatusCode.Should().Be(HttpStatusCode.OK);
            firstETag = put.Headers.ETag!.ToString();
        }

        await using var second = new LfRepoApp(smallParts) { DataDir = _dataDir };
        var again = await second.CreateSignedInClientAsync();
        var secondPut = await second.CreateClient().PutAsync(urls[1], new ByteArrayContent(parts[1]));
        secondPut.StatusCode.Should().Be(HttpStatusCode.OK);
        var started = await (await again.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/ImportUploadedParts",
            new { uploadId, partETags = new[] { firstETag, secondPut.Headers.ETag!.ToString() }, name = "Parts", autoRename = true })).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var task = await again.WaitForTaskAsync(started.Str("taskId"));

        task.Str("status").Should().Be("Completed");
        var entryId = task["result"]!["entryId"]!.GetValue<int>();
        var download = await again.ExportAndDownloadAsync(entryId, new { part = "Edoc" });
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(parts.SelectMany(p => p));
    }
}
