namespace Routing.Deployments;

/// <summary>
/// A stage's settings for a route (<c>routeSettings[routeKey]</c>) or for every route (<c>defaultRouteSettings</c>),
/// with API Gateway's wire names. A <see langword="null"/> limit is "not configured" (the level above applies, field by
/// field: route, then stage default, then account); <c>0</c> is zero, which throttles every request.
/// </summary>
public sealed record RouteSettings
{
    /// <summary>The steady rate, in requests per second (<c>throttlingRateLimit</c>); <see langword="null"/> when not configured.</summary>
    public double? ThrottlingRateLimit { get; init; }

    /// <summary>The bucket size, the most requests at once (<c>throttlingBurstLimit</c>); <see langword="null"/> when not configured.</summary>
    public int? ThrottlingBurstLimit { get; init; }

    /// <summary>Whether metrics carry the route as a dimension (<c>detailedMetricsEnabled</c>).</summary>
    public bool DetailedMetricsEnabled { get; init; }

    /// <summary>Whether either limit is configured.</summary>
    internal bool Throttles => ThrottlingRateLimit is not null || ThrottlingBurstLimit is not null;
}
