using System.Collections.Frozen;
using System.Globalization;
using Routing.Definitions;
using Routing.Http;

namespace Routing.Cors;

/// <summary>
/// A compiled CORS configuration, one per deployment: the allowed origins, methods and headers in frozen sets and
/// every response header value computed once, so a request only looks up and adds.
/// </summary>
/// <remarks>
/// <para><b>Origins.</b> An <c>Origin</c> is allowed when it equals a configured origin exactly (ordinal,
/// case-sensitive: browsers send scheme and host in lower case), when <c>*</c> is configured (answered with
/// <c>*</c>, never with the origin), or when it is a well-formed <c>https://host[:port]</c> (<c>http://...</c>) origin
/// and <c>https://*</c> (<c>http://*</c>) is configured (answered with the origin itself). Nothing else is ever
/// echoed: no prefix, suffix or pattern matching, no <c>null</c>, no origin longer than
/// <see cref="CorsConfiguration.MaxOriginLength"/>, and a request with two <c>Origin</c> lines is not allowed.</para>
/// <para><b>Preflight</b> (<see cref="IsPreflight"/>) is granted only when the origin, the requested method (or a
/// CORS-safelisted one: <c>GET</c>, <c>HEAD</c>, <c>POST</c>) and every requested header are allowed. A granted
/// preflight gets <c>Access-Control-Allow-Origin</c>, <c>-Allow-Credentials</c> (when configured),
/// <c>-Allow-Methods</c> and <c>-Allow-Headers</c> (the configured lists, never the request's), and <c>-Max-Age</c>
/// (when configured). A refused one gets none of them: the browser then blocks the request itself. The gateway's own
/// preflight answer (<see cref="AnswerPreflight"/>) is <c>204</c> either way.</para>
/// <para><b>Other requests</b> (<see cref="Apply"/>): every <c>Access-Control-*</c> header the integration returned
/// is removed, as API Gateway ignores them; an allowed origin then gets <c>Access-Control-Allow-Origin</c>,
/// <c>-Allow-Credentials</c> and <c>-Expose-Headers</c> (when configured).</para>
/// <para><b>Vary.</b> When the answer depends on the <c>Origin</c> value (any policy but <c>*</c>), every response the
/// policy touches lists <c>Origin</c> in <c>Vary</c>, refusals and requests without <c>Origin</c> included; preflight
/// answers also list <c>Access-Control-Request-Method</c> and <c>Access-Control-Request-Headers</c>. An integration's
/// own <c>Vary</c> is kept and extended.</para>
/// </remarks>
internal sealed partial class CorsPolicy
{
    internal const string AllowOriginHeader = "access-control-allow-origin";
    internal const string AllowCredentialsHeader = "access-control-allow-credentials";
    internal const string AllowMethodsHeader = "access-control-allow-methods";
    internal const string AllowHeadersHeader = "access-control-allow-headers";
    internal const string ExposeHeadersHeader = "access-control-expose-headers";
    internal const string MaxAgeHeader = "access-control-max-age";
    internal const string VaryHeader = "vary";
    internal const string OriginHeader = "Origin";
    internal const string RequestMethodHeader = "Access-Control-Request-Method";
    internal const string RequestHeadersHeader = "Access-Control-Request-Headers";

    private const string CorsHeaderPrefix = "access-control-";
    private const string Separator = ",";

    private static readonly string[] OriginVaryTokens = [OriginHeader];

    private readonly FrozenSet<string> _origins;
    private readonly bool _anyOrigin;
    private readonly bool _anyHttpsOrigin;
    private readonly bool _anyHttpOrigin;
    private readonly FrozenSet<string> _methods;
    private readonly bool _anyMethod;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _headers;
    private readonly bool _anyHeader;
    private readonly bool _credentials;
    private readonly string? _allowMethodsValue;
    private readonly string? _allowHeadersValue;
    private readonly string? _exposeHeadersValue;
    private readonly string? _maxAgeValue;
    private readonly string[] _preflightVaryTokens;
    private readonly string _preflightVaryValue;

