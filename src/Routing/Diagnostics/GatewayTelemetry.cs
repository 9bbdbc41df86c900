namespace Routing.Diagnostics;

/// <summary>
/// The names under which the gateway reports what it does: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named after the package, and the instruments of the meter.
/// Subscribe with OpenTelemetry (<c>AddSource(GatewayTelemetry.SourceName)</c>, <c>AddMeter(GatewayTelemetry.SourceName)</c>)
/// or a listener. Nothing is recorded, and nothing costs more than a check, while nobody listens.
/// </summary>
public static class GatewayTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string SourceName = "Routing";

    /// <summary>The activity of one request through the gateway, a child of the host's request activity.</summary>
    public const string RequestActivityName = "Routing.Request";

    /// <summary>Requests the gateway answered (counter); tags <see cref="ApiTag"/>, <see cref="StageTag"/>, <see cref="RouteTag"/>, <see cref="StatusClassTag"/>, <see cref="ErrorTag"/>.</summary>
    public const string RequestsInstrument = "routing.requests";

    /// <summary>How long the gateway took per request, to the response handed to the host (histogram, seconds); the tags of <see cref="RequestsInstrument"/>.</summary>
    public const string RequestDurationInstrument = "routing.request.duration";

    /// <summary>How long integrations took (histogram, seconds); tags <see cref="ApiTag"/>, <see cref="StageTag"/>, <see cref="RouteTag"/>.</summary>
    public const string IntegrationDurationInstrument = "routing.integration.duration";

    /// <summary>How long authorizers took (histogram, seconds); tags <see cref="ApiTag"/>, <see cref="StageTag"/>, <see cref="RouteTag"/>, <see cref="CacheHitTag"/>.</summary>
    public const string AuthorizerDurationInstrument = "routing.authorizer.duration";

    /// <summary>Authorizer decisions taken from an authorizer's cache (counter); tags <see cref="ApiTag"/>, <see cref="StageTag"/>.</summary>
    public const string AuthorizerCacheHitsInstrument = "routing.authorizer.cache_hits";

    /// <summary>The API id tag.</summary>
    public const string ApiTag = "routing.api.id";

    /// <summary>The stage tag.</summary>
    public const string StageTag = "routing.stage";

    /// <summary>The deployment tag (activities only).</summary>
    public const string DeploymentTag = "routing.deployment.id";

    /// <summary>The route tag: the route key, as OpenTelemetry's <c>http.route</c>.</summary>
    public const string RouteTag = "http.route";

    /// <summary>The status class tag: <c>2xx</c>, <c>4xx</c>, ...</summary>
    public const string StatusClassTag = "routing.status_class";

    /// <summary>The status code tag (activities only), as OpenTelemetry's <c>http.response.status_code</c>.</summary>
    public const string StatusCodeTag = "http.response.status_code";

    /// <summary>Why the gateway answered itself, a <c>GatewayErrorKind</c> (absent when the integration answered).</summary>
    public const string ErrorTag = "error.type";

    /// <summary>Whether an authorizer's decision came from its cache.</summary>
    public const string CacheHitTag = "routing.authorizer.cache_hit";

    /// <summary>The request id tag (activities only).</summary>
    public const string RequestIdTag = "routing.request.id";

    /// <summary>API Gateway's <c>Count</c> metric (CloudWatch namespace <c>AWS/ApiGateway</c>): requests.</summary>
    public const string AwsCountInstrument = "Count";

    /// <summary>API Gateway's <c>4xx</c> metric: answers with a status from 400 to 499 (1 or 0 per request, as CloudWatch sums them).</summary>
    public const string Aws4xxInstrument = "4xx";

    /// <summary>API Gateway's <c>5xx</c> metric: answers with a status from 500 to 599.</summary>
    public const string Aws5xxInstrument = "5xx";

    /// <summary>API Gateway's <c>Latency</c> metric, in milliseconds.</summary>
    public const string AwsLatencyInstrument = "Latency";

    /// <summary>API Gateway's <c>IntegrationLatency</c> metric, in milliseconds.</summary>
    public const string AwsIntegrationLatencyInstrument = "IntegrationLatency";

    /// <summary>API Gateway's <c>DataProcessed</c> metric, in bytes.</summary>
    public const string AwsDataProcessedInstrument = "DataProcessed";

    /// <summary>The <c>ApiId</c> dimension of API Gateway's metrics.</summary>
    public const string AwsApiIdDimension = "ApiId";

    /// <summary>The <c>Stage</c> dimension of API Gateway's metrics.</summary>
    public const string AwsStageDimension = "Stage";

    /// <summary>The <c>Method</c> dimension of detailed metrics: the route key's method (<c>ANY</c> for ANY routes; <c>$default</c> for the default route).</summary>
    public const string AwsMethodDimension = "Method";

    /// <summary>The <c>Resource</c> dimension of detailed metrics: the route key's path template (<c>$default</c> for the default route).</summary>
    public const string AwsResourceDimension = "Resource";
}
