using LfRepo.Server.Storage;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Tasks;

/// <summary>
/// The hosted workers: each takes a task id from the queue, claims it in the store (so a task runs once across every
/// process on the store) and runs its handler in a DI scope of its own, with a cancellation token that CancelTasks and
/// shutdown both trip. A heartbeat renews this process's leases, trips the tasks cancelled through other processes,
/// offers idle workers the tasks other processes queued and, in one process at a time, fails tasks whose lease
/// lapsed and drops expired task rows.
/// </summary>
public sealed class TaskWorker(TaskQueue queue, TaskStore store, TaskPacing pacing, StorePeers peers, StoreGenerations generations, IServiceScopeFactory scopes, ILogger<TaskWorker> logger) : BackgroundService
{
    private const string SweepLease = "sweep";

    /// <summary>Each live process holds a lease named so, renewed by its heartbeat: how processes learn of each other.</summary>
    private const string ProcessLeasePrefix = "process:";

    private string ProcessLease => ProcessLeasePrefix + queue.ProcessId;
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Math.Max(1, queue.Options.Workers)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken));
        return Task.WhenAll([.. workers, HeartbeatAsync(stoppingToken)]);
    }

    /// <summary>Before the server takes requests: this process announces itself and learns whether others share the store.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await AnnounceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        var now = TaskQueue.LeaseNowTicks;
        await store.TryTakeLeaseAsync(ProcessLease, queue.ProcessId, now, queue.LeaseUntilTicks, cancellationToken);
        peers.Set(await store.CountLiveLeasesAsync(ProcessLeasePrefix, now, cancellationToken) > 1);
    }

    /// <summary>After the workers stop: the leases of this process's unfinished tasks lapse at once, so the next start fails them.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await store.ReleaseAsync(queue.ProcessId, CancellationToken.None);
            await store.DropLeaseAsync(ProcessLease, queue.ProcessId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The store may be gone already (a throwaway store); the leases then lapse by themselves.
            logger.LogDebug(ex, "Task leases of this process were not released");
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (pacing.Holds(id))
                {
                    continue;
                }
                await RunAsync(id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down. Tasks left unfinished are failed at the next start (docs/compatibility.md).
        }
    }

    private async Task RunAsync(string id, CancellationToken stoppingToken)
    {
        if (!await store.TryBeginAsync(id, queue.ProcessId, queue.LeaseUntilTicks, queue.NowTicks, stoppingToken))
        {
            return; // Claimed by another worker, or cancelled before it started.
        }
        queue.Changed(id);

        using var cancellation = queue.Register(id, stoppingToken);
        var task = (await store.FindAsync(id, stoppingToken))!;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        logger.LogInformation("Task {TaskId:l} ({TaskType}) started; operationId {OperationId:l}", task.Id, task.TaskType, task.OperationId);
        string? problemTitle = null;
        try
        {
            // A cancel that arrived between the start and the registration above.
            if (task.CancelRequested)
            {
                await cancellation.CancelAsync();
            }

            // What other processes changed of the definitions and users since this one read them.
            await generations.CatchUpAsync(cancellation.Token);
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<ITaskHandler>().Single(h => h.Type == task.TaskType);
            var outcome = await handler.RunAsync(task, new TaskContext(task, queue, cancellation.Token));

            task.Status = OperationStatus.Completed;
            task.PercentComplete = 100;
            task.ResultEntryId = outcome.EntryId;
            task.ResultUri = outcome.Uri;
            task.ResultJson = outcome.ResultJson;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // Shutdown: the row stays InProgress and is failed at the next start.
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            task.Status = OperationStatus.Cancelled;
            task.CancelRequested = true;
        }
        catch (ApiProblemException problem)
        {
            task.Status = OperationStatus.Failed;
            task.ErrorsJson = ProblemWriter.RenderArray(problem.Kind, problem.Detail, task.Instance, task.OperationId);
            problemTitle = problem.Kind.Title;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Task {TaskId} ({TaskType}) failed; operationId {OperationId}", task.Id, task.TaskType, task.OperationId);
            task.Status = OperationStatus.Failed;
            task.ErrorsJson = ProblemWriter.RenderArray(ProblemCatalog.Internal, null, task.Instance, task.OperationId);
            problemTitle = ProblemCatalog.Internal.Title;
        }
        finally
        {
            queue.Unregister(id);
        }
        // Logged before the status is saved: a client that sees the task ended finds its line in the log already.
        logger.LogInformation("Task {TaskId:l} ({TaskType}) ended {TaskStatus} in {Elapsed:0.0} ms{Problem:l}", task.Id, task.TaskType, task.Status,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, problemTitle is null ? "" : ": " + problemTitle);
        await queue.SaveAsync(task);
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, queue.Options.HeartbeatMilliseconds));
        var nextPurge = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stoppingToken);
                await store.RenewAsync(queue.ProcessId, queue.LeaseUntilTicks, stoppingToken);
                await AnnounceAsync(stoppingToken);
                if (queue.RunningHere > 0)
                {
                    foreach (var id in await store.CancelRequestedAsync(queue.ProcessId, stoppingToken))
                    {
                        await queue.CancelRunningAsync(id);
                    }
                }
                var idle = queue.Options.Workers - queue.RunningHere - queue.Waiting;
                if (idle > 0)
                {
                    foreach (var id in await store.QueuedElsewhereAsync(queue.ProcessId, idle, stoppingToken))
                    {
                        queue.Offer(id);
                    }
                }
                queue.WakeAll();

                var now = TaskQueue.LeaseNowTicks;
                if (await store.TryTakeLeaseAsync(SweepLease, queue.ProcessId, now, now + 3 * interval.Ticks, stoppingToken))
                {
                    await FailLapsedAsync(store, queue, logger, stoppingToken);
                    if (Environment.TickCount64 >= nextPurge)
                    {
                        nextPurge = Environment.TickCount64 + (long)PurgeInterval.TotalMilliseconds;
                        var expiredBefore = queue.NowTicks - TimeSpan.FromMinutes(queue.Options.ExpiryMinutes).Ticks;
                        await store.DeleteFinishedBeforeAsync(expiredBefore, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A busy or briefly unreachable store: the next beat tries again (a lease is many beats long).
                logger.LogWarning(ex, "Task heartbeat failed");
            }
        }
    }

    /// <summary>Tasks whose process stopped (their lease lapsed) end Failed with a problem saying so.</summary>
    internal static async Task<int> FailLapsedAsync(TaskStore store, TaskQueue queue, ILogger logger, CancellationToken cancellationToken)
    {
        var errors = ProblemWriter.RenderArray(ProblemCatalog.ServerRestarted,
            "The LfRepo process that held this task stopped while it was queued or running; what it had already done is kept.", "/", "restart");
        var failed = await store.FailLapsedAsync(errors, TaskQueue.LeaseNowTicks, queue.NowTicks, cancellationToken);
        if (failed > 0)
        {
            logger.LogWarning("{Count} task(s) whose process stopped were marked Failed", failed);
        }
        return failed;
    }
}
