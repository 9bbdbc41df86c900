using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations.HttpProxy;

/// <summary>
/// API Gateway's <c>HTTP_PROXY</c> integration: forwards the request to an HTTP backend and streams the backend's
/// answer back, both bodies unbuffered.
/// </summary>
/// <remarks>
/// <para><b>Target.</b> The URI's <c>${stageVariables.name}</c> are replaced by the stage's variables, and its
/// <c>{name}</c> path parameters by the route's decoded parameters, percent-encoded again (a literal <c>%</c> goes out
/// as <c>%25</c>; the greedy <c>{proxy}</c> keeps its <c>/</c> separators). For the <c>$default</c> route, or a URI
/// without a path, the whole routing path (decoded, without the stage segment unless
/// <see cref="HttpProxyIntegrationOptions.ForwardStagePrefix"/>) is appended to the URI's path. An
/// <c>overwrite:path</c> mapping replaces the path. The client's query string is appended as sent (after the URI's own
/// query, joined with <c>&amp;</c>).</para>
/// <para><b>Headers.</b> Hop-by-hop headers and the headers a <c>Connection</c> header names are removed both ways
/// before anything is added; the client's <c>Host</c> is never copied (the backend's host is used);
/// <c>X-Forwarded-For</c> (the client's IP, replacing whatever the client sent), <c>X-Forwarded-Proto</c>,
/// <c>X-Forwarded-Port</c> and <c>X-Forwarded-Host</c> are set; the client's <c>Forwarded</c>, client-IP
/// (<c>X-Real-IP</c>, <c>True-Client-IP</c>, ...), URL-override, method-override and <c>apigw-*</c>/<c>x-apigw-*</c>
/// headers are dropped; header values with control characters are dropped.</para>
/// <para><b>Failures.</b> Redirects are never followed; <c>CONNECT</c> and <c>TRACE</c> are never proxied (404).
/// A backend that cannot be reached, resets, or answers something that is not valid HTTP (oversized or malformed
/// headers, conflicting framing) gives 502 <c>{"message":"Bad Gateway"}</c>. A backend still silent when the
/// integration timeout cancels the call gives <see cref="HttpProxyIntegrationOptions.TimeoutStatusCode"/> (504
/// <c>{"message":"Gateway Timeout"}</c>); the backend connection is aborted. A client that goes away cancels the
/// backend call the same way. Requests are never retried once any of their body was sent.</para>
/// </remarks>
public sealed class HttpProxyIntegration : IIntegration, IIntegrationRequirements
{
    private static readonly Lazy<HttpMessageInvoker> SharedInvoker = new(static () => new HttpMessageInvoker(CreateDefaultHandler()));

    private readonly HttpProxyUriTemplate _template;
    private readonly HttpMessageInvoker? _invoker;
    private readonly HttpMethod? _method;

    /// <summary>Creates an HTTP proxy integration.</summary>
    /// <param name="uri">The integration URI (see <see cref="HttpProxyIntegrationOptions.Uri"/>).</param>
    /// <param name="invoker">What sends backend requests; the shared default when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The URI is not valid; the message names it and the problem.</exception>
    public HttpProxyIntegration(string uri, HttpMessageInvoker? invoker = null)
        : this(new HttpProxyIntegrationOptions { Uri = uri, Invoker = invoker })
    {
    }

    /// <summary>Creates an HTTP proxy integration.</summary>
    /// <param name="options">The settings, read once.</param>
    /// <exception cref="ArgumentException">The URI is missing or not valid, or the timeout status is not 503 or 504.</exception>
    public HttpProxyIntegration(HttpProxyIntegrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Uri is null)
        {
            throw new ArgumentException("The integration URI is required.", nameof(options));
        }

        if (!HttpProxyUriTemplate.TryParse(options.Uri, out var template, out string? error))
        {
            throw new ArgumentException(error, nameof(options));
        }

