using System.Net;
using LfRepo.Server.Tasks;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Tasks;

/// <summary>
/// Two server processes on one store (two in-process hosts sharing the data folder, or the PostgreSQL database):
/// tasks run once across both, cancel from either and fail once their process is gone.
/// </summary>
[Trait("Engine", "Both")]
public sealed class CrossProcessTaskTests : SharedStoreTest
{
    /// <summary>One worker each, a fast heartbeat, and slow copies: a backlog in one process that the other helps with.</summary>
    private static readonly (string, string)[] Settings =
    [
        ("LfRepo:Tasks:Workers", "1"),
        ("LfRepo:Tasks:HeartbeatMilliseconds", "50"),
        ("LfRepo:Tasks:BatchSize", "2"),
        ("LfRepo:Tasks:BatchDelayMilliseconds", "40"),
        ("LfRepo:Tasks:LongPollSeconds", "0.5"),
    ];

    [Fact]
    public async Task Tasks_started_on_both_processes_run_exactly_once_and_both_processes_work()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();

        var source = (await clientA.CreateFolderAsync(1, "Source")).Id();
        await clientA.CreateFoldersAsync(source, 3);
        var target = (await clientA.CreateFolderAsync(1, "Target")).Id();

        // Copies with autoRename: a copy that ran twice would leave a "Copy (2)" behind.
        var ids = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            ids.Add(await (i % 4 == 3 ? clientB : clientA).StartCopyAsync(target, source, "Copy" + i, autoRename: true));
        }
        foreach (var id in ids)
        {
            (await clientB.WaitForTaskAsync(id, TimeSpan.FromSeconds(60))).Str("status").Should().Be("Completed", "task {0} ran", id);
        }

        var pages = await clientB.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{target}/Folder/Children");
        pages.SelectMany(p => p["value"]!.AsArray()).Select(c => c!.AsObject().Str("name")).Should().BeEquivalentTo(Enumerable.Range(0, 16).Select(i => "Copy" + i));
        var store = b.Services.GetRequiredService<TaskStore>();
        var owners = new List<string?>();
        foreach (var id in ids)
        {
            owners.Add((await store.FindAsync(id, CancellationToken.None))!.OwnerId);
        }
        owners.Should().Contain(a.Services.GetRequiredService<TaskQueue>().ProcessId);
        owners.Should().Contain(b.Services.GetRequiredService<TaskQueue>().ProcessId, "the idle process takes tasks the busy one queued");
        await b.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task A_task_running_in_one_process_is_cancelled_through_the_other()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();

        var taskId = (await (await clientA.PostAsync($"{LfRepoApp.V2}/Tasks/StartTestTaskAsync?operationTime=20000", null))
            .ShouldBeJsonAsync(HttpStatusCode.OK)).Str("taskId");
        await clientB.WaitForTaskAsync(taskId, t => t.Str("status") == "InProgress");
        var runner = (await b.Services.GetRequiredService<TaskStore>().FindAsync(taskId, CancellationToken.None))!.OwnerId;

        await (await clientB.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var task = await clientB.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(10));

        task.Str("status").Should().Be("Cancelled");
        task["percentComplete"]!.GetValue<int>().Should().BeLessThan(100, "the 20-second task stopped early");
        runner.Should().NotBeNull();
        (await clientA.GetTaskAsync(taskId)).Str("status").Should().Be("Cancelled");
    }

    [Fact]
    public async Task A_task_whose_process_died_ends_Failed_once_its_lease_lapses_and_a_queued_one_is_taken_over()
    {
        await using var b = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientB = await b.CreateSignedInClientAsync();
        var store = b.Services.GetRequiredService<TaskStore>();
        var now = DateTime.UtcNow.Ticks;
        // What a process killed mid-work leaves: a running task whose lease lapsed, and a queued one it had not started.
        await store.InsertAsync(DeadProcessTask("running-of-dead", OperationStatus.InProgress, now - TimeSpan.FromSeconds(1).Ticks), CancellationToken.None);
        await store.InsertAsync(DeadProcessTask("queued-of-dead", OperationStatus.NotStarted, now + TimeSpan.FromMinutes(5).Ticks), CancellationToken.None);
        // A running task whose process is alive (its lease is current) is left alone.
        await store.InsertAsync(DeadProcessTask("running-elsewhere", OperationStatus.InProgress, now + TimeSpan.FromMinutes(5).Ticks), CancellationToken.None);

        var failed = await clientB.WaitForTaskAsync("running-of-dead", TimeSpan.FromSeconds(10));
        failed.Str("status").Should().Be("Failed");
        failed["errors"]!.AsArray().Single()!["title"]!.GetValue<string>().Should().Contain("restarted");

        var taken = await clientB.WaitForTaskAsync("queued-of-dead", TimeSpan.FromSeconds(10));
        taken.Str("status").Should().Be("Completed");
        (await store.FindAsync("queued-of-dead", CancellationToken.None))!.OwnerId.Should().Be(b.Services.GetRequiredService<TaskQueue>().ProcessId);

        (await clientB.GetTaskAsync("running-elsewhere")).Str("status").Should().Be("InProgress");
    }

    [Fact]
    public async Task Stopping_one_process_does_not_fail_the_tasks_the_other_runs()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        var taskId = (await (await clientA.PostAsync($"{LfRepoApp.V2}/Tasks/StartTestTaskAsync?operationTime=6000", null))
            .ShouldBeJsonAsync(HttpStatusCode.OK)).Str("taskId");
        await clientA.WaitForTaskAsync(taskId, t => t.Str("status") == "InProgress");

        // A second process starting (and stopping) on the store fails only tasks whose lease lapsed.
        await using (var b = new LfRepoApp(Settings) { SharesStoreWith = a })
        {
            var clientB = await b.CreateSignedInClientAsync();
            (await clientB.GetTaskAsync(taskId)).Str("status").Should().NotBe("Failed");
        }

        (await clientA.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(20))).Str("status").Should().Be("Completed");
    }

    private static TaskRecord DeadProcessTask(string id, OperationStatus status, long leaseExpiresTicks) => new()
    {
        Id = id,
        TaskType = OperationType.Test,
        Status = status,
        StartTicks = DateTime.UtcNow.Ticks,
        LastUpdateTicks = DateTime.UtcNow.Ticks,
        UserName = "admin",
        TokenId = "",
        RequestJson = """{"RepositoryId":"r-emulator","OperationTime":50,"HasRedirectUri":false,"HasError":false}""",
        BaseUrl = "http://localhost/LFRepositoryAPI",
        Instance = "/",
        OperationId = "",
        OwnerId = "a-process-that-died",
        LeaseExpiresTicks = leaseExpiresTicks,
    };
}
