namespace Routing.Traffic;

/// <summary>
/// The account-level throttle, shared by every API whose options name the same instance (as an AWS account's limit is
/// shared by all its APIs in a Region). Route and stage limits may not exceed it.
/// </summary>
public sealed class AccountThrottle
{
    private readonly Lock _gate = new();
    private MemoryTrafficStore? _localStore;

    /// <summary>API Gateway's default steady rate for an account, in requests per second.</summary>
    public const double DefaultRateLimit = 10_000;

    /// <summary>API Gateway's default burst for an account.</summary>
    public const int DefaultBurstLimit = 5_000;

    /// <summary>Creates an account throttle.</summary>
    /// <param name="rateLimit">The steady rate, in requests per second.</param>
    /// <param name="burstLimit">The bucket size.</param>
    /// <param name="name">The account's name, which names its bucket in the traffic store (instances of a fleet give the same name).</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is negative or not a number.</exception>
    public AccountThrottle(double rateLimit = DefaultRateLimit, int burstLimit = DefaultBurstLimit, string? name = null)
    {
        Name = name ?? Guid.NewGuid().ToString("N");
        if (!(rateLimit >= 0) || double.IsInfinity(rateLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(rateLimit), rateLimit, "The rate limit must be a finite number of requests per second, 0 or more.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(burstLimit);
        RateLimit = rateLimit;
        BurstLimit = burstLimit;
    }

    /// <summary>The account's name in the traffic store; a new unique one unless given.</summary>
    public string Name { get; }

    /// <summary>The steady rate, in requests per second.</summary>
    public double RateLimit { get; }

    /// <summary>The bucket size.</summary>
    public int BurstLimit { get; }

    /// <summary>
    /// Where the account's bucket lives for APIs without a shared traffic store: one memory store for every API that
    /// names this account, on the first one's clock.
    /// </summary>
    internal ITrafficStore LocalStore(TimeProvider time)
    {
        lock (_gate)
        {
            return _localStore ??= new MemoryTrafficStore(time);
        }
    }
}
