using System.Collections.Concurrent;
using System.Threading.Channels;
using LfRepo.Server.Problems;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Tasks;

/// <summary>Who starts a task and where the request came in, for ownership, result URIs and problem details.</summary>
public sealed record TaskOrigin(string UserName, string TokenId, string BaseUrl, string Instance, string OperationId);

/// <summary>
/// The long-operation queue: persists each task, feeds a bounded channel the workers read, keeps the
/// cancellation source of every running task and wakes ListTasks long polls when a task changes.
/// </summary>
public sealed class TaskQueue(TaskStore store, IOptions<TaskOptions> options, TimeProvider clock)
{
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);

    public ChannelReader<string> Reader => _channel.Reader;

    public TaskOptions Options => options.Value;

    public long NowTicks => clock.GetUtcNow().UtcTicks;

    /// <summary>This process among those sharing the store: the owner id of the tasks it queues and runs.</summary>
    public string ProcessId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Leases are kept on the wall clock, not the emulated one: processes sharing a store share the wall clock, and
    /// moving the control plane's clock must not make running tasks look abandoned.
    /// </summary>
    public static long LeaseNowTicks => TimeProvider.System.GetUtcNow().UtcTicks;

    public long LeaseUntilTicks => LeaseNowTicks + TimeSpan.FromSeconds(options.Value.LeaseSeconds).Ticks;

    /// <summary>Tasks waiting in this process's queue (not yet taken by one of its workers).</summary>
    public int Waiting => _channel.Reader.Count;

    /// <summary>Tasks this process's workers are running.</summary>
    public int RunningHere => _running.Count;

    /// <summary>Persists a new task and queues it. 429 when the user's limit or the queue is full.</summary>
    public async Task<TaskRecord> StartAsync(OperationType type, string requestJson, TaskOrigin origin, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxConcurrentPerUser;
        if (limit > 0 && await store.CountRunningAsync(origin.UserName, cancellationToken) >= limit)
        {
            throw new ApiProblemException(ProblemCatalog.RateLimited,
                $"User '{origin.UserName}' already has {limit} long operation(s) running; the limit is {limit}.") { RetryAfterSeconds = 1 };
        }
        var searches = options.Value.MaxOpenSearchesPerUser;
        if (type == OperationType.SearchEntry && searches > 0 &&
            await store.CountOpenSearchesAsync(origin.UserName, NowTicks - TimeSpan.FromMinutes(options.Value.ExpiryMinutes).Ticks, cancellationToken) >= searches)
        {
            throw new ApiProblemException(ProblemCatalog.RateLimited,
                $"User '{origin.UserName}' already has {searches} search(es) open; the limit is {searches}. Close one with CancelTasks first.") { RetryAfterSeconds = 1 };
        }
        if (_channel.Reader.Count >= options.Value.QueueCapacity)
        {
            throw new ApiProblemException(ProblemCatalog.RateLimited, $"{options.Value.QueueCapacity} long operations are already waiting.");
        }

        var now = NowTicks;
        var task = new TaskRecord
        {
            Id = Guid.NewGuid().ToString(),
            TaskType = type,
            Status = OperationStatus.NotStarted,
            StartTicks = now,
            LastUpdateTicks = now,
            UserName = origin.UserName,
            TokenId = origin.TokenId,
            RequestJson = requestJson,
            BaseUrl = origin.BaseUrl,
            Instance = origin.Instance,
            OperationId = origin.OperationId,
            OwnerId = ProcessId,
            LeaseExpiresTicks = LeaseUntilTicks,
        };
        await store.InsertAsync(task, cancellationToken);
        if (!_channel.Writer.TryWrite(task.Id))
        {
            task.Status = OperationStatus.Failed;
            task.FinishedTicks = now;
            task.ErrorsJson = ProblemWriter.RenderArray(ProblemCatalog.RateLimited, "The task queue is full.", task.Instance, task.OperationId);
            await store.UpdateAsync(task, CancellationToken.None);
            throw new ApiProblemException(ProblemCatalog.RateLimited, "The task queue is full.");
        }
        return task;
    }

    /// <summary>The repository task if it exists, is the caller's and has not expired.</summary>
    public async Task<TaskRecord?> FindAsync(string id, string userName, CancellationToken cancellationToken) =>
        await FindAsync(id, userName, null, cancellationToken) is { } task && task.TaskType.IsRepositoryOperation() ? task : null;

    /// <summary>The task of <paramref name="type"/> (any type when null) if it exists, is the caller's and has not expired.</summary>
    public async Task<TaskRecord?> FindAsync(string id, string userName, OperationType? type, CancellationToken cancellationToken)
    {
        var task = await store.FindAsync(id, cancellationToken);
        return task is null || task.UserName != userName || IsExpired(task) || (type is { } only && task.TaskType != only) ? null : task;
    }

    public async Task<List<TaskRecord>> ListForTokenAsync(string tokenId, CancellationToken cancellationToken) =>
        [.. (await store.ListByTokenAsync(tokenId, cancellationToken)).Where(t => !IsExpired(t) && t.TaskType.IsRepositoryOperation())];

    public bool IsExpired(TaskRecord task) =>
        task.FinishedTicks is { } finished && NowTicks - finished > TimeSpan.FromMinutes(options.Value.ExpiryMinutes).Ticks;

    /// <summary>Asks a task to stop: a queued one is Cancelled at once, a running one stops at its next checkpoint.</summary>
    public async Task CancelAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        if (task.IsFinished)
        {
            // Recorded all the same: a finished task may hold open results (a search) that a cancel closes.
            await store.RequestCancelAsync(task.Id, NowTicks, cancellationToken);
            return;
        }
        await store.RequestCancelAsync(task.Id, NowTicks, cancellationToken);
        if (_running.TryGetValue(task.Id, out var source))
        {
            await source.CancelAsync();
        }
        Signal(task.Id);
    }

    /// <summary>Writes a task's state and wakes whoever waits on it.</summary>
    public async Task SaveAsync(TaskRecord task)
    {
        task.LastUpdateTicks = NowTicks;
        if (task.IsFinished)
        {
            task.FinishedTicks ??= task.LastUpdateTicks;
        }
        await store.UpdateAsync(task, CancellationToken.None);
        Signal(task.Id);
    }

    /// <summary>One signal per task that completes when the task next changes. Take them before reading the tasks.</summary>
    public IReadOnlyList<Task> ChangeSignals(IEnumerable<string> ids) =>
        [.. ids.Select(id => _changes.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task)];

    /// <summary>Waits until one of the signals fires, or the time is up.</summary>
    public static async Task WaitAsync(IReadOnlyList<Task> signals, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (signals.Count == 0)
        {
            return;
        }
        try
        {
            await Task.WhenAny(signals).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing changed in time: the caller answers with the state as it is.
        }
    }

    /// <summary>Puts a task the pacing held back on the queue.</summary>
    internal void Requeue(string id) => _channel.Writer.TryWrite(id);

    /// <summary>
    /// Cancels every running task and waits (up to <paramref name="timeout"/>) until each has stopped, then wakes every
    /// long poll: used before the store's tables are replaced underneath the tasks (reset, snapshot restore).
    /// </summary>
    public async Task StopRunningAsync(TimeSpan timeout)
    {
        foreach (var source in _running.Values)
        {
            await source.CancelAsync();
        }
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!_running.IsEmpty && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }
        foreach (var id in _changes.Keys)
        {
            Signal(id);
        }
    }

    internal CancellationTokenSource Register(string id, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[id] = source;
        return source;
    }

    internal void Unregister(string id)
    {
        if (_running.TryRemove(id, out var source))
        {
            source.Dispose();
        }
    }

    /// <summary>Trips the cancellation of a task running here whose cancel was asked for through another process.</summary>
    internal async Task CancelRunningAsync(string id)
    {
        if (_running.TryGetValue(id, out var source))
        {
            await source.CancelAsync();
        }
    }

    /// <summary>Queues a task another process queued, for this process's workers to claim when they are idle.</summary>
    internal bool Offer(string id) => _channel.Writer.TryWrite(id);

    /// <summary>
    /// Wakes every long poll so it reads its tasks again: tasks may be run by another process, whose changes
    /// this process hears of only through the store.
    /// </summary>
    internal void WakeAll()
    {
        foreach (var id in _changes.Keys)
        {
            Signal(id);
        }
    }

    /// <summary>Wakes whoever waits on a task whose row was written elsewhere.</summary>
    public void Changed(string id) => Signal(id);

    private void Signal(string id)
    {
        if (_changes.TryRemove(id, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
