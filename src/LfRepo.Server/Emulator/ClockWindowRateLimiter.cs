using System.Threading.RateLimiting;

namespace LfRepo.Server.Emulator;

/// <summary>
/// A fixed-window rate limiter whose windows follow a <see cref="TimeProvider"/> (the emulator clock) instead of
/// a real-time timer: a window opens at the first call after the previous one ended and lasts
/// <paramref name="window"/> on that clock, so moving the clock forward opens the next window. No queueing: a call
/// past the limit is refused at once with the time left in the window as its Retry-After.
/// </summary>
public sealed class ClockWindowRateLimiter(int permitLimit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _used;
    private long _successful;
    private long _failed;

    /// <summary>How long the limiter has had nothing to remember (its window is over); null while a window runs.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = clock.GetUtcNow();
                return now >= _windowEnd ? (_windowEnd == DateTimeOffset.MinValue ? TimeSpan.MaxValue : now - _windowEnd) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = clock.GetUtcNow() >= _windowEnd ? permitLimit : permitLimit - _used,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, permitLimit);
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now >= _windowEnd)
            {
                _windowEnd = now + window;
                _used = 0;
            }
            if (permitCount == 0 ? _used < permitLimit : _used + permitCount <= permitLimit)
            {
                _used += permitCount;
                _successful++;
                return Lease.Acquired;
            }
            _failed++;
            return new Lease(false, _windowEnd - now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}
