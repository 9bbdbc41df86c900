namespace Routing.Traffic;

/// <summary>
/// The account-level throttle, shared by every API whose options name the same instance (as an AWS account's limit is
/// shared by all its APIs in a Region). Route and stage limits may not exceed it.
/// </summary>
public sealed class AccountThrottle
{
    /// <summary>API Gateway's default steady rate for an account, in requests per second.</summary>
    public const double DefaultRateLimit = 10_000;

    /// <summary>API Gateway's default burst for an account.</summary>
    public const int DefaultBurstLimit = 5_000;

    private readonly Lock _gate = new();
    private TokenBucket? _bucket;

    /// <summary>Creates an account throttle.</summary>
    /// <param name="rateLimit">The steady rate, in requests per second.</param>
    /// <param name="burstLimit">The bucket size.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is negative or not a number.</exception>
    public AccountThrottle(double rateLimit = DefaultRateLimit, int burstLimit = DefaultBurstLimit)
    {
        if (!(rateLimit >= 0) || double.IsInfinity(rateLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(rateLimit), rateLimit, "The rate limit must be a finite number of requests per second, 0 or more.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(burstLimit);
        RateLimit = rateLimit;
        BurstLimit = burstLimit;
    }

    /// <summary>The steady rate, in requests per second.</summary>
    public double RateLimit { get; }

    /// <summary>The bucket size.</summary>
    public int BurstLimit { get; }

    /// <summary>The bucket, full from the first API that uses it, on that API's clock.</summary>
    internal TokenBucket Bucket(TimeProvider time)
    {
        lock (_gate)
        {
            return _bucket ??= new TokenBucket(RateLimit, BurstLimit, time);
        }
    }
}
