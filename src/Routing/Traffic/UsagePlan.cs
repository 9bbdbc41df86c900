namespace Routing.Traffic;

/// <summary>An API key (API Gateway's <c>ApiKey</c>): a value clients send, found by value, that usage plans admit and meter.</summary>
public sealed record ApiKey
{
    /// <summary>The key's id (logged; the value never is).</summary>
    public required string Id { get; init; }

    /// <summary>The key's value, 20 to 128 characters.</summary>
    public required string Value { get; init; }

    /// <summary>The key's name.</summary>
    public string? Name { get; init; }

    /// <summary>The key's description.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Whether the key admits requests.</summary>
    public bool Enabled { get; init; }

    /// <summary>The AWS Marketplace customer id, recorded.</summary>
    public string? CustomerId { get; init; }
}

/// <summary>A throttle of a usage plan: a steady rate and a bucket size.</summary>
/// <param name="RateLimit">Requests per second.</param>
/// <param name="BurstLimit">The bucket size.</param>
public sealed record ThrottleLimits(double RateLimit, int BurstLimit);

/// <summary>When a quota's window starts again.</summary>
public enum QuotaPeriod
{
    /// <summary>Every day at 00:00 UTC.</summary>
    Day,

    /// <summary>Every Sunday at 00:00 UTC.</summary>
    Week,

    /// <summary>On the 1st of every month at 00:00 UTC.</summary>
    Month,
}

/// <summary>A quota: at most <see cref="Limit"/> requests per key per window, <see cref="Offset"/> fewer in the window the plan was created in.</summary>
/// <param name="Limit">Requests per window.</param>
/// <param name="Period">The window.</param>
/// <param name="Offset">Requests taken from the limit in the first window (API Gateway's "initial time period").</param>
public sealed record QuotaSettings(int Limit, QuotaPeriod Period, int Offset = 0);

/// <summary>A stage of an API that a usage plan covers, with per-method throttles keyed <c>/resource/METHOD</c> (<c>/pets/GET</c>).</summary>
public sealed record UsagePlanApiStage
{
    /// <summary>The API's id.</summary>
    public required string ApiId { get; init; }

    /// <summary>The stage's name.</summary>
    public required string Stage { get; init; }

    /// <summary>Per-method throttles, keyed by the route's path, <c>/</c> and its method (<c>/pets/{id}/GET</c>); they replace the plan's for that method.</summary>
    public IReadOnlyDictionary<string, ThrottleLimits> Throttle { get; init; } = new Dictionary<string, ThrottleLimits>();
}

/// <summary>A usage plan (API Gateway's <c>UsagePlan</c>): the API stages its keys may call, and their throttle and quota per key.</summary>
public sealed record UsagePlan
{
    /// <summary>The plan's id.</summary>
    public required string Id { get; init; }

    /// <summary>The plan's name.</summary>
    public string? Name { get; init; }

    /// <summary>The throttle of each key across the plan's stages and methods; <see langword="null"/> for none.</summary>
    public ThrottleLimits? Throttle { get; init; }

    /// <summary>The quota of each key; <see langword="null"/> for none.</summary>
    public QuotaSettings? Quota { get; init; }

    /// <summary>The stages the plan covers.</summary>
    public IReadOnlyList<UsagePlanApiStage> ApiStages { get; init; } = [];

    /// <summary>When the plan was created, which starts its first quota window (the one <see cref="QuotaSettings.Offset"/> applies to); <see langword="null"/> for when it is added.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>What a usage plan decided for a request.</summary>
public enum UsagePlanDecision
{
    /// <summary>The key is admitted and was counted.</summary>
    Allowed,

    /// <summary>No key, an unknown or disabled key, or no plan of the key covers the stage: 403 <c>Forbidden</c>.</summary>
    Forbidden,

    /// <summary>The key's plan throttle has no token: 429 <c>Too Many Requests</c>.</summary>
    Throttled,

    /// <summary>The key's quota for the window is used up: 429 <c>Limit Exceeded</c>.</summary>
    QuotaExceeded,
}

/// <summary>One day of a key's usage: requests counted, and the quota left at the end of the day.</summary>
/// <param name="Date">The UTC day.</param>
/// <param name="Used">Requests counted that day.</param>
/// <param name="Remaining">The quota left in the window at the end of the day; <see langword="null"/> without a quota.</param>
public readonly record struct UsageRecord(DateOnly Date, long Used, long? Remaining);
