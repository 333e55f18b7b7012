using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tasks;

[Trait("Engine", "Both")]
public sealed class CopyTests
{
    [Fact]
    public async Task CopyAsync_copies_a_folder_tree_and_reports_the_copy_as_its_result()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Source");
        var inner = await client.CreateFolderAsync(source.Id(), "Inner");
        await client.CreateFolderAsync(inner.Id(), "Leaf");
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}/Folder/Children",
            new { name = "Link", entryType = "Shortcut", targetId = source.Id() })).ShouldBeJsonAsync(HttpStatusCode.Created);
        var destination = await client.CreateFolderAsync(1, "Destination");

        var taskId = await client.StartCopyAsync(destination.Id(), source.Id(), "Copied");
        var task = await client.WaitForTaskAsync(taskId);

        task.Str("status").Should().Be("Completed");
        task.Str("taskType").Should().Be("CopyEntry");
        task["percentComplete"]!.GetValue<int>().Should().Be(100);
        task["errors"]!.AsArray().Should().BeEmpty();
        var copyId = task["result"]!["entryId"]!.GetValue<int>();
        task["result"]!["uri"]!.GetValue<string>().Should().EndWith($"/LFRepositoryAPI/v2/Repositories/r-emulator/Entries/{copyId}");
        var copy = await client.GetEntryAsync(copyId);
        copy.Str("fullPath").Should().Be("\\Destination\\Copied");
        copy["parentId"]!.GetValue<int>().Should().Be(destination.Id());
        var leaf = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\Destination\\Copied\\Inner\\Leaf")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        leaf["entry"]!.AsObject().Str("folderPath").Should().Be("\\Destination\\Copied\\Inner");
        var link = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\Destination\\Copied\\Inner\\Link")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        link["entry"]!["targetId"]!.GetValue<int>().Should().Be(source.Id());
        (await client.GetEntryAsync(source.Id())).Str("fullPath").Should().Be("\\Source", "the original stays where it was");
    }

    [Fact]
    public async Task A_name_conflict_without_autoRename_ends_Failed_with_a_409_problem()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Source");
        await client.CreateFolderAsync(1, "Taken");

        var task = await client.WaitForTaskAsync(await client.StartCopyAsync(1, source.Id(), "taken"));

        task.Str("status").Should().Be("Failed");
        task.ContainsKey("result").Should().BeFalse();
        var problem = task["errors"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        problem["status"]!.GetValue<int>().Should().Be(409);
        problem.Str("title").Should().Be("Entry name conflicts.");
        problem.Str("operationId").Should().NotBeNullOrEmpty();
        problem["errorCode"]!.GetValue<int>().Should().NotBe(0);
    }

    [Fact]
    public async Task Two_concurrent_copies_into_one_folder_with_autoRename_get_distinct_names()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:BatchSize", "3"));
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Source");
        await client.CreateFoldersAsync(source.Id(), 12);
        var destination = await client.CreateFolderAsync(1, "Destination");

        var ids = await Task.WhenAll(client.StartCopyAsync(destination.Id(), source.Id(), "Twin", autoRename: true),
                                     client.StartCopyAsync(destination.Id(), source.Id(), "Twin", autoRename: true));
        var tasks = await Task.WhenAll(ids.Select(id => client.WaitForTaskAsync(id)));

        tasks.Should().AllSatisfy(t => t.Str("status").Should().Be("Completed"));
        var copies = await Task.WhenAll(tasks.Select(t => client.GetEntryAsync(t["result"]!["entryId"]!.GetValue<int>())));
        copies.Select(c => c.Str("name")).Should().BeEquivalentTo("Twin", "Twin (2)");
        foreach (var copy in copies)
        {
            var children = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{copy.Id()}/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
            children["@odata.count"]!.GetValue<int>().Should().Be(12);
            children["value"]!.AsArray().Should().AllSatisfy(c => c!["fullPath"]!.GetValue<string>().Should().StartWith(copy.Str("fullPath") + "\\"));
        }
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task A_folder_cannot_be_copied_into_itself_or_below_itself()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var top = await client.CreateFolderAsync(1, "Top");
        var child = await client.CreateFolderAsync(top.Id(), "Child");

        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{top.Id()}/Folder/CopyAsync", new { sourceId = top.Id(), name = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid copy.");
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{child.Id()}/Folder/CopyAsync", new { sourceId = top.Id(), name = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid copy.");
    }

    [Fact]
    public async Task CopyAsync_checks_its_request_before_starting()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");

        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync", new { sourceId = 999, name = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/999/Folder/CopyAsync", new { sourceId = folder.Id(), name = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync", new { name = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync", new { sourceId = folder.Id(), name = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Synchronous_copy_copies_shortcuts_and_refuses_folders()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Folder");
        var shortcut = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children", new { name = "Link", entryType = "Shortcut", targetId = folder.Id() })).ShouldBeJsonAsync(HttpStatusCode.Created);

        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Folder/Copy", new { sourceId = shortcut.Id(), name = "Link copy" });
        var copy = await response.ShouldBeJsonAsync(HttpStatusCode.Created);

        copy.Str("entryType").Should().Be("Shortcut");
        copy.Str("fullPath").Should().Be("\\Folder\\Link copy");
        copy["targetId"]!.GetValue<int>().Should().Be(folder.Id());
        response.Headers.Location!.ToString().Should().EndWith($"/Entries/{copy.Id()}");
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Copy", new { sourceId = folder.Id(), name = "Folder copy" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Folders are copied with CopyAsync.");
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Folder/Copy", new { sourceId = shortcut.Id(), name = "link COPY" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
