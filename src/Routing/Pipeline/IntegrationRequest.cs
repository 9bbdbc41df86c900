using Routing.Http;
using Routing.Routes;


namespace Routing.Pipeline;

/// <summary>
/// A request after stage and route selection: everything an integration may read. A record, so a step that changes
/// part of it (parameter mapping) copies it with <c>with</c> and can never drop a property.
/// </summary>
public sealed record IntegrationRequest
{
    // PERF: DispatchBenchmarks. The instant alone (8 bytes, not 16): API Gateway's times are UTC.
    private readonly DateTime _requestTimeUtc;

    /// <summary>The request method as sent.</summary>
    public required string Method { get; init; }

    /// <summary>The decoded path including the stage segment, as API Gateway's <c>rawPath</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The path as sent, still percent-encoded, including the stage segment (payload 1.0 <c>path</c>).</summary>
    public required string EncodedPath { get; init; }

    /// <summary>The decoded path without the stage segment, on which the route was selected.</summary>
    public required string RoutingPath { get; init; }

    /// <summary>The client's mTLS certificate, accepted by the custom domain's truststore; <see langword="null"/> without mutual TLS.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The query string as sent, without <c>?</c>; empty when there is none.</summary>
    public required string RawQueryString { get; init; }

    /// <summary>The header lines as received, in order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The request body; <see cref="Stream.Null"/> when there is none.</summary>
    public Stream Body { get; init; } = Stream.Null;

    /// <summary>The selected route.</summary>
    public required RouteKey RouteKey { get; init; }

    /// <summary>The decoded path parameters; empty when the route has none.</summary>
    public required IReadOnlyDictionary<string, string> PathParameters { get; init; }

    /// <summary>The stage name, <c>$default</c> or a named stage.</summary>
    public required string Stage { get; init; }

    /// <summary>The stage's variables; empty when it has none.</summary>
    public required IReadOnlyDictionary<string, string> StageVariables { get; init; }

    /// <summary>The request id, also sent back as the <c>apigw-requestid</c> header.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the gateway received the request, in UTC (a time given with another offset is kept as the same instant in UTC).</summary>
    public required DateTimeOffset RequestTime
    {
        get => new(_requestTimeUtc, TimeSpan.Zero);
        init => _requestTimeUtc = value.UtcDateTime;
    }

    /// <summary>
    /// The host's own object for this request, for integrations written for one host; <see langword="null"/> when the
    /// host gives none. In ASP.NET Core it is the <c>HttpContext</c> (read it with <c>request.GetHttpContext()</c>), from
    /// whose request services integrations added with <c>AddIntegration&lt;T&gt;</c> are resolved.
    /// </summary>
    public object? HostContext { get; init; }

    /// <summary>The client's IP address.</summary>
    public required string SourceIp { get; init; }

    /// <summary>The client's protocol as it arrived (<c>HTTP/1.1</c>, <c>HTTP/2</c>).</summary>
    public required string Protocol { get; init; }

    /// <summary>The scheme the client used.</summary>
    public string Scheme { get; init; } = "https";

    /// <summary>The port the client connected to.</summary>
    public int Port { get; init; } = 443;

    /// <summary>The API's identity (id, account, domain).</summary>
    public required ApiIdentity Api { get; init; }

    /// <summary>
    /// The path an HTTP proxy sends instead of the one its URI builds, set by an <c>overwrite:path</c> parameter mapping
    /// (decoded); <see langword="null"/> when nothing overwrote it.
    /// </summary>
    public string? PathOverride => Forwarding?.PathOverride;

    /// <summary>What a request transform that mapped the headers tells an HTTP proxy; <see langword="null"/> when none did.</summary>
    internal ForwardingPlan? Forwarding { get; init; }

    /// <summary>What the route's authorizer produced; <see langword="null"/> when the route has none.</summary>
    public AuthorizerContext? Authorizer { get; internal set; }

    /// <summary>The first value of a header (case-insensitive name), or <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value or <see langword="null"/>.</returns>
    public string? GetHeader(string name) => HeaderLines.First(Headers, name);
}
