namespace LfRepo.Server.Tasks;

/// <summary>What a finished operation reports: the entry it made or touched, a URI where applicable, or a result of its own as JSON.</summary>
public sealed record TaskOutcome(int EntryId, string? Uri, string? ResultJson = null);

/// <summary>Runs one kind of long operation. Handlers are resolved in the task's own DI scope.</summary>
public interface ITaskHandler
{
    OperationType Type { get; }

    Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context);
}

/// <summary>What a running operation may do: notice cancellation and report progress.</summary>
public sealed class TaskContext(TaskRecord task, TaskQueue queue, CancellationToken cancellationToken)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private long _lastWrite = Environment.TickCount64;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Records <paramref name="done"/> of <paramref name="total"/>; written at most four times a second.</summary>
    public async Task ReportProgressAsync(long done, long total)
    {
        CancellationToken.ThrowIfCancellationRequested();
        var percent = total <= 0 ? 0 : (int)Math.Min(99, done * 100 / total);
        if (percent == task.PercentComplete || Environment.TickCount64 - _lastWrite < ProgressInterval.TotalMilliseconds)
        {
            return;
        }
        task.PercentComplete = percent;
        _lastWrite = Environment.TickCount64;
        await queue.SaveAsync(task);
    }
}
