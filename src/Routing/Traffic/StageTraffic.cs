using Routing.Deployments;

namespace Routing.Traffic;

/// <summary>
/// The traffic features of one stage, compiled when the stage is published: a throttle bucket per route of its
/// deployment that has limits (by route index; <see langword="null"/> where none, so such a route pays nothing), the
/// account's bucket, and the access-log format.
/// </summary>
internal sealed class StageTraffic
{
    private readonly TokenBucket?[] _routes;
    private readonly TokenBucket? _account;

    private readonly bool[] _detailedMetrics;

    private StageTraffic(TokenBucket?[] routes, TokenBucket? account, AccessLogFormat? accessLog, string? destinationArn, bool[] detailedMetrics)
    {
        _detailedMetrics = detailedMetrics;
        _routes = routes;
        _account = account;
        AccessLog = accessLog;
        DestinationArn = destinationArn;
    }

    /// <summary>The stage's access-log format; <see langword="null"/> when it writes none.</summary>
    public AccessLogFormat? AccessLog { get; }

    /// <summary>The stage's access-log destination, handed to the sink.</summary>
    public string? DestinationArn { get; }

    /// <summary>Whether the route (by index) has <c>detailedMetricsEnabled</c>, from its own settings or the stage default.</summary>
    public bool DetailedMetrics(int routeIndex) => _detailedMetrics.Length > 0 && _detailedMetrics[routeIndex];

    /// <summary>Whether a request of the route (by index in the stage's deployment) may go on: the route's bucket first, then the account's.</summary>
    public bool TryAdmit(int routeIndex)
        => (_routes.Length == 0 || _routes[routeIndex] is not { } route || route.TryTake()) && (_account is null || _account.TryTake());

    /// <summary>
    /// Compiles a stage's throttles, reusing the buckets of <paramref name="previous"/> whose route and limits did not
    /// change (so redeploying or changing a variable does not refill them).
    /// </summary>
    public static StageTraffic Create(Stage stage, AccountThrottle? account, TimeProvider time, Dictionary<string, TokenBucket> previous, Dictionary<string, TokenBucket> kept)
    {
        var routes = stage.Deployment?.CompiledRoutes ?? [];
        var buckets = new TokenBucket?[routes.Length];
        var detailed = new bool[routes.Length];
        bool any = false, anyDetailed = false;
        for (int i = 0; i < routes.Length; i++)
        {
            string routeKey = routes[i].Key.Value;
            detailed[i] = (stage.RouteSettings.GetValueOrDefault(routeKey) ?? stage.DefaultRouteSettings)?.DetailedMetricsEnabled == true;
            anyDetailed |= detailed[i];
            if (Limits(stage, routeKey, account) is not { } limits)
            {
                continue;
            }

            string id = stage.Name + "\n" + routeKey;
            buckets[i] = previous.TryGetValue(id, out var bucket) && bucket.Rate == limits.Rate && bucket.Burst == limits.Burst
                ? bucket
                : new TokenBucket(limits.Rate, limits.Burst, time);
            kept[id] = buckets[i]!;
            any = true;
        }

        // The format was checked when the stage was added or changed.
        var accessLog = stage.AccessLogSettings is { } settings ? AccessLogFormat.Parse(settings.Format) : null;
        return new StageTraffic(any ? buckets : [], account?.Bucket(time), accessLog, stage.AccessLogSettings?.DestinationArn, anyDetailed ? detailed : []);
    }

    /// <summary>
    /// A route's effective limits, field by field: the route's setting, else the stage default's, else the account's;
    /// <see langword="null"/> when neither the route nor the stage configures a limit (only the account's applies).
    /// </summary>
    public static (double Rate, int Burst)? Limits(Stage stage, string routeKey, AccountThrottle? account)
    {
        var route = stage.RouteSettings.GetValueOrDefault(routeKey);
        var fallback = stage.DefaultRouteSettings;
        if (route?.Throttles != true && fallback?.Throttles != true)
        {
            return null;
        }

        double rate = route?.ThrottlingRateLimit ?? fallback?.ThrottlingRateLimit ?? account?.RateLimit ?? AccountThrottle.DefaultRateLimit;
        int burst = route?.ThrottlingBurstLimit ?? fallback?.ThrottlingBurstLimit ?? account?.BurstLimit ?? AccountThrottle.DefaultBurstLimit;
        return (rate, burst);
    }
}
