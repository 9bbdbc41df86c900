using Routing.Deployments;

namespace Routing.Traffic;

/// <summary>
/// The throttles of one stage, compiled when the stage is published: a bucket per route of its deployment that has
/// limits (by route index; <see langword="null"/> where none, so such a route pays nothing), then the account's.
/// </summary>
internal sealed class StageThrottle
{
    private readonly TokenBucket?[] _routes;
    private readonly TokenBucket? _account;

    private StageThrottle(TokenBucket?[] routes, TokenBucket? account)
    {
        _routes = routes;
        _account = account;
    }

    /// <summary>Whether a request of the route (by index in the stage's deployment) may go on: the route's bucket first, then the account's.</summary>
    public bool TryAdmit(int routeIndex)
        => (_routes.Length == 0 || _routes[routeIndex] is not { } route || route.TryTake()) && (_account is null || _account.TryTake());

    /// <summary>
    /// Compiles a stage's throttles, reusing the buckets of <paramref name="previous"/> whose route and limits did not
    /// change (so redeploying or changing a variable does not refill them).
    /// </summary>
    public static StageThrottle Create(Stage stage, AccountThrottle? account, TimeProvider time, Dictionary<string, TokenBucket> previous, Dictionary<string, TokenBucket> kept)
    {
        var routes = stage.Deployment?.CompiledRoutes ?? [];
        var buckets = new TokenBucket?[routes.Length];
        bool any = false;
        for (int i = 0; i < routes.Length; i++)
        {
            string routeKey = routes[i].Key.Value;
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

        return new StageThrottle(any ? buckets : [], account?.Bucket(time));
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
