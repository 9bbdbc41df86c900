namespace Routing.Traffic;

/// <summary>
/// API Gateway's token bucket, as its documentation describes it: it holds at most <c>burst</c> tokens, starts full,
/// refills continuously at <c>rate</c> tokens a second, and a request takes one token or is refused without taking any.
/// Time comes from the API's <see cref="TimeProvider"/> timestamps. Thread-safe.
/// </summary>
/// <remarks>
/// Not <c>System.Threading.RateLimiting.TokenBucketRateLimiter</c>: it replenishes on a timer in whole periods, so a
/// fractional rate (0.5 per second) or a request between two ticks gets another answer than AWS's continuous model,
/// and it runs its own timer instead of reading a virtual clock.
/// </remarks>
internal sealed class TokenBucket
{
    // A request admitted at exactly the refill instant must not be lost to floating-point rounding.
    private const double Epsilon = 1e-9;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(double rate, int burst, TimeProvider time)
    {
        Rate = rate;
        Burst = burst;
        _time = time;
        _tokens = burst;
        _refilledAt = time.GetTimestamp();
    }

    public double Rate { get; }

    public int Burst { get; }

    /// <summary>Takes a token if there is one.</summary>
    /// <returns>Whether the request is admitted.</returns>
    public bool TryTake()
    {
        long now = _time.GetTimestamp();
        lock (_gate)
        {
            if (now > _refilledAt)
            {
                double elapsed = (double)(now - _refilledAt) / _time.TimestampFrequency;
                _tokens = Math.Min(Burst, _tokens + (elapsed * Rate));
                _refilledAt = now;
            }

            if (_tokens + Epsilon < 1)
            {
                return false;
            }

            _tokens = Math.Max(0, _tokens - 1);
            return true;
        }
    }
}
