using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Integrity;

[Trait("Engine", "Both")]
public sealed class IntegrityTests
{
    private const int Root = 1;

    [Fact]
    public async Task Entries_created_while_their_folder_is_deleted_leave_no_orphans()
    {
        // Batches paced so the first creates land before the delete reaches the folders, even on a loaded machine.
        await using var app = new LfRepoApp(("LfRepo:Tasks:BatchSize", "2"), ("LfRepo:Tasks:BatchDelayMilliseconds", "60"));
        var client = await app.CreateSignedInClientAsync();
        var top = await client.CreateFolderAsync(Root, "Top");
        var folders = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var folder = await client.CreateFolderAsync(top.Id(), $"F{i}");
            folders.Add(folder.Id());
            await client.CreateFoldersAsync(folder.Id(), 2);
        }

        var taskId = await client.StartDeleteAsync(top.Id());
        var created = new List<int>();
        var statuses = new HashSet<HttpStatusCode>();
        // Creates go on until some have met a deleted folder (bounded), so a fast machine cannot finish them all
        // before the delete reaches the folders.
        for (var round = 0; round < 40 || (!statuses.Contains(HttpStatusCode.NotFound) && round < 2000); round++)
        {
            foreach (var folder in folders)
            {
                var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}/Folder/Children", new { name = $"late {round}", entryType = "Folder" });
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    created.Add((await response.ShouldBeJsonAsync(HttpStatusCode.Created)).Id());
                }
                else
                {
                    await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");
                }
            }
        }
        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");

        created.Should().NotBeEmpty("some creates ran before their folder went");
        statuses.Should().Contain(HttpStatusCode.NotFound, "some creates ran after their folder went");
        foreach (var id in created)
        {
            (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task The_root_folder_cannot_be_copied()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var target = await client.CreateFolderAsync(Root, "Target");

        var intoRoot = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/CopyAsync", new { sourceId = Root, name = "Root copy" });
        var intoChild = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{target.Id()}/Folder/CopyAsync", new { sourceId = Root, name = "Root copy" });

        (await intoRoot.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid copy.")).Str("detail").Should().Contain("itself or one of its subfolders");
        await intoChild.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid copy.");
        var listing = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        listing["@odata.count"]!.GetValue<int>().Should().Be(1);
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task A_folder_cannot_be_copied_into_its_own_subfolder()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var top = await client.CreateFolderAsync(Root, "Top");
        var inner = await client.CreateFolderAsync(top.Id(), "Inner");

        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}/Folder/CopyAsync", new { sourceId = top.Id(), name = "Loop" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid copy.");
    }

    [Fact]
    public async Task A_refused_import_leaves_no_bytes_behind()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(Root, [1, 2, 3], "a.bin", new { name = "Taken" });

        var refused = await client.PostImportAsync(Root, [9, 8, 7, 6], "b.bin", new { name = "Taken" });

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "Entry name conflicts.");
        await app.ShouldHaveASoundStoreAsync();
        var renamed = await client.ImportAsync(Root, [9, 8, 7, 6], "b.bin", new { name = "Taken", autoRename = true });
        renamed.Str("name").Should().Be("Taken (2)");
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task A_chunked_import_whose_task_fails_leaves_no_bytes_behind()
    {
        await using var app = new LfRepoApp(("LfRepo:Documents:MinPartBytes", "10"));
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(Root, [1], "a.bin", new { name = "Taken" });
        var urls = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/CreateMultipartUploadUrls",
            new { numberOfParts = 2, fileName = "big.bin", mimeType = "application/octet-stream" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var etags = new List<string>();
        foreach (var (url, size) in urls["urls"]!.AsArray().Select(u => u!.GetValue<string>()).Zip([20, 5]))
        {
            var put = await client.PutAsync(url, new ByteArrayContent([.. Enumerable.Repeat((byte)size, size)]));
            etags.Add(put.Headers.ETag!.ToString());
        }

        var started = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/ImportUploadedParts",
            new { uploadId = urls.Str("uploadId"), partETags = etags, name = "Taken" })).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var task = await client.WaitForTaskAsync(started.Str("taskId"));

        task.Str("status").Should().Be("Failed");
        task["errors"]![0]!["title"]!.GetValue<string>().Should().Be("Entry name conflicts.");
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task The_deep_health_check_reports_an_orphan()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(Root, "Parent");
        await client.CreateFolderAsync(folder.Id(), "Child");
        var store = app.Services.GetRequiredService<LfRepo.Server.Storage.StoreConnection>();
        await using (var connection = await store.OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM Entries WHERE Id = {folder.Id()}";
            await command.ExecuteNonQueryAsync();
        }

        var response = await app.CreateClient().GetAsync("/health?deep=true");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var report = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        report["status"]!.GetValue<string>().Should().Be("Unhealthy");
        report["integrity"]!["orphans"]!.AsArray().Should().ContainSingle().Which!.GetValue<string>().Should().Contain("\\Parent\\Child");
        (await app.CreateClient().GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_answers_GET_and_HEAD_only()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health"))).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await client.PostAsync("/health", null)).ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        await (await client.DeleteAsync("/health")).ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}
