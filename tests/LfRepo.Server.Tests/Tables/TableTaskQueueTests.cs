using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>ReplaceAllRowsAsync runs on the repository's task queue, yet only the Table API reports it.</summary>
[Trait("Engine", "Both")]
public sealed class TableTaskQueueTests
{
    [Fact]
    public async Task A_replace_task_is_a_row_of_the_task_queue_that_the_repository_task_operations_do_not_list()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:MaxConcurrentPerUser", "1"));
        var client = await app.CreateSignedInClientAsync();
        using var csv = new MultipartFormDataContent();
        var file = new StringContent("Sku,Price\nQ-1,1.5\n", Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        csv.Add(file, "file", "table.csv");

        var started = await (await client.PostAsync(TableSeedFixture.Root + "/Products/ReplaceAllRowsAsync", csv)).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var taskId = started["taskId"]!.GetValue<string>();
        JsonObject task;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            task = await (await client.GetAsync($"/odata4/general/Tasks({taskId})")).ShouldBeJsonAsync(HttpStatusCode.OK);
        }
        while (task["Status"]!.GetValue<string>() is not ("Completed" or "Failed") && DateTime.UtcNow < deadline && await Delay());

        task["Status"]!.GetValue<string>().Should().Be("Completed");
        task["Result"]!["Table"]!.GetValue<string>().Should().Be("Products");
        task["Result"]!["RowCount"]!.GetValue<int>().Should().Be(1);
        var listed = await (await client.GetAsync($"{LfRepoApp.V2}/Tasks")).ShouldBeJsonAsync(HttpStatusCode.OK);
        listed["value"]!.AsArray().Should().BeEmpty("the repository's ListTasks shows repository operations only");
        await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // Finished tasks expire like every task of the queue.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        client = await app.CreateSignedInClientAsync();
        await (await client.GetAsync($"/odata4/general/Tasks({taskId})")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Task not found.");
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20);
        return true;
    }
}
