using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Storage;

/// <summary>
/// Two server processes on one store: what a client holds between requests — a token, a download link, an upload in
/// progress, a search's results — issued by one process is honoured by the other.
/// </summary>
[Trait("Engine", "Both")]
public sealed class CrossProcessStateTests : SharedStoreTest
{
    private static readonly (string, string)[] Settings = [("LfRepo:Tasks:HeartbeatMilliseconds", "50"), ("LfRepo:Documents:MinPartBytes", "10")];

    [Fact]
    public async Task A_token_a_download_link_and_search_results_from_one_process_work_on_the_other()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        var clientB = b.CreateClient();
        await WaitUntilAsync(() => a.Services.GetRequiredService<StorePeers>().Shared);
        clientB.DefaultRequestHeaders.Authorization = clientA.DefaultRequestHeaders.Authorization;
        (await clientB.GetEntryAsync(1)).Str("fullPath").Should().Be("\\", "B accepts the token A issued");

        var document = await clientA.ImportAsync(1, Encoding.UTF8.GetBytes("crossing processes"), "note.txt", new { name = "Crossing", autoRename = true });
        var link = await clientA.ExportAsync(document.Id(), new { part = "Text" });
        var download = await b.CreateClient().GetAsync(link);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Contain("crossing processes");
        (await a.CreateClient().GetAsync(link)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a link works once, whichever process serves it");

        var taskId = await clientA.StartSearchAsync("{LF:Name=\"Crossing*\"}");
        (await clientB.ResultNamesAsync(taskId)).Should().Contain(n => n.StartsWith("Crossing"), "B lists the results of A's search");
    }

    [Fact]
    public async Task A_chunked_upload_sends_its_parts_to_both_processes()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();

        byte[][] parts = [[.. Enumerable.Repeat((byte)'a', 12)], [.. Enumerable.Repeat((byte)'b', 3)]];
        var created = await (await clientA.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/CreateMultipartUploadUrls",
            new { startingPartNumber = 1, numberOfParts = 2, fileName = "parts.pdf", mimeType = "application/pdf" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var urls = created["urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        var first = await a.CreateClient().PutAsync(urls[0], new ByteArrayContent(parts[0]));
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await b.CreateClient().PutAsync(urls[1], new ByteArrayContent(parts[1]));
        second.StatusCode.Should().Be(HttpStatusCode.OK);

        var started = await (await clientB.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/ImportUploadedParts", new
        {
            uploadId = created.Str("uploadId"),
            partETags = new[] { first.Headers.ETag!.ToString(), second.Headers.ETag!.ToString() },
            name = "Parts", autoRename = true,
        })).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var task = await clientA.WaitForTaskAsync(started.Str("taskId"));
        task.Str("status").Should().Be("Completed");
        var download = await clientA.ExportAndDownloadAsync(task["result"]!["entryId"]!.GetValue<int>(), new { part = "Edoc" });
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(parts.SelectMany(p => p));
    }
}