        if (options.Method is { } method && method != "ANY" && !HttpSyntax.IsUpperCaseToken(method))
        {
            throw new ArgumentException($"The integration method '{method}' is not valid; use an upper-case method such as POST, or ANY for the client's own.", nameof(options));
        }

        if (options.TimeoutStatusCode is not (503 or 504))
        {
            throw new ArgumentException($"The timeout status {options.TimeoutStatusCode} is not valid; use 504 (Gateway Timeout) or 503 (Service Unavailable).", nameof(options));
        }

        _template = template!;
        _invoker = options.Invoker;
        _method = options.Method is null or "ANY" ? null : new HttpMethod(options.Method);
        TimeoutStatusCode = options.TimeoutStatusCode;
        ForwardStagePrefix = options.ForwardStagePrefix;
    }

    /// <inheritdoc />
    public IntegrationType IntegrationType => IntegrationType.HttpProxy;

    /// <inheritdoc />
    public GatewayErrorKind TimeoutError => TimeoutStatusCode == 504 ? GatewayErrorKind.GatewayTimeout : GatewayErrorKind.IntegrationTimeout;

    /// <summary>The integration URI as configured.</summary>
    public string Uri => _template.Text;

    /// <summary>The method sent to the backend; <see langword="null"/> when the client's own is.</summary>
    public string? Method => _method?.Method;

    /// <inheritdoc />
    IReadOnlyList<string> IIntegrationRequirements.PathParameters => _template.PathParameterNames;

    /// <inheritdoc />
    IReadOnlyList<string> IIntegrationRequirements.StageVariables => _template.StageVariableNames;

    /// <inheritdoc />
    string IIntegrationRequirements.Where => $"its URI '{_template.Text}'";

    /// <summary>The status a client gets when the backend does not answer in time.</summary>
    public int TimeoutStatusCode { get; }

    /// <summary>Whether a forwarded full path keeps a named stage's segment.</summary>
    public bool ForwardStagePrefix { get; }

    /// <summary>
    /// Makes a handler set up for proxying: no redirects followed, no cookie container, no system proxy, no automatic
    /// decompression, pooled connections renewed every 2 minutes (so DNS changes are seen).
    /// </summary>
    /// <returns>A new handler; wrap it in an <see cref="HttpMessageInvoker"/> to pass it in.</returns>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        EnableMultipleHttp2Connections = true,
    };

    /// <inheritdoc />
    /// <exception cref="IntegrationException">The backend cannot be reached or answers malformed HTTP (502), does not
    /// answer in time (<see cref="TimeoutStatusCode"/>), or the request cannot be forwarded (400, 500).</exception>
    public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is "CONNECT" or "TRACE")
        {
            throw new IntegrationException(GatewayErrorKind.NotFound, $"{request.Method} is never proxied.");
        }

        // 1. The client's headers without hop-by-hop, Connection-nominated and gateway-owned ones (a request transform
        // that mapped headers filtered them first, and its mapped headers stay); 2. the gateway's own forwarding
        // headers, last, so nothing the client sent can remove or replace them.
        var headers = request.Forwarding is { HeadersFiltered: true }
            ? [.. request.Headers]
            : ForwardingHeaders.FilterRequest(request.Headers, request.Forwarding?.GatewaySetHeaders);
        AddForwardingHeaders(headers, request);

        var failure = _template.Build(request, request.PathOverride, request.RawQueryString, ForwardStagePrefix, out var uri);
        if (failure is not null)
        {
            throw failure;
        }

        using var message = new HttpRequestMessage(_method ?? new HttpMethod(request.Method), uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = CreateContent(request, request.Body),
        };
        // W3C trace context: when the request is traced, the backend continues the gateway's trace, not the client's.
        var activity = Activity.Current;
        foreach (var header in headers)
        {
            if (activity is not null && IsTraceContext(header.Key))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
            {
                message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (activity is not null)
        {
            DistributedContextPropagator.Current.Inject(activity, message, static (carrier, name, value) =>
            {
                if (carrier is HttpRequestMessage outgoing && value is not null)
                {
                    outgoing.Headers.TryAddWithoutValidation(name, value);
                }
            });
        }

        HttpResponseMessage response;
        try
        {
            // An HttpMessageInvoker returns once the response headers are read (HttpClient's ResponseHeadersRead):
            // the body is streamed by the host from the GatewayResponse.
            response = await Invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            // The integration timeout (or the client's abort) cancelled the call; the handler aborted the connection.
            throw new IntegrationException(TimeoutError, $"The backend {uri!.Authority} did not answer within the integration timeout.", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or InvalidOperationException)
        {
            throw new IntegrationException(GatewayErrorKind.BadGateway, $"The backend {uri!.Authority} could not be reached or failed: {e.Message}", e);
        }

        if ((int)response.StatusCode < 200)
        {
            // The gateway never asks for an upgrade, so a 101 (or any other 1xx as the final answer) would hand the
            // client's connection to the backend: API Gateway's 502.
            response.Dispose();
            throw new IntegrationException(GatewayErrorKind.BadGateway, $"The backend {uri!.Authority} answered {(int)response.StatusCode}, which the gateway does not pass on.");
        }

        if (!ForwardingHeaders.HasSoundFraming(response))
        {
            response.Dispose();
            throw new IntegrationException(GatewayErrorKind.BadGateway, $"The backend {uri!.Authority} answered with conflicting or malformed framing headers.");
        }

        try
        {
            var responseHeaders = ForwardingHeaders.FilterResponse(response);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new GatewayResponse((int)response.StatusCode, responseHeaders, stream, new HttpProxyResponseOwner(response));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static bool IsTraceContext(string name) =>
        name.Equals("traceparent", StringComparison.OrdinalIgnoreCase)
        || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase)
        || name.Equals("baggage", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Request-Id", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Correlation-Context", StringComparison.OrdinalIgnoreCase);

    private HttpMessageInvoker Invoker => _invoker ?? SharedInvoker.Value;

    private static void AddForwardingHeaders(List<KeyValuePair<string, string>> headers, IntegrationRequest request)
    {
        // The client's X-Forwarded-* never got this far (ForwardingHeaders.FilterRequest); mappings cannot set these four.
        headers.RemoveAll(static h => h.Key.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals("X-Forwarded-Port", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals("X-Forwarded-Host", StringComparison.OrdinalIgnoreCase));
        if (HttpSyntax.IsFieldValue(request.SourceIp) && !request.SourceIp.Contains(',', StringComparison.Ordinal))
        {
            headers.Add(new("X-Forwarded-For", request.SourceIp));
        }

        if (HttpSyntax.IsToken(request.Scheme))
        {
            headers.Add(new("X-Forwarded-Proto", request.Scheme));
        }

        headers.Add(new("X-Forwarded-Port", request.Port.ToString(CultureInfo.InvariantCulture)));
        string? host = request.Forwarding?.ClientHost ?? request.GetHeader("Host");
        if (host is { Length: > 0 } && HttpSyntax.IsFieldValue(host) && !host.Contains(',', StringComparison.Ordinal))
        {
            headers.Add(new("X-Forwarded-Host", host));
        }
    }

    private static HttpProxyRequestContent? CreateContent(IntegrationRequest request, Stream body)
    {
        // HTTP/1.1 framing decides whether there is a body (RFC 9112 6.3): Content-Length or Transfer-Encoding. A body
        // given in process without either counts when its length is known and not zero.
        long? length = null;
        bool chunked = false;
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(header.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long declared))
            {
                length ??= declared;
            }
            else if (string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        if (chunked)
        {
            return new HttpProxyRequestContent(body, null);
        }

        if (length is null && body != Stream.Null && body.CanSeek)
        {
            length = body.Length - body.Position;
        }

        return length > 0 ? new HttpProxyRequestContent(body, length) : null;
    }
}
