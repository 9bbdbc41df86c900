using Routing.Deployments;

namespace Routing.Traffic;

/// <summary>
/// The traffic features of one stage, compiled when the stage is published: the throttle of each route of its
/// deployment that has limits (by route index; <see langword="null"/> where none, so such a route pays nothing), the
/// account's, the access-log format and the routes with detailed metrics. The buckets live in the API's <see cref="ITrafficStore"/>.
/// </summary>
internal sealed class StageTraffic
{
    private readonly ITrafficStore _store;
    private readonly ITrafficStore _accountStore;
    private readonly Throttle?[] _routes;
    private readonly Throttle? _account;
    private readonly bool[] _detailedMetrics;

    private StageTraffic(ITrafficStore store, ITrafficStore accountStore, Throttle?[] routes, Throttle? account, AccessLogFormat? accessLog, string? destinationArn, bool[] detailedMetrics)
    {
        _store = store;
        _accountStore = accountStore;
        _routes = routes;
        _account = account;
        _detailedMetrics = detailedMetrics;
        AccessLog = accessLog;
        DestinationArn = destinationArn;
    }

    /// <summary>The stage's access-log format; <see langword="null"/> when it writes none.</summary>
    public AccessLogFormat? AccessLog { get; }

    /// <summary>The stage's access-log destination, handed to the sink.</summary>
    public string? DestinationArn { get; }

    /// <summary>Whether the route (by index) has <c>detailedMetricsEnabled</c>, from its own settings or the stage default.</summary>
    public bool DetailedMetrics(int routeIndex) => _detailedMetrics.Length > 0 && _detailedMetrics[routeIndex];

    /// <summary>Whether a request of the route (by index) draws from any bucket.</summary>
    public bool Throttles(int routeIndex) => _account is not null || (_routes.Length > 0 && _routes[routeIndex] is not null);

    /// <summary>Whether a request of the route may go on: a token from the route's bucket first, then one from the account's.</summary>
    public ValueTask<bool> TryAdmitAsync(int routeIndex, CancellationToken cancellationToken)
    {
        if (_routes.Length > 0 && _routes[routeIndex] is { } route)
        {
            var taken = _store.TryTakeAsync(route.Bucket, route.Rate, route.Burst, cancellationToken);
            if (!taken.IsCompletedSuccessfully)
            {
                return ThenAccountAsync(taken, cancellationToken);
            }

            if (!taken.Result)
            {
                return new(false);
            }
        }

        return _account is { } account ? _accountStore.TryTakeAsync(account.Bucket, account.Rate, account.Burst, cancellationToken) : new(true);
    }

    private async ValueTask<bool> ThenAccountAsync(ValueTask<bool> route, CancellationToken cancellationToken)
        => await route.ConfigureAwait(false)
            && (_account is not { } account || await _accountStore.TryTakeAsync(account.Bucket, account.Rate, account.Burst, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Compiles a stage's traffic features for the API <paramref name="apiId"/>, its buckets named after the API, stage and
    /// route, in <paramref name="store"/>; the account's bucket in <paramref name="accountStore"/>.
    /// </summary>
    public static StageTraffic Create(Stage stage, string apiId, AccountThrottle? account, ITrafficStore store, ITrafficStore accountStore)
    {
        var routes = stage.Deployment?.CompiledRoutes ?? [];
        var throttles = new Throttle?[routes.Length];
        var detailed = new bool[routes.Length];
        bool any = false, anyDetailed = false;
        for (int i = 0; i < routes.Length; i++)
        {
            string routeKey = routes[i].Key.Value;
            detailed[i] = (stage.RouteSettings.GetValueOrDefault(routeKey) ?? stage.DefaultRouteSettings)?.DetailedMetricsEnabled == true;
            anyDetailed |= detailed[i];
            if (Limits(stage, routeKey, account) is { } limits)
            {
                throttles[i] = new Throttle($"throttle/{apiId}/{stage.Name}/{routeKey}", limits.Rate, limits.Burst);
                any = true;
            }
        }

        // The format was checked when the stage was added or changed.
        var accessLog = stage.AccessLogSettings is { } settings ? AccessLogFormat.Parse(settings.Format) : null;
        var accountThrottle = account is null ? null : new Throttle("throttle/account/" + account.Name, account.RateLimit, account.BurstLimit);
        return new StageTraffic(store, accountStore, any ? throttles : [], accountThrottle, accessLog, stage.AccessLogSettings?.DestinationArn, anyDetailed ? detailed : []);
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

    private sealed record Throttle(string Bucket, double Rate, int Burst);
}
