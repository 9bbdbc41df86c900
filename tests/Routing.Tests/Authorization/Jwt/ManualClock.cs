using System.Diagnostics;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>
/// A clock the test moves: wall time and the monotonic timestamp both advance by <see cref="Advance"/> (the
/// timestamp also with real time). Timers run on real time, so timeouts still work.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;
    private long _timestampOffset;

    public ManualClock(long epochSeconds)
        : this(DateTimeOffset.FromUnixTimeSeconds(epochSeconds))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override long GetTimestamp() => Stopwatch.GetTimestamp() + Interlocked.Read(ref _timestampOffset);

    /// <summary>Moves wall time and the monotonic clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _utcTicks, by.Ticks);
        Interlocked.Add(ref _timestampOffset, (long)(by.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Sets wall time only (a wall-clock jump: the monotonic clock does not move).</summary>
    public void SetUtcNow(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);
}
