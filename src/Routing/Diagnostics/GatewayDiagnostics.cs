using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Routing.Pipeline;

namespace Routing.Diagnostics;

/// <summary>
/// What one API reports about its requests, read from each request's <see cref="GatewayContext"/> when the response is
/// ready: the request activity, the meter's instruments, and log lines (one per request at Information, and the causes
/// of the gateway's own errors). Every part checks first whether anyone listens.
/// </summary>
internal sealed partial class GatewayDiagnostics
{
    /// <summary>The library's one activity source.</summary>
    internal static readonly ActivitySource Source = new(GatewayTelemetry.SourceName);

    private static readonly Meter SharedMeter = new(GatewayTelemetry.SourceName);

    private readonly ILogger _requests;
    private readonly Counter<long> _count;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _integrationDuration;
    private readonly Histogram<double> _authorizerDuration;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _awsCount;
    private readonly Counter<long> _aws4xx;
    private readonly Counter<long> _aws5xx;
    private readonly Histogram<double> _awsLatency;
    private readonly Histogram<double> _awsIntegrationLatency;
    private readonly Counter<long> _awsDataProcessed;

    /// <summary>Creates an API's diagnostics.</summary>
    /// <param name="loggerFactory">Where log lines go; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the meter (DI hosts); the process-wide meter when <see langword="null"/>.</param>
    public GatewayDiagnostics(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        _requests = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LogCategory);
        var meter = meterFactory?.Create(GatewayTelemetry.SourceName) ?? SharedMeter;
        _count = meter.CreateCounter<long>(GatewayTelemetry.RequestsInstrument, "{request}", "Requests the gateway answered.");
        _duration = meter.CreateHistogram<double>(GatewayTelemetry.RequestDurationInstrument, "s", "How long the gateway took per request.");
        _integrationDuration = meter.CreateHistogram<double>(GatewayTelemetry.IntegrationDurationInstrument, "s", "How long integrations took.");
        _authorizerDuration = meter.CreateHistogram<double>(GatewayTelemetry.AuthorizerDurationInstrument, "s", "How long authorizers took.");
        _cacheHits = meter.CreateCounter<long>(GatewayTelemetry.AuthorizerCacheHitsInstrument, "{decision}", "Authorizer decisions taken from a cache.");
        _awsCount = meter.CreateCounter<long>(GatewayTelemetry.AwsCountInstrument, "{request}", "API Gateway's Count: requests.");
        _aws4xx = meter.CreateCounter<long>(GatewayTelemetry.Aws4xxInstrument, "{request}", "API Gateway's 4xx: answers with a status from 400 to 499.");
        _aws5xx = meter.CreateCounter<long>(GatewayTelemetry.Aws5xxInstrument, "{request}", "API Gateway's 5xx: answers with a status from 500 to 599.");
        _awsLatency = meter.CreateHistogram<double>(GatewayTelemetry.AwsLatencyInstrument, "ms", "API Gateway's Latency: receipt to response, integration included.");
        _awsIntegrationLatency = meter.CreateHistogram<double>(GatewayTelemetry.AwsIntegrationLatencyInstrument, "ms", "API Gateway's IntegrationLatency: relay to the backend and back.");
        _awsDataProcessed = meter.CreateCounter<long>(GatewayTelemetry.AwsDataProcessedInstrument, "By", "API Gateway's DataProcessed: bytes of requests and responses.");
    }

    /// <summary>
    /// Records API Gateway's CloudWatch metrics for a request of a stage, with its dimensions (<c>ApiId</c>, <c>Stage</c>,
    /// and <c>Method</c> and <c>Resource</c> when the route has detailed metrics): nothing when nobody listens.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="dataProcessed">Bytes of the request and response bodies, when known.</param>
    /// <param name="detailed">Whether the route has <c>detailedMetricsEnabled</c>.</param>
    public void RecordAwsMetrics(GatewayContext context, long? dataProcessed, bool detailed)
    {
        if (!(_awsCount.Enabled || _aws4xx.Enabled || _aws5xx.Enabled || _awsLatency.Enabled || _awsIntegrationLatency.Enabled || _awsDataProcessed.Enabled))
        {
            return;
        }

        var tags = new TagList { { GatewayTelemetry.AwsApiIdDimension, context.Api.ApiId }, { GatewayTelemetry.AwsStageDimension, context.Stage } };
        if (detailed && context.RouteKey is { } route)
        {
            tags.Add(GatewayTelemetry.AwsMethodDimension, route.IsDefault ? route.Value : route.Method);
            tags.Add(GatewayTelemetry.AwsResourceDimension, route.IsDefault ? route.Value : route.Path);
        }

        _awsCount.Add(1, tags);
        _aws4xx.Add(context.StatusCode is >= 400 and < 500 ? 1 : 0, tags);
        _aws5xx.Add(context.StatusCode is >= 500 and < 600 ? 1 : 0, tags);
        if (context.ResponseLatency is { } latency)
        {
            _awsLatency.Record(latency.TotalMilliseconds, tags);
        }

        if (context.IntegrationLatency is { } integration)
        {
            _awsIntegrationLatency.Record(integration.TotalMilliseconds, tags);
        }

        if (dataProcessed is { } bytes)
        {
            _awsDataProcessed.Add(bytes, tags);
        }
    }

    /// <summary>The log category of request lines and their causes.</summary>
    public const string LogCategory = "Routing.Requests";

    /// <summary>Starts the request's activity when anyone listens; <see langword="null"/> otherwise.</summary>
    public static Activity? StartRequest(GatewayContext context)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(GatewayTelemetry.RequestActivityName, Activity.Current is null ? ActivityKind.Server : ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("http.request.method", context.Request.Method);
            activity.SetTag(GatewayTelemetry.ApiTag, context.Api.ApiId);
            activity.SetTag(GatewayTelemetry.RequestIdTag, context.RequestId);
        }

        return activity;
    }

    /// <summary>Reports a request whose response is ready: the activity's tags and end, the instruments, the log lines.</summary>
    public void RequestCompleted(GatewayContext context, Activity? activity)
    {
        if (activity is not null)
        {
            Complete(activity, context);
        }

        if (_count.Enabled || _duration.Enabled || _integrationDuration.Enabled || _authorizerDuration.Enabled || _cacheHits.Enabled)
        {
            Record(context);
        }

        if (context.Error != GatewayErrorKind.None)
        {
            LogCause(context);
        }

        if (_requests.IsEnabled(LogLevel.Information))
        {
            Log.RequestCompleted(
                _requests,
                context.Request.Method,
                LoggedPath(context.Request.RawTarget),
                context.StatusCode,
                context.ResponseLatency?.TotalMilliseconds ?? 0,
                context.RouteKey?.Value ?? "-",
                context.Stage ?? "-",
                context.RequestId);
        }
    }

    private static void Complete(Activity activity, GatewayContext context)
    {
        if (activity.IsAllDataRequested)
        {
            if (context.RouteKey is { } route)
            {
                activity.DisplayName = route.Value;
                activity.SetTag(GatewayTelemetry.RouteTag, route.Value);
            }

            activity.SetTag(GatewayTelemetry.StageTag, context.Stage);
            activity.SetTag(GatewayTelemetry.DeploymentTag, context.DeploymentId);
            activity.SetTag(GatewayTelemetry.StatusCodeTag, context.StatusCode);
            if (context.Error != GatewayErrorKind.None)
            {
                activity.SetTag(GatewayTelemetry.ErrorTag, context.Error.ToString());
            }
        }

        if (context.StatusCode >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error, context.Error.ToString());
        }

        activity.Stop();
    }

    private void Record(GatewayContext context)
    {
        string? route = context.RouteKey?.Value;
        var tags = new TagList
        {
            { GatewayTelemetry.ApiTag, context.Api.ApiId },
            { GatewayTelemetry.StageTag, context.Stage },
            { GatewayTelemetry.RouteTag, route },
            { GatewayTelemetry.StatusClassTag, StatusClass(context.StatusCode) },
        };
        if (context.Error != GatewayErrorKind.None)
        {
            tags.Add(GatewayTelemetry.ErrorTag, ErrorName(context.Error));
        }

        _count.Add(1, tags);
        if (context.ResponseLatency is { } latency)
        {
            _duration.Record(latency.TotalSeconds, tags);
        }

        var routeTags = new TagList
        {
            { GatewayTelemetry.ApiTag, context.Api.ApiId },
            { GatewayTelemetry.StageTag, context.Stage },
            { GatewayTelemetry.RouteTag, route },
        };
        if (context.IntegrationLatency is { } integration)
        {
            _integrationDuration.Record(integration.TotalSeconds, routeTags);
        }

        if (context.AuthorizerLatency is { } authorizer)
        {
            routeTags.Add(GatewayTelemetry.CacheHitTag, context.AuthorizerCacheHit);
            _authorizerDuration.Record(authorizer.TotalSeconds, routeTags);
            if (context.AuthorizerCacheHit)
            {
                _cacheHits.Add(1, new KeyValuePair<string, object?>(GatewayTelemetry.ApiTag, context.Api.ApiId), new KeyValuePair<string, object?>(GatewayTelemetry.StageTag, context.Stage));
            }
        }
    }

    private void LogCause(GatewayContext context)
    {
        string route = context.RouteKey?.Value ?? "-";
        string detail = context.ErrorDetail ?? string.Empty;
        switch (context.Error)
        {
            case GatewayErrorKind.IntegrationFailure:
                Log.IntegrationFailed(_requests, route, context.RequestId, detail, context.Exception);
                break;
            case GatewayErrorKind.IntegrationTimeout or GatewayErrorKind.GatewayTimeout:
                Log.IntegrationTimedOut(_requests, route, context.RequestId, detail);
                break;
            case GatewayErrorKind.BadGateway:
                Log.BackendFailed(_requests, route, context.RequestId, detail, context.Exception);
                break;
            case GatewayErrorKind.ConfigurationError:
                Log.ConfigurationError(_requests, route, context.RequestId, detail, context.Exception);
                break;
            case GatewayErrorKind.AuthorizerFailure:
                Log.AuthorizerFailed(_requests, route, context.RequestId, detail, context.Exception);
                break;
            case GatewayErrorKind.Unauthorized or GatewayErrorKind.Forbidden:
                Log.AuthorizerRefused(_requests, route, context.StatusCode, context.RequestId, detail);
                break;
            case GatewayErrorKind.ClientClosedRequest:
                Log.ClientClosedRequest(_requests, route, context.RequestId);
                break;
            default:
                Log.RequestRefused(_requests, context.StatusCode, context.RequestId, detail);
                break;
        }
    }

    /// <summary>
    /// The path as the request line logs it: never the query string (it may hold secrets), and at most
    /// <see cref="MaxLoggedPath"/> characters (a refused 8 KB path is not copied into every log line).
    /// </summary>
    private static string LoggedPath(string target)
    {
        int query = target.IndexOf('?', StringComparison.Ordinal);
        int length = query < 0 ? target.Length : query;
        return length <= MaxLoggedPath ? (query < 0 ? target : target[..query]) : string.Concat(target.AsSpan(0, MaxLoggedPath), "...");
    }

    private const int MaxLoggedPath = 256;

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    // PERF: DispatchBenchmarks. Enum names without Enum.ToString's boxing and reflection, only on error paths anyway.
    private static string ErrorName(GatewayErrorKind kind) => kind switch
    {
        GatewayErrorKind.BadRequest => nameof(GatewayErrorKind.BadRequest),
        GatewayErrorKind.Unauthorized => nameof(GatewayErrorKind.Unauthorized),
        GatewayErrorKind.Forbidden => nameof(GatewayErrorKind.Forbidden),
        GatewayErrorKind.NotFound => nameof(GatewayErrorKind.NotFound),
        GatewayErrorKind.UriTooLong => nameof(GatewayErrorKind.UriTooLong),
        GatewayErrorKind.AuthorizerFailure => nameof(GatewayErrorKind.AuthorizerFailure),
        GatewayErrorKind.IntegrationFailure => nameof(GatewayErrorKind.IntegrationFailure),
        GatewayErrorKind.ConfigurationError => nameof(GatewayErrorKind.ConfigurationError),
        GatewayErrorKind.BadGateway => nameof(GatewayErrorKind.BadGateway),
        GatewayErrorKind.IntegrationTimeout => nameof(GatewayErrorKind.IntegrationTimeout),
        GatewayErrorKind.GatewayTimeout => nameof(GatewayErrorKind.GatewayTimeout),
        GatewayErrorKind.ClientClosedRequest => nameof(GatewayErrorKind.ClientClosedRequest),
        GatewayErrorKind.Throttled => nameof(GatewayErrorKind.Throttled),
        GatewayErrorKind.QuotaExceeded => nameof(GatewayErrorKind.QuotaExceeded),
        _ => kind.ToString(),
    };

    /// <summary>The request log's messages. Event ids are stable: 1-99 requests (docs/architecture.md lists every id).</summary>
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Method} {Target} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms (route {RouteKey}, stage {Stage}, request {RequestId})")]
        public static partial void RequestCompleted(ILogger logger, string method, string target, int statusCode, double elapsedMilliseconds, string routeKey, string stage, string requestId);

        [LoggerMessage(10, LogLevel.Error, "The integration of route {RouteKey} failed (request {RequestId}): {Detail}")]
        public static partial void IntegrationFailed(ILogger logger, string routeKey, string requestId, string detail, Exception? exception);

        [LoggerMessage(11, LogLevel.Warning, "The integration of route {RouteKey} timed out (request {RequestId}): {Detail}")]
        public static partial void IntegrationTimedOut(ILogger logger, string routeKey, string requestId, string detail);

        [LoggerMessage(12, LogLevel.Warning, "The backend of route {RouteKey} failed (request {RequestId}): {Detail}")]
        public static partial void BackendFailed(ILogger logger, string routeKey, string requestId, string detail, Exception? exception);

        [LoggerMessage(13, LogLevel.Error, "Route {RouteKey} cannot be served as configured (request {RequestId}): {Detail}")]
        public static partial void ConfigurationError(ILogger logger, string routeKey, string requestId, string detail, Exception? exception);

        [LoggerMessage(20, LogLevel.Error, "The authorizer of route {RouteKey} failed (request {RequestId}): {Detail}")]
        public static partial void AuthorizerFailed(ILogger logger, string routeKey, string requestId, string detail, Exception? exception);

        [LoggerMessage(21, LogLevel.Debug, "The authorizer of route {RouteKey} refused the request with {StatusCode} (request {RequestId}): {Detail}")]
        public static partial void AuthorizerRefused(ILogger logger, string routeKey, int statusCode, string requestId, string detail);

        [LoggerMessage(30, LogLevel.Debug, "The client closed request {RequestId} to route {RouteKey} before it was answered")]
        public static partial void ClientClosedRequest(ILogger logger, string routeKey, string requestId);

        [LoggerMessage(31, LogLevel.Debug, "Request {RequestId} refused with {StatusCode}: {Detail}")]
        public static partial void RequestRefused(ILogger logger, int statusCode, string requestId, string detail);
    }
}
