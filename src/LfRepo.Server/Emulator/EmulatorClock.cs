namespace LfRepo.Server.Emulator;

/// <summary>
/// The one clock everything that ages reads (tokens, tasks, searches, links, entry times): the base clock plus an
/// offset the control plane moves. Timers and timestamps stay real, so waits and timeouts are not affected.
/// </summary>
public sealed class EmulatorClock(TimeProvider baseClock) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => baseClock.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => baseClock.LocalTimeZone;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - baseClock.GetUtcNow()).Ticks);

    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
