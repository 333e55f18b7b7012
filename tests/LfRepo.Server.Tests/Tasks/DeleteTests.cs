using System.Net;
using System.Text;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tasks;

[Trait("Engine", "Both")]
public sealed class DeleteTests
{
    [Fact]
    public async Task Deleting_a_folder_removes_its_whole_subtree()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:BatchSize", "4"));
        var client = await app.CreateSignedInClientAsync();
        var top = await client.CreateFolderAsync(1, "Top");
        var inner = await client.CreateFolderAsync(top.Id(), "Inner");
        await client.CreateFoldersAsync(inner.Id(), 10);
        var sibling = await client.CreateFolderAsync(1, "Sibling");
        await client.GetEntryAsync(inner.Id());

        var task = await client.WaitForTaskAsync(await client.StartDeleteAsync(top.Id()));

        task.Str("status").Should().Be("Completed");
        task.Str("taskType").Should().Be("DeleteEntry");
        task["result"]!["entryId"]!.GetValue<int>().Should().Be(top.Id());
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{top.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await client.GetEntryAsync(sibling.Id())).Str("name").Should().Be("Sibling");
        var root = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        root["@odata.count"]!.GetValue<int>().Should().Be(1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"auditReasonComment\": \"cleanup\"}")]
    public async Task The_body_may_be_absent_null_or_empty(string? body)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Gone");
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{LfRepoApp.V2}/Entries/{folder.Id()}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var taskId = (await (await client.SendAsync(request)).ShouldBeJsonAsync(HttpStatusCode.Accepted)).Str("taskId");

        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");
    }

    [Fact]
    public async Task The_root_folder_and_unknown_entries_cannot_be_deleted()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The root folder cannot be deleted.");
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/4242")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_audit_reason_is_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{LfRepoApp.V2}/Entries/{folder.Id()}")
        {
            Content = new StringContent("{\"auditReasonId\": 77}", Encoding.UTF8, "application/json"),
        };

        (await (await client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("77");
    }

    [Fact]
    public async Task Deleting_an_entry_an_earlier_delete_removed_is_accepted_and_the_task_reports_it_missing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Folder");
        var inner = await client.CreateFolderAsync(folder.Id(), "Inner");
        (await client.WaitForTaskAsync(await client.StartDeleteAsync(folder.Id()))).Str("status").Should().Be("Completed");

        var response = await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}");
        var task = await client.WaitForTaskAsync((await response.ShouldBeJsonAsync(HttpStatusCode.Accepted)).Str("taskId"));

        task.Str("status").Should().Be("Failed");
        var error = task["errors"]!.AsArray().Single()!.AsObject();
        error.Str("title").Should().Be("Entry not found.");
        error["status"]!.GetValue<int>().Should().Be(404);
        error.Str("detail").Should().Contain(inner.Id().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_folder_and_an_entry_inside_it_deleted_back_to_back_are_both_accepted()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Folder");
        var inner = await client.CreateFolderAsync(folder.Id(), "Inner");

        var first = await client.StartDeleteAsync(folder.Id());
        var second = await client.StartDeleteAsync(inner.Id());

        (await client.WaitForTaskAsync(first)).Str("status").Should().Be("Completed");
        (await client.WaitForTaskAsync(second)).Str("status").Should().BeOneOf("Completed", "Failed");
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
