using LfRepo.Server.Problems;

namespace LfRepo.Server.Emulator;

/// <summary>
/// Keeps the repository's requests and a reset or snapshot restore apart, so no request sees a half-replaced store.
/// Every request but the control plane's passes the gate (<see cref="EnterAsync"/> … <see cref="Exit"/>). A reset
/// closes it: new requests wait (up to <see cref="EnterWait"/>, then 503 with Retry-After), the requests in flight
/// finish (up to <see cref="DrainWait"/>; past it the reset itself answers 503 and changes nothing), the store is
/// replaced, and the gate opens again.
/// </summary>
public sealed class RequestGate
{
    public static readonly TimeSpan EnterWait = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private int _inFlight;
    private TaskCompletionSource? _opened;
    private TaskCompletionSource? _drained;

    /// <summary>Lets a request in, waiting while a reset runs; 503 when the reset takes longer than <see cref="EnterWait"/>.</summary>
    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + EnterWait;
        while (true)
        {
            Task opened;
            lock (_lock)
            {
                if (_opened is null)
                {
                    _inFlight++;
                    return;
                }
                opened = _opened.Task;
            }
            var left = deadline - DateTime.UtcNow;
            try
            {
                await opened.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new ApiProblemException(ProblemCatalog.RepositoryResetting,
                    "The repository is being reset or restored from a snapshot; send the request again.") { RetryAfterSeconds = 1 };
            }
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _inFlight--;
            if (_inFlight == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Closes the gate, runs <paramref name="whileDraining"/> (which stops what could keep requests waiting, such as
    /// tasks and long polls) and waits until no request is in flight. Dispose the result to open the gate again.
    /// </summary>
    public async Task<IAsyncDisposable> CloseAsync(Func<Task> whileDraining)
    {
        Task drained;
        lock (_lock)
        {
            if (_opened is not null)
            {
                throw new InvalidOperationException("The request gate is already closed.");
            }
            _opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight == 0)
            {
                _drained.TrySetResult();
            }
            drained = _drained.Task;
        }
        var reopen = new Reopen(this);
        try
        {
            await whileDraining();
            await drained.WaitAsync(DrainWait);
            return reopen;
        }
        catch (TimeoutException)
        {
            await reopen.DisposeAsync();
            throw new ApiProblemException(ProblemCatalog.RepositoryResetting,
                $"Requests to the repository were still running after {DrainWait.TotalSeconds} s; nothing was reset. Try again.") { RetryAfterSeconds = 1 };
        }
        catch
        {
            await reopen.DisposeAsync();
            throw;
        }
    }

    private void Open()
    {
        TaskCompletionSource? opened;
        lock (_lock)
        {
            opened = _opened;
            _opened = null;
            _drained = null;
        }
        opened?.TrySetResult();
    }

    private sealed class Reopen(RequestGate gate) : IAsyncDisposable
    {
        private int _done;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                gate.Open();
            }
            return ValueTask.CompletedTask;
        }
    }
}
