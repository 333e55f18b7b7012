using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class TaskPacingTests
{
    [Fact]
    public async Task Manual_mode_keeps_tasks_not_started_until_run()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var mode = await (await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "manual" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        mode.Str("mode").Should().Be("manual");
        var folder = await client.CreateFolderAsync(1, "Source");

        var taskId = await client.StartCopyAsync(1, folder.Id(), "Copy");
        await Task.Delay(200);
        (await client.GetTaskAsync(taskId)).Str("status").Should().Be("NotStarted");
        (await client.ChildrenAsync(1)).Should().HaveCount(1);

        await client.PostAsync($"{ControlPlane.Root}/tasks/{taskId}/run", null).ShouldBeNoContentAsync();

        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");
        (await client.ChildrenAsync(1)).Should().HaveCount(2);
        await (await client.PostAsync($"{ControlPlane.Root}/tasks/{taskId}/run", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "The task is not waiting to be run.");
    }

    [Fact]
    public async Task Manual_mode_fails_a_task_with_the_problem_given_and_does_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "manual" });
        var folder = await client.CreateFolderAsync(1, "Source");
        var taskId = await client.StartCopyAsync(1, folder.Id(), "Copy");

        await client.PostAsJsonAsync($"{ControlPlane.Root}/tasks/{taskId}/fail", new { status = 409, title = "Entry name conflicts.", detail = "Chosen by the test.", errorCode = 9300 })
            .ShouldBeNoContentAsync();

        var task = await client.GetTaskAsync(taskId);
        task.Str("status").Should().Be("Failed");
        var error = task["errors"]!.AsArray().Single()!.AsObject();
        error["status"]!.GetValue<int>().Should().Be(409);
        error.Str("title").Should().Be("Entry name conflicts.");
        error.Str("detail").Should().Be("Chosen by the test.");
        error["errorCode"]!.GetValue<int>().Should().Be(9300);
        (await client.ChildrenAsync(1)).Should().HaveCount(1);
        await (await client.PostAsync($"{ControlPlane.Root}/tasks/nope/fail", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Task not found.");
    }

    [Fact]
    public async Task Delay_mode_starts_every_task_after_the_delay()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        (await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "delay", delayMs = 400 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var folder = await client.CreateFolderAsync(1, "Source");

        var started = DateTime.UtcNow;
        var taskId = await client.StartCopyAsync(1, folder.Id(), "Copy");
        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");

        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390));
        var mode = await client.GetJsonAsync(ControlPlane.Root + "/tasks/mode");
        mode.Str("mode").Should().Be("delay");
        mode["delayMs"]!.GetValue<int>().Should().Be(400);
        await (await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "delay" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "later" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Going_back_to_immediate_runs_the_held_tasks()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "manual" });
        var folder = await client.CreateFolderAsync(1, "Source");
        var taskId = await client.StartCopyAsync(1, folder.Id(), "Copy");

        await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "immediate" });

        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");
    }

    [Fact]
    public async Task The_table_apis_ReplaceAllRows_task_obeys_the_manual_and_delay_modes()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "manual" });

        var taskId = await StartReplaceAsync(client, "Sku,Price\nQ-1,1.5\n");
        await Task.Delay(200);
        (await TableTaskAsync(client, taskId)).Str("Status").Should().Be("NotStarted");

        await client.PostAsync($"{ControlPlane.Root}/tasks/{taskId}/run", null).ShouldBeNoContentAsync();
        var done = await WaitForTableTaskAsync(client, taskId);
        done.Str("Status").Should().Be("Completed");
        done["Result"]!["RowCount"]!.GetValue<int>().Should().Be(1);

        (await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "delay", delayMs = 400 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var started = DateTime.UtcNow;
        var delayed = await StartReplaceAsync(client, "Sku,Price\nQ-1,1.5\nQ-2,2.5\n");
        (await WaitForTableTaskAsync(client, delayed)).Str("Status").Should().Be("Completed");
        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390));
    }

    private static async Task<string> StartReplaceAsync(HttpClient client, string csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new StringContent(csv, System.Text.Encoding.UTF8);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "table.csv");
        var started = await (await client.PostAsync(Tables.TableSeedFixture.Root + "/Products/ReplaceAllRowsAsync", form)).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        return started.Str("taskId");
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> TableTaskAsync(HttpClient client, string taskId) =>
        await (await client.GetAsync($"/odata4/general/Tasks({taskId})")).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static async Task<System.Text.Json.Nodes.JsonObject> WaitForTableTaskAsync(HttpClient client, string taskId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var task = await TableTaskAsync(client, taskId);
            if (task.Str("Status") is "Completed" or "Failed" || DateTime.UtcNow > deadline)
            {
                return task;
            }
            await Task.Delay(20);
        }
    }
}
