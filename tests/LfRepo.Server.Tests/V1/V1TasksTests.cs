using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>DeleteEntryInfo, CopyEntryAsync and the operation tokens they return.</summary>
[Trait("Engine", "Both")]
public sealed class V1TasksTests
{
    private const string V1 = V1EntriesTests.V1;

    private static async Task<(HttpStatusCode Status, JsonObject Progress, HttpResponseMessage Response)> WaitAsync(HttpClient client, string token)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await client.GetAsync($"{V1}/Tasks/{token}");
            var status = response.StatusCode;
            var progress = await response.ShouldBeJsonAsync(status);
            if (status != HttpStatusCode.Accepted || DateTime.UtcNow > deadline)
            {
                return (status, progress, response);
            }
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task CopyEntryAsync_copies_a_folder_tree_followed_through_its_token()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Source");
        await client.CreateFolderAsync(source.Id(), "Inner");

        var started = await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/CopyAsync", new { name = "Copied", sourceId = source.Id() });
        var token = (await started.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        var (status, progress, response) = await WaitAsync(client, token);

        started.Headers.Location!.ToString().Should().EndWith($"/v1/Repositories/r-emulator/Tasks/{token}");
        status.Should().Be(HttpStatusCode.Created);
        progress.Str("status").Should().Be("Completed");
        progress.Str("operationToken").Should().Be(token);
        progress.Str("operationType").Should().Be("CopyEntry");
        progress["percentComplete"]!.GetValue<int>().Should().Be(100);
        var copyId = progress["entryId"]!.GetValue<int>();
        progress.Str("redirectUri").Should().EndWith($"/v1/Repositories/r-emulator/Entries/{copyId}");
        response.Headers.Location!.ToString().Should().Be(progress.Str("redirectUri"));
        var inner = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath={Uri.EscapeDataString("\\Copied\\Inner")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        inner["entry"]!["parentId"]!.GetValue<int>().Should().Be(copyId);
    }

    [Fact]
    public async Task A_failed_copy_reports_its_error_as_an_OperationErrorItem()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Source");
        await client.CreateFolderAsync(1, "Taken");

        var token = (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/CopyAsync", new { name = "Taken", sourceId = source.Id() }))
            .ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        var (status, progress, _) = await WaitAsync(client, token);

        status.Should().Be(HttpStatusCode.OK);
        progress.Str("status").Should().Be("Failed");
        progress["errors"]!.AsArray().Should().ContainSingle().Which!["errorMessage"]!.GetValue<string>().Should().Contain("Taken");
    }

    [Fact]
    public async Task CopyEntryAsync_problems_name_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var document = await client.ImportAsync(1, "x"u8.ToArray(), "x.txt", new { name = "Doc" }, "text/plain");

        (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/CopyAsync", new { name = "X" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("sourceId");
        (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/CopyAsync", new { name = "X", sourceId = 4040 })).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .Str("detail").Should().Contain("4040");
        await (await client.PostAsJsonAsync($"{V1}/Entries/{document.Id()}/Laserfiche.Repository.Folder/CopyAsync", new { name = "X", sourceId = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DeleteEntryInfo_deletes_through_an_operation_token_that_v2_also_lists()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Doomed");
        await client.CreateFolderAsync(folder.Id(), "Child");

        var token = (await (await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{V1}/Entries/{folder.Id()}")
        {
            Content = JsonContent.Create(new { auditReasonId = (int?)null, comment = "gone" }),
        })).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        var (status, progress, _) = await WaitAsync(client, token);

        status.Should().Be(HttpStatusCode.OK, "a delete has no result entry to point at");
        progress.Str("status").Should().Be("Completed");
        progress.Str("operationType").Should().Be("DeleteEntry");
        progress["redirectUri"].Should().BeNull();
        await (await client.GetAsync($"{V1}/Entries/{folder.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await client.GetTaskAsync(token)).Str("status").Should().Be("Completed");
    }

    [Fact]
    public async Task DeleteEntryInfo_problems_name_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Kept");

        await (await client.DeleteAsync($"{V1}/Entries/999")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{V1}/Entries/{folder.Id()}") { Content = JsonContent.Create(new { auditReasonId = 31337 }) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("31337");
        await (await client.DeleteAsync($"{V1}/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_tokens_are_404()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Finished");
        var token = (await (await client.DeleteAsync($"{V1}/Entries/{folder.Id()}")).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        await WaitAsync(client, token);

        (await (await client.GetAsync($"{V1}/Tasks/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Task not found.")).Str("detail").Should().Contain("nope");
        await (await client.DeleteAsync($"{V1}/Tasks/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteEntryInfo_of_an_entry_already_deleted_is_accepted_and_the_operation_reports_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Folder");
        var inner = await client.CreateFolderAsync(folder.Id(), "Inner");
        await WaitAsync(client, (await (await client.DeleteAsync($"{V1}/Entries/{folder.Id()}")).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token"));

        var token = (await (await client.DeleteAsync($"{V1}/Entries/{inner.Id()}")).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        var (status, progress, _) = await WaitAsync(client, token);

        status.Should().Be(HttpStatusCode.OK);
        progress.Str("status").Should().Be("Failed");
        progress["errors"]!.AsArray().Single()!.AsObject().Str("errorMessage").Should().Contain(inner.Id().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CancelOperation_on_a_finished_operation_is_400_cannot_cancel_completed_operation()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Finished");
        var token = (await (await client.DeleteAsync($"{V1}/Entries/{folder.Id()}")).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        await WaitAsync(client, token);

        (await (await client.DeleteAsync($"{V1}/Tasks/{token}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Cannot cancel completed operation."))
            .Str("detail").Should().Contain(token);
        (await WaitAsync(client, token)).Progress.Str("status").Should().Be("Completed");
    }

    [Fact]
    public async Task CancelOperation_on_a_running_operation_answers_204_and_cancels_it()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:BatchSize", "5"), ("LfRepo:Tasks:BatchDelayMilliseconds", "100"));
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Big");
        await client.CreateFoldersAsync(source.Id(), 60);
        var token = (await (await client.PostAsJsonAsync($"{V1}/Entries/1/Laserfiche.Repository.Folder/CopyAsync", new { name = "Copy", sourceId = source.Id() }))
            .ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");

        (await client.DeleteAsync($"{V1}/Tasks/{token}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await WaitAsync(client, token)).Progress.Str("status").Should().Be("Cancelled");
    }
}
