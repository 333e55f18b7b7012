using LfRepo.Server.Problems;

namespace LfRepo.Server.Tasks;

/// <summary>
/// The hosted workers: each takes a task id from the queue and runs its handler in a DI scope of its own,
/// with a cancellation token that CancelTasks and shutdown both trip. Also drops expired task rows.
/// </summary>
public sealed class TaskWorker(TaskQueue queue, TaskStore store, TaskPacing pacing, IServiceScopeFactory scopes, ILogger<TaskWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Math.Max(1, queue.Options.Workers)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken));
        return Task.WhenAll([.. workers, PurgeAsync(stoppingToken)]);
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
        if (!await store.TryBeginAsync(id, queue.NowTicks, stoppingToken))
        {
            return; // Cancelled before it started.
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
        await queue.SaveAsync(task);
        logger.LogInformation("Task {TaskId:l} ({TaskType}) ended {TaskStatus} in {Elapsed:0.0} ms{Problem:l}", task.Id, task.TaskType, task.Status,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, problemTitle is null ? "" : ": " + problemTitle);
    }

    private async Task PurgeAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(PurgeInterval, stoppingToken);
                var expiredBefore = queue.NowTicks - TimeSpan.FromMinutes(queue.Options.ExpiryMinutes).Ticks;
                await store.DeleteFinishedBeforeAsync(expiredBefore, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
