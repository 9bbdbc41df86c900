using System.Collections.Concurrent;

namespace Routing.Traffic;

/// <summary>
/// Where throttle buckets and quota counters live: in this process (<see cref="MemoryTrafficStore"/>, the default) or in
/// a store that several gateway instances share, so that a fleet enforces one limit. Each call is one decision.
/// </summary>
public interface ITrafficStore
{
    /// <summary>
    /// Takes a token from a bucket of <paramref name="burst"/> tokens refilled continuously at <paramref name="rate"/> a second;
    /// a bucket is full when first used, and again when its limits change.
    /// </summary>
    /// <param name="bucket">The bucket's name.</param>
    /// <param name="rate">Tokens a second.</param>
    /// <param name="burst">The bucket's size.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>Whether a token was taken (the request may go on).</returns>
    ValueTask<bool> TryTakeAsync(string bucket, double rate, int burst, CancellationToken cancellationToken);

    /// <summary>Counts one request if fewer than <paramref name="limit"/> are counted; the counter ends at <paramref name="expiresAt"/>.</summary>
    /// <param name="counter">The counter's name (one per quota window).</param>
    /// <param name="limit">The most requests it counts.</param>
    /// <param name="expiresAt">When the counter is dropped (the window's end).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>Whether the request was counted (it may go on).</returns>
    ValueTask<bool> TryIncrementAsync(string counter, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>How many requests a counter holds.</summary>
    /// <param name="counter">The counter's name.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>The count; 0 for a counter never used or dropped.</returns>
    ValueTask<long> GetCountAsync(string counter, CancellationToken cancellationToken);
}

/// <summary>Throttle buckets and quota counters in this process, on a <see cref="TimeProvider"/>. Thread-safe; decisions complete synchronously.</summary>
public sealed class MemoryTrafficStore : ITrafficStore
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private const int SweepEvery = 4096;
    private long _operations;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock of refills and expiries; the system clock when <see langword="null"/>.</param>
    public MemoryTrafficStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public ValueTask<bool> TryTakeAsync(string bucket, double rate, int burst, CancellationToken cancellationToken)
    {
        var current = _buckets.GetOrAdd(bucket, static (_, limits) => new TokenBucket(limits.Rate, limits.Burst, limits.Time), (Rate: rate, Burst: burst, Time: _time));
        if (current.Rate != rate || current.Burst != burst)
        {
            // New limits start a full bucket.
            var replacement = new TokenBucket(rate, burst, _time);
            current = _buckets.TryUpdate(bucket, replacement, current) ? replacement : _buckets[bucket];
        }

        return new(current.TryTake());
    }

    /// <inheritdoc />
    public ValueTask<bool> TryIncrementAsync(string counter, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = _counters.GetOrAdd(counter, static (_, end) => new Counter(end), expiresAt);
        if (current.End <= now)
        {
            var fresh = new Counter(expiresAt);
            current = _counters.TryUpdate(counter, fresh, current) ? fresh : _counters[counter];
        }

        if (Interlocked.Increment(ref _operations) % SweepEvery == 0)
        {
            // Counters are named per window; ended windows are dropped now and then so memory stays bounded.
            foreach (var (name, ended) in _counters)
            {
                if (ended.End <= now)
                {
                    _counters.TryRemove(KeyValuePair.Create(name, ended));
                }
            }
        }

        return new(current.TryIncrement(limit));
    }

    /// <inheritdoc />
    public ValueTask<long> GetCountAsync(string counter, CancellationToken cancellationToken)
        => new(_counters.TryGetValue(counter, out var current) && current.End > _time.GetUtcNow() ? current.Count : 0);

    private sealed class Counter(DateTimeOffset end)
    {
        private long _count;

        public DateTimeOffset End { get; } = end;

        public long Count => Interlocked.Read(ref _count);

        public bool TryIncrement(long limit)
        {
            while (true)
            {
                long count = Interlocked.Read(ref _count);
                if (count >= limit)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _count, count + 1, count) == count)
                {
                    return true;
                }
            }
        }
    }
}
