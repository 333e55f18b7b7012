using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Tasks;

public sealed class TasksTests
{
    /// <summary>Small batches with a pause after each: a copy of 60 entries takes about a second.</summary>
    private static readonly (string, string)[] SlowWork =
    [
        ("LfRepo:Tasks:BatchSize", "5"),
        ("LfRepo:Tasks:BatchDelayMilliseconds", "80"),
        ("LfRepo:Tasks:LongPollSeconds", "0.5"),
    ];

    [Fact]
    public async Task ListTasks_takes_repeated_or_comma_separated_ids_and_lists_the_tokens_tasks_without_ids()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");
        var first = await client.StartDeleteAsync(a.Id());
        var second = await client.StartDeleteAsync(b.Id());
        await client.WaitForTaskAsync(first);
        await client.WaitForTaskAsync(second);

        var repeated = await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={first}&taskIds={second}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var commas = await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={first},{second}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var all = await (await client.GetAsync($"{LfRepoApp.V2}/Tasks")).ShouldBeJsonAsync(HttpStatusCode.OK);

        repeated["value"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).Should().Equal(first, second);
        commas["value"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).Should().Equal(first, second);
        all["value"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).Should().BeEquivalentTo([first, second]);

        var other = app.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LfRepoApp.RequestTokenAsync(other, "admin", "admin"));
        var otherToken = await (await other.GetAsync($"{LfRepoApp.V2}/Tasks")).ShouldBeJsonAsync(HttpStatusCode.OK);
        otherToken["value"]!.AsArray().Should().BeEmpty("with no ids, only the calling token's tasks are listed");
        (await other.GetTaskAsync(first)).Str("status").Should().Be("Completed", "a task id stays readable by its user with a new token");
    }

    [Fact]
    public async Task Unknown_task_ids_are_404()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds=00000000-0000-0000-0000-000000000000")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Task not found."))
            .Str("detail").Should().Contain("00000000-0000-0000-0000-000000000000");
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds=nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_task_id_expires_15_minutes_after_its_task_finished()
    {
        await using var app = new LfRepoApp(("LfRepo:TokenLifetimeSeconds", "3600"));
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var taskId = await client.StartDeleteAsync(folder.Id());
        await client.WaitForTaskAsync(taskId);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        (await client.GetTaskAsync(taskId)).Str("status").Should().Be("Completed");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Progress_grows_while_a_big_copy_runs_and_ListTasks_long_polls()
    {
        await using var app = new LfRepoApp(SlowWork);
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Big");
        await client.CreateFoldersAsync(source.Id(), 60);

        var taskId = await client.StartCopyAsync(1, source.Id(), "Big copy");
        var midway = await client.WaitForTaskAsync(taskId, t => t["percentComplete"]!.GetValue<int>() is > 0 and < 100);
        var clock = Stopwatch.StartNew();
        var polled = await client.GetTaskAsync(taskId);
        clock.Stop();
        var done = await client.WaitForTaskAsync(taskId);

        midway.Str("status").Should().Be("InProgress");
        midway["percentComplete"]!.GetValue<int>().Should().BeInRange(1, 99);
        polled["percentComplete"]!.GetValue<int>().Should().BeGreaterThan(midway["percentComplete"]!.GetValue<int>(),
            "a long poll on a running task answers when it changes");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1.5));
        done.Str("status").Should().Be("Completed");
    }

    [Fact]
    public async Task One_ListTasks_call_right_after_the_start_waits_for_the_end_not_for_the_first_change()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:BatchSize", "5"), ("LfRepo:Tasks:BatchDelayMilliseconds", "40"));
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Big");
        await client.CreateFoldersAsync(source.Id(), 30);

        var taskId = await client.StartCopyAsync(1, source.Id(), "Big copy");
        var polled = await client.GetTaskAsync(taskId);

        polled.Str("status").Should().Be("Completed", "the long poll skips NotStarted → InProgress and every progress save");
        polled["percentComplete"]!.GetValue<int>().Should().Be(100);
    }

    [Fact]
    public async Task A_long_poll_on_a_task_that_does_not_end_answers_with_its_progress_at_the_limit()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:BatchSize", "5"), ("LfRepo:Tasks:BatchDelayMilliseconds", "200"), ("LfRepo:Tasks:LongPollSeconds", "0.5"));
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Big");
        await client.CreateFoldersAsync(source.Id(), 60);
        var taskId = await client.StartCopyAsync(1, source.Id(), "Big copy");

        var clock = Stopwatch.StartNew();
        var polled = await client.GetTaskAsync(taskId);
        clock.Stop();
        await client.WaitForTaskAsync(taskId);

        polled.Str("status").Should().Be("InProgress");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.45), "progress saves do not end the wait");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Cancelling_a_big_copy_stops_it_and_keeps_a_consistent_partial_copy()
    {
        await using var app = new LfRepoApp(SlowWork);
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Big");
        await client.CreateFoldersAsync(source.Id(), 60);
        var taskId = await client.StartCopyAsync(1, source.Id(), "Partial");
        await client.WaitForTaskAsync(taskId, t => t["percentComplete"]!.GetValue<int>() > 0);

        var cancel = await (await client.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var task = await client.WaitForTaskAsync(taskId);

        var result = cancel["value"]!.AsArray().Single()!.AsObject();
        result.Str("id").Should().Be(taskId);
        result.Str("taskType").Should().Be("CopyEntry");
        result["result"]!.GetValue<bool>().Should().BeTrue();
        task.Str("status").Should().Be("Cancelled");
        var partial = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CPartial")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var children = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{partial["entry"]!["id"]}/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        children["@odata.count"]!.GetValue<int>().Should().BeInRange(1, 59, "work done before the cancel is kept, the rest is not done");
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task Cancelling_a_finished_task_is_received_and_changes_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var taskId = await client.StartDeleteAsync(folder.Id());
        await client.WaitForTaskAsync(taskId);

        var cancel = await (await client.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        cancel["value"]![0]!["result"]!.GetValue<bool>().Should().BeTrue();
        (await client.GetTaskAsync(taskId)).Str("status").Should().Be("Completed");
    }

    [Fact]
    public async Task The_per_user_limit_answers_429_when_on()
    {
        await using var app = new LfRepoApp([.. SlowWork, ("LfRepo:Tasks:MaxConcurrentPerUser", "1")]);
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Big");
        await client.CreateFoldersAsync(source.Id(), 40);
        var running = await client.StartCopyAsync(1, source.Id(), "One");

        var second = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync", new { sourceId = source.Id(), name = "Two" });

        await second.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={running}")).ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tasks_interrupted_by_a_restart_end_Failed_and_leave_no_orphans()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string taskId;
            int sourceId;
            await using (var first = new LfRepoApp(SlowWork) { DataDir = dataDir })
            {
                var client = await first.CreateSignedInClientAsync();
                sourceId = (await client.CreateFolderAsync(1, "Big")).Id();
                await client.CreateFoldersAsync(sourceId, 60);
                taskId = await client.StartCopyAsync(1, sourceId, "Interrupted");
                await client.WaitForTaskAsync(taskId, t => t["percentComplete"]!.GetValue<int>() > 0);
            }

            await using var second = new LfRepoApp { DataDir = dataDir };
            var again = await second.CreateSignedInClientAsync();
            var task = await again.GetTaskAsync(taskId);

            task.Str("status").Should().Be("Failed");
            var problem = task["errors"]!.AsArray().Single()!.AsObject();
            problem.Str("title").Should().Contain("restarted");
            await second.ShouldHaveASoundStoreAsync();
            SqliteConnection.ClearAllPools();
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "lfrepo.db")}");
            await connection.OpenAsync();
            await using var orphans = connection.CreateCommand();
            orphans.CommandText = "SELECT COUNT(*) FROM Entries e WHERE e.ParentId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM Entries p WHERE p.Id = e.ParentId)";
            ((long)(await orphans.ExecuteScalarAsync())!).Should().Be(0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
