using System.Collections.Frozen;

namespace Routing.Http;

/// <summary>
/// Header hygiene when forwarding to a backend, both ways (SECURITY I7): hop-by-hop headers and every header the sender's
/// <c>Connection</c> header names are removed before the gateway adds its own; values holding control characters
/// (CR, LF, NUL, ...) are dropped; the client's <c>Host</c>, forwarding, client-IP, URL-override and method-override
/// headers, and anything in the gateway's <c>apigw-</c>/<c>x-apigw-</c> namespace, are never forwarded.
/// </summary>
internal static class ForwardingHeaders
{
    /// <summary>Never forwarded either way (YARP's list, RFC 9110 7.6.1); every <c>Proxy-*</c> header too.</summary>
    private static readonly FrozenSet<string> HopByHop = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Connection",
        "Keep-Alive",
        "TE",
        "Trailer",
        "Trailers",
        "Transfer-Encoding",
        "Upgrade",
        "Security-Scheme",
        "ALPN",
        "Close",
        "HTTP2-Settings",
        "Upgrade-Insecure-Requests",
        "Alt-Svc");

    /// <summary>Client headers never forwarded upstream: the gateway sets or owns these, or they let a client override what it routed on.</summary>
    private static readonly FrozenSet<string> ClientOnly = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Host",
        "Expect",
        "Content-Length",
        "Forwarded",
        "X-Real-IP",
        "True-Client-IP",
        "X-Client-IP",
        "X-Cluster-Client-IP",
        "CF-Connecting-IP",
        "Fastly-Client-IP",
        "X-Original-Forwarded-For",
        "X-Original-URL",
        "X-Rewrite-URL",
        "X-Override-URL",
        "X-HTTP-Method-Override",
        "X-HTTP-Method",
        "X-Method-Override");

    private static readonly string[] ClientOnlyPrefixes = ["X-Forwarded-", "X-Apigw-", "Apigw-"];

    /// <summary>
    /// The client's headers that may go upstream: hop-by-hop headers, <c>Connection</c>-nominated headers, and
    /// gateway-owned or spoofable headers removed (names compared case-insensitively, <c>_</c> read as <c>-</c>).
    /// </summary>
    /// <param name="headers">The client's header lines.</param>
    /// <param name="gatewaySet">Names whose lines the gateway set (request mappings): kept unless hop-by-hop, whatever the
    /// client's <c>Connection</c> names; <see langword="null"/> for none.</param>
    /// <returns>The lines to forward, in order.</returns>
    public static List<KeyValuePair<string, string>> FilterRequest(IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlySet<string>? gatewaySet = null)
    {
        var nominated = CollectConnectionTokens(headers);
        var result = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var header in headers)
        {
            string name = header.Key;
            if (gatewaySet is not null && gatewaySet.Contains(name) && !IsHopByHop(name) && IsForwardable(name, header.Value))
            {
                result.Add(header);
                continue;
            }

            if (IsHopByHop(name) || IsClientOnly(name) || IsNominated(nominated, name) || !IsForwardable(name, header.Value))
            {
                continue;
            }

            result.Add(header);
        }

        return result;
    }

    /// <summary>The backend's headers that may reach the client: hop-by-hop and <c>Connection</c>-nominated ones removed.</summary>
    /// <param name="response">The backend response.</param>
    /// <returns>The lines to send, in order (response headers, then content headers).</returns>
    public static List<KeyValuePair<string, string>> FilterResponse(HttpResponseMessage response)
    {
        HashSet<string>? nominated = null;
        if (response.Headers.NonValidated.TryGetValues("Connection", out var connection))
        {
            foreach (string value in connection)
            {
                AddTokens(value, ref nominated);
            }
        }

        var result = new List<KeyValuePair<string, string>>();
        Copy(response.Headers.NonValidated, nominated, result);
        Copy(response.Content.Headers.NonValidated, nominated, result);
        return result;
    }

    /// <summary>
    /// Whether a backend response's framing is unambiguous: no differing <c>Content-Length</c> values, and not both
    /// <c>Content-Length</c> and <c>Transfer-Encoding</c> (RFC 9112 6.3: "ought to be handled as an error"). A
    /// response that fails this is never passed on (502), since the client and the gateway could read it differently.
    /// </summary>
    /// <param name="response">The backend response.</param>
    /// <returns>Whether it can be forwarded.</returns>
    public static bool HasSoundFraming(HttpResponseMessage response)
    {
        if (!response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var lengths))
        {
            return true;
        }

        if (response.Headers.NonValidated.Contains("Transfer-Encoding"))
        {
            return false;
        }

        string? first = null;
        foreach (string value in lengths)
        {
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                first ??= part;
                if (!string.Equals(first, part, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether a header is hop-by-hop: the fixed list or any <c>Proxy-*</c> name.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsHopByHop(string name) =>
        HopByHop.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.StartsWith(':');

    private static void Copy(System.Net.Http.Headers.HttpHeadersNonValidated headers, HashSet<string>? nominated, List<KeyValuePair<string, string>> result)
    {
        foreach (var header in headers)
        {
            if (IsHopByHop(header.Key) || IsNominated(nominated, header.Key))
            {
                continue;
            }

            foreach (string value in header.Value)
            {
                if (IsForwardable(header.Key, value))
                {
                    result.Add(new(header.Key, value));
                }
            }
        }
    }

    private static bool IsClientOnly(string name)
    {
        if (ClientOnly.Contains(name) || HasClientOnlyPrefix(name))
        {
            return true;
        }

        // X_Forwarded_For and friends: many servers read '_' as '-'.
        if (name.Contains('_', StringComparison.Ordinal))
        {
            string dashed = name.Replace('_', '-');
            return ClientOnly.Contains(dashed) || HasClientOnlyPrefix(dashed) || IsHopByHop(dashed);
        }

        return false;
    }

    private static bool HasClientOnlyPrefix(string name)
    {
        foreach (string prefix in ClientOnlyPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string>? CollectConnectionTokens(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        HashSet<string>? tokens = null;
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, "Connection", StringComparison.OrdinalIgnoreCase))
            {
                AddTokens(header.Value, ref tokens);
            }
        }

        return tokens;
    }

    private static void AddTokens(string value, ref HashSet<string>? tokens)
    {
        foreach (var token in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            (tokens ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(token);
        }
    }

    private static bool IsNominated(HashSet<string>? nominated, string name) => nominated is not null && nominated.Contains(name);

    private static bool IsForwardable(string name, string value) =>
        name.Length > 0 && HttpSyntax.IsToken(name) && HttpSyntax.IsFieldValue(value);
}
