using Routing.Http;
using Routing.Routes;


namespace Routing.Pipeline;

/// <summary>
/// One request's way through the gateway, created once when the request arrives: who it is (request id, API, stage,
/// deployment, route), what the authorizer decided, how long each part took, and how it ended. The steps of the
/// route write it; the host, the logs and the metrics read it afterwards.
/// </summary>
/// <remarks>Not thread-safe: one request's steps run one after another.</remarks>
public sealed class GatewayContext
{
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;

    // PERF: DispatchBenchmarks. Latencies as ticks (-1: none) rather than TimeSpan? fields: a smaller object per request.
    private long _authorizerTicks = -1;
    private long _integrationTicks = -1;

    // PERF: DispatchBenchmarks. The instant alone (8 bytes, not 16); the clock's times are UTC.
    private readonly DateTime _receivedUtc;
    private long _responseTicks = -1;
    private int _integrationStatus;

    // PERF: DispatchBenchmarks. The rare parts of an error in one object made only when there is one.
    private Failure? _failure;

    internal GatewayContext(GatewayRequest request, string requestId, ApiIdentity api, TimeProvider time)
    {
        Request = request;
        RequestId = requestId;
        Api = api;
        _time = time;
        _startTimestamp = time.GetTimestamp();
        _receivedUtc = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>The request as the host handed it over.</summary>
    public GatewayRequest Request { get; }

    /// <summary>The request id, also sent back in the <c>apigw-requestid</c> header.</summary>
    public string RequestId { get; }

    /// <summary>The API that served the request.</summary>
    public ApiIdentity Api { get; }

    /// <summary>When the gateway received the request (UTC).</summary>
    public DateTimeOffset ReceivedAt => new(_receivedUtc, TimeSpan.Zero);

    /// <summary>The stage that served the request; <see langword="null"/> when no stage took it.</summary>
    public string? Stage { get; internal set; }

    /// <summary>The id of the deployment that served the request; <see langword="null"/> when no stage took it.</summary>
    public string? DeploymentId { get; internal set; }

    /// <summary>The route that matched; <see langword="null"/> when none did.</summary>
    public RouteKey? RouteKey { get; internal set; }

    /// <summary>The request as the integration receives it (after request transforms); <see langword="null"/> before a route matched.</summary>
    public IntegrationRequest? IntegrationRequest { get; internal set; }

    /// <summary>The API mapping key that gave the request to the API (<c>(none)</c> for the empty key); <see langword="null"/> on the API's own endpoint.</summary>
    internal string? BasePathMatched { get; init; }

    /// <summary>The matched route's index in the stage's deployment; meaningless before a route matched.</summary>
    internal int RouteIndex { get; set; }

    /// <summary>The kind of the matched route's integration; <see langword="null"/> before a route matched.</summary>
    internal IntegrationType? IntegrationType { get; set; }

    /// <summary>What the route's authorizer handed on; <see langword="null"/> when the route has none or it refused.</summary>
    public AuthorizerContext? Authorizer { get; internal set; }

    /// <summary>Whether the authorizer's decision came from its cache.</summary>
    public bool AuthorizerCacheHit { get; internal set; }

    /// <summary>How long the authorizer took; <see langword="null"/> when none ran.</summary>
    public TimeSpan? AuthorizerLatency
    {
        get => Latency(_authorizerTicks);
        internal set => _authorizerTicks = value?.Ticks ?? -1;
    }

    /// <summary>How long the integration took to answer (to its response headers when it streams); <see langword="null"/> when it did not run.</summary>
    public TimeSpan? IntegrationLatency
    {
        get => Latency(_integrationTicks);
        internal set => _integrationTicks = value?.Ticks ?? -1;
    }

    /// <summary>The status code the integration answered with; <see langword="null"/> when it did not answer.</summary>
    public int? IntegrationStatusCode
    {
        get => _integrationStatus == 0 ? null : _integrationStatus;
        internal set => _integrationStatus = value ?? 0;
    }

    /// <summary>How long the gateway took from receiving the request to handing the response to the host; <see langword="null"/> until then.</summary>
    public TimeSpan? ResponseLatency => Latency(_responseTicks);

    /// <summary>The status code the client gets; 0 until the response is ready.</summary>
    public int StatusCode { get; internal set; }

    /// <summary>Why the gateway answered itself; <see cref="GatewayErrorKind.None"/> when the integration's answer was sent.</summary>
    public GatewayErrorKind Error { get; private set; }

    /// <summary>What went wrong, for logs (never sent to the client); <see langword="null"/> when nothing did.</summary>
    public string? ErrorDetail => _failure?.Detail;

    /// <summary>The exception behind <see cref="Error"/>, for logs; <see langword="null"/> when there is none.</summary>
    public Exception? Exception => _failure?.Exception;

    /// <summary>
    /// The answer for the host to send; <see langword="null"/> when the gateway left the request to the host (no stage
    /// or route took it and the host passes such requests on).
    /// </summary>
    public GatewayResponse? Response { get; internal set; }

    /// <summary>Per-request state of the transform steps (their parsed bodies), shared between the request and response phases.</summary>
    internal object? TransformState { get; set; }

    /// <summary>Records why the gateway answers itself. The first error wins: a later step cannot hide the cause.</summary>
    internal void Fail(GatewayErrorKind kind, string? detail, Exception? exception)
    {
        if (Error != GatewayErrorKind.None)
        {
            return;
        }

        Error = kind;
        if (detail is not null || exception is not null)
        {
            _failure = new Failure(detail, exception);
        }
    }

    /// <summary>A timestamp of the API's clock, for <see cref="ElapsedSince"/>.</summary>
    internal long GetTimestamp() => _time.GetTimestamp();

    /// <summary>The time since a timestamp of <see cref="GetTimestamp"/>.</summary>
    internal TimeSpan ElapsedSince(long timestamp) => _time.GetElapsedTime(timestamp);

    /// <summary>Sets <see cref="Response"/>, <see cref="StatusCode"/> and <see cref="ResponseLatency"/> once the response is ready.</summary>
    internal void Complete(GatewayResponse response)
    {
        Response = response;
        StatusCode = response.StatusCode;
        _responseTicks = _time.GetElapsedTime(_startTimestamp).Ticks;
    }

    private static TimeSpan? Latency(long ticks) => ticks < 0 ? null : TimeSpan.FromTicks(ticks);

    private sealed record Failure(string? Detail, Exception? Exception);
}