    /// <summary>Compiles a configuration.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <exception cref="HttpApiValidationException">The configuration is not valid (see <see cref="Validate"/>).</exception>
    public CorsPolicy(CorsConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = Validate(configuration);
        if (errors.Count > 0)
        {
            throw new HttpApiValidationException(errors);
        }

        Configuration = configuration;
        var origins = new List<string>();
        foreach (string origin in configuration.AllowOrigins)
        {
            switch (origin)
            {
                case CorsConfiguration.Wildcard:
                    _anyOrigin = true;
                    break;
                case CorsConfiguration.AnyHttpsOrigin:
                    _anyHttpsOrigin = true;
                    break;
                case CorsConfiguration.AnyHttpOrigin:
                    _anyHttpOrigin = true;
                    break;
                default:
                    origins.Add(origin);
                    break;
            }
        }

        _origins = origins.ToFrozenSet(StringComparer.Ordinal);
        _methods = configuration.AllowMethods.ToFrozenSet(StringComparer.Ordinal);
        _anyMethod = _methods.Contains(CorsConfiguration.Wildcard);
        var headers = configuration.AllowHeaders.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _headers = headers.GetAlternateLookup<ReadOnlySpan<char>>();
        _anyHeader = headers.Contains(CorsConfiguration.Wildcard);
        _credentials = configuration.AllowCredentials;

        _allowMethodsValue = JoinDistinct(configuration.AllowMethods, StringComparer.Ordinal);
        _allowHeadersValue = JoinDistinct(configuration.AllowHeaders, StringComparer.OrdinalIgnoreCase);
        _exposeHeadersValue = JoinDistinct(configuration.ExposeHeaders, StringComparer.OrdinalIgnoreCase);
        _maxAgeValue = configuration.MaxAge?.ToString(CultureInfo.InvariantCulture);

        VariesByOrigin = !_anyOrigin;
        _preflightVaryTokens = VariesByOrigin
            ? [OriginHeader, RequestMethodHeader, RequestHeadersHeader]
            : [RequestMethodHeader, RequestHeadersHeader];
        _preflightVaryValue = string.Join(", ", _preflightVaryTokens);
    }

    /// <summary>The configuration compiled.</summary>
    public CorsConfiguration Configuration { get; }

    /// <summary>Whether the answer depends on the <c>Origin</c> value, so responses carry <c>Vary: Origin</c>.</summary>
    public bool VariesByOrigin { get; }

    /// <summary>Whether a request is a CORS preflight: <c>OPTIONS</c> with non-empty <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> for a preflight.</returns>
    public static bool IsPreflight(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.Method, "OPTIONS", StringComparison.Ordinal)
            && !string.IsNullOrEmpty(FirstHeader(request, OriginHeader))
            && !string.IsNullOrEmpty(FirstHeader(request, RequestMethodHeader));
    }

    /// <summary>
    /// The gateway's own answer to a preflight that no route takes: <c>204</c> with no body, carrying the preflight
    /// headers when the preflight is granted and none of them when it is refused.
    /// </summary>
    /// <param name="request">The preflight request.</param>
    /// <returns>The answer.</returns>
    public GatewayResponse AnswerPreflight(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new GatewayResponse(204);
        if (GrantPreflight(request) is { } allowOrigin)
        {
            AddPreflightHeaders(response.HeaderList, allowOrigin);
        }

        response.AddHeader(VaryHeader, _preflightVaryValue);
        return response;
    }

    /// <summary>
    /// Replaces the CORS headers of a response to a request that a route took (the integration's answer or the
    /// gateway's 401/403/5xx): removes every <c>Access-Control-*</c> header, then adds the configured ones the request
    /// earns (the preflight set for a preflight an <c>OPTIONS</c>, <c>ANY</c> or <c>$default</c> route took) and <c>Vary</c>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="response">The response, changed in place.</param>
    public void Apply(GatewayRequest request, GatewayResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.HeaderList;
        for (int i = headers.Count - 1; i >= 0; i--)
        {
            if (headers[i].Key.StartsWith(CorsHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                headers.RemoveAt(i);
            }
        }

        if (IsPreflight(request))
        {
            if (GrantPreflight(request) is { } preflightOrigin)
            {
                AddPreflightHeaders(headers, preflightOrigin);
            }

            AddVary(headers, _preflightVaryTokens, _preflightVaryValue);
            return;
        }

        if (AllowedOrigin(request) is { } allowOrigin)
        {
            headers.Add(new(AllowOriginHeader, allowOrigin));
            if (_credentials)
            {
                headers.Add(new(AllowCredentialsHeader, "true"));
            }

            if (_exposeHeadersValue is not null)
            {
                headers.Add(new(ExposeHeadersHeader, _exposeHeadersValue));
            }
        }

        if (VariesByOrigin)
        {
            AddVary(headers, OriginVaryTokens, OriginHeader);
        }
    }

    /// <summary>The <c>Access-Control-Allow-Origin</c> value for an origin: <c>*</c>, the origin itself, or <see langword="null"/> when it is not allowed.</summary>
    /// <param name="origin">The <c>Origin</c> header value.</param>
    /// <returns>The value to send, or <see langword="null"/>.</returns>
    internal string? MatchOrigin(string origin)
    {
        if (_anyOrigin)
        {
            return CorsConfiguration.Wildcard;
        }

        if (origin.Length > CorsConfiguration.MaxOriginLength)
        {
            return null;
        }

        if (_origins.Contains(origin))
        {
            return origin;
        }

        // The scheme wildcards echo the request's own text, so it must be a well-formed origin of that scheme.
        bool schemeAllowed = (_anyHttpsOrigin && origin.StartsWith("https://", StringComparison.Ordinal))
            || (_anyHttpOrigin && origin.StartsWith("http://", StringComparison.Ordinal));
        return schemeAllowed && CorsOrigin.Check(origin) == CorsOriginSyntax.Valid ? origin : null;
    }

    /// <summary>The <c>Access-Control-Allow-Origin</c> value a preflight earns, or <see langword="null"/> when it is refused.</summary>
    internal string? GrantPreflight(GatewayRequest request)
    {
        string? allowOrigin = AllowedOrigin(request);
        return allowOrigin is not null
            && TryGetSingleHeader(request, RequestMethodHeader, out string? method)
            && IsMethodAllowed(method)
            && AreRequestedHeadersAllowed(request)
            ? allowOrigin
            : null;
    }

    private string? AllowedOrigin(GatewayRequest request)
        => TryGetSingleHeader(request, OriginHeader, out string? origin) && origin.Length > 0 ? MatchOrigin(origin) : null;

    private bool IsMethodAllowed(string method)
        => method is "GET" or "HEAD" or "POST" || _anyMethod || _methods.Contains(method);

    private bool AreRequestedHeadersAllowed(GatewayRequest request)
    {
        if (_anyHeader)
        {
            return true;
        }

        // PERF: index loops over the request's IReadOnlyList: foreach would box its enumerator (CorsPolicyTests.Apply_AllowedOrigin_AllocatesNothing).
        var headers = request.Headers;
        for (int i = 0; i < headers.Count; i++)
        {
            if (!string.Equals(headers[i].Key, RequestHeadersHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var list = headers[i].Value.AsSpan();
            foreach (var range in list.Split(','))
            {
                var token = list[range].Trim(" \t");
                if (!token.IsEmpty && !_headers.Contains(token))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private void AddPreflightHeaders(List<KeyValuePair<string, string>> headers, string allowOrigin)
    {
        headers.Add(new(AllowOriginHeader, allowOrigin));
        if (_credentials)
        {
            headers.Add(new(AllowCredentialsHeader, "true"));
        }

        if (_allowMethodsValue is not null)
        {
            headers.Add(new(AllowMethodsHeader, _allowMethodsValue));
        }

        if (_allowHeadersValue is not null)
        {
            headers.Add(new(AllowHeadersHeader, _allowHeadersValue));
        }

        if (_maxAgeValue is not null)
        {
            headers.Add(new(MaxAgeHeader, _maxAgeValue));
        }
    }

    /// <summary>Adds <c>Vary</c> tokens the response does not list yet, keeping the integration's own <c>Vary</c> lines.</summary>
    private static void AddVary(List<KeyValuePair<string, string>> headers, string[] tokens, string line)
    {
        bool hasVary = false;
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, VaryHeader, StringComparison.OrdinalIgnoreCase))
            {
                hasVary = true;
                break;
            }
        }

        if (!hasVary)
        {
            headers.Add(new(VaryHeader, line));
            return;
        }

        foreach (string token in tokens)
        {
            if (!VaryLists(headers, token))
            {
                headers.Add(new(VaryHeader, token));
            }
        }
    }

    private static bool VaryLists(List<KeyValuePair<string, string>> headers, string token)
    {
        foreach (var (name, value) in headers)
        {
            if (!string.Equals(name, VaryHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var list = value.AsSpan();
            foreach (var range in list.Split(','))
            {
                var item = list[range].Trim(" \t");
                if (item.Equals(token, StringComparison.OrdinalIgnoreCase) || item is "*")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The one value of a header; <see langword="false"/> when it is absent or sent more than once.</summary>
    private static bool TryGetSingleHeader(GatewayRequest request, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = null;
        var headers = request.Headers;
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                if (value is not null)
                {
                    value = null;
                    return false;
                }

                value = headers[i].Value;
            }
        }

        return value is not null;
    }

    /// <summary>The first value of a header, or <see langword="null"/>; like <see cref="GatewayRequest.GetHeader"/> without boxing an enumerator.</summary>
    private static string? FirstHeader(GatewayRequest request, string name)
    {
        var headers = request.Headers;
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return headers[i].Value;
            }
        }

        return null;
    }

    private static string? JoinDistinct(IReadOnlyList<string> values, StringComparer comparer)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var seen = new HashSet<string>(comparer);
        var kept = new List<string>(values.Count);
        foreach (string value in values)
        {
            if (seen.Add(value))
            {
                kept.Add(value);
            }
        }

        return string.Join(Separator, kept);
    }
}
