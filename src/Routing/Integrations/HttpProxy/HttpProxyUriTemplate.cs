using System.Buffers;
using System.Text;
using Routing.Deployments;
using Routing.Pipeline;

namespace Routing.Integrations.HttpProxy;

/// <summary>
/// An HTTP proxy integration URI, parsed once: static text, <c>${stageVariables.name}</c> (substituted as it is:
/// stage variables are configuration and may hold a host, a path or a query) and <c>{name}</c> path parameters
/// (substituted percent-encoded: the request's decoded values are re-encoded so the backend's one decode yields them
/// again). Path parameters may not appear in the scheme or host, so a client can never choose the backend.
/// </summary>
internal sealed class HttpProxyUriTemplate
{
    /// <summary>The characters a URI may hold as they are (RFC 3986 unreserved, reserved but <c>#</c>, and <c>%</c>).</summary>
    private static readonly SearchValues<char> UriChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?[]@!$&'()*+,;=%");

    /// <summary>The characters a path segment keeps unencoded: unreserved and a few sub-delimiters no server reads specially.</summary>
    private static readonly SearchValues<char> SegmentChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*,:@");

    private readonly string _scheme;
    private readonly Part[] _parts;

    private HttpProxyUriTemplate(string text, string scheme, Part[] parts)
    {
        Text = text;
        _scheme = scheme;
        _parts = parts;
    }

    /// <summary>The URI as configured.</summary>
    public string Text { get; }

    /// <summary>The path parameters the URI reads, in the path or the query, each once.</summary>
    public IReadOnlyList<string> PathParameterNames
        => [.. _parts.Where(static p => p.Kind is PartKind.PathParameter or PartKind.QueryParameter).Select(static p => p.Value).Distinct(StringComparer.Ordinal)];

    /// <summary>The stage variables the URI reads, each once.</summary>
    public IReadOnlyList<string> StageVariableNames
        => [.. _parts.Where(static p => p.Kind == PartKind.StageVariable).Select(static p => p.Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Parses an integration URI.</summary>
    /// <param name="text">The URI.</param>
    /// <param name="template">The parsed template.</param>
    /// <param name="error">Why it is not valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string text, out HttpProxyUriTemplate? template, out string? error)
    {
        template = null;
        error = null;
        string scheme = text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http://"
            : text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https://"
            : string.Empty;
        if (scheme.Length == 0)
        {
            error = $"Integration URI '{text}' must be an absolute http:// or https:// URI.";
            return false;
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        var component = Component.Authority;
        var probe = new StringBuilder(scheme);
        int i = scheme.Length;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                int close = text.IndexOf('}', i + 2);
                string inner = close < 0 ? string.Empty : text[(i + 2)..close];
                const string Prefix = "stageVariables.";
                if (close < 0 || !inner.StartsWith(Prefix, StringComparison.Ordinal) || !Stage.IsValidVariableName(inner.AsSpan(Prefix.Length)))
                {
                    error = $"Integration URI '{text}': only ${{stageVariables.name}} may appear as a variable (at position {i}).";
                    return false;
                }

                Flush(literal, parts);
                parts.Add(new Part(PartKind.StageVariable, inner[Prefix.Length..]));
                probe.Append('x');
                i = close + 1;
                continue;
            }

            if (c == '{')
            {
                int close = text.IndexOf('}', i + 1);
                string name = close < 0 ? string.Empty : text[(i + 1)..close];
                if (close < 0 || name.Length == 0)
                {
                    error = $"Integration URI '{text}': '{{' at position {i} does not start a path parameter {{name}}.";
                    return false;
                }

                if (name.EndsWith('+'))
                {
                    error = $"Integration URI '{text}': write the greedy variable as {{{name[..^1]}}}, not {{{name}}}.";
                    return false;
                }

                if (!IsParameterName(name))
                {
                    error = $"Integration URI '{text}': '{{{name}}}' is not a valid path parameter name.";
                    return false;
                }

                if (component == Component.Authority)
                {
                    error = $"Integration URI '{text}': the path parameter '{{{name}}}' is in the host; path parameters may appear only in the path or the query.";
                    return false;
                }

                Flush(literal, parts);
                parts.Add(new Part(component == Component.Path ? PartKind.PathParameter : PartKind.QueryParameter, name));
                probe.Append('x');
                i = close + 1;
                continue;
            }

            if (c == '#')
            {
                error = $"Integration URI '{text}' has a fragment, which is never sent; remove it.";
                return false;
            }

            if (c == '}' || !UriChars.Contains(c))
            {
                error = $"Integration URI '{text}': the character '{c}' at position {i} is not allowed in a URI; percent-encode it.";
                return false;
            }

            component = Advance(component, c);
            literal.Append(c);
            probe.Append(c);
            i++;
        }

        Flush(literal, parts);
        if (!TryCreateUri(probe.ToString(), out _))
        {
            error = $"Integration URI '{text}' is not a valid absolute URI with a host.";
            return false;
        }

        template = new HttpProxyUriTemplate(text, scheme, [.. parts]);
        return true;
    }

    /// <summary>Builds the backend URI of a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="mappedPath">The decoded path set by <c>overwrite:path</c>, or <see langword="null"/>.</param>
    /// <param name="clientQuery">The client's query string (mapped), appended after the URI's own query.</param>
    /// <param name="forwardStagePrefix">Whether a forwarded full path keeps the stage segment.</param>
    /// <param name="uri">The URI.</param>
    /// <returns><see langword="null"/>, or what to answer instead: 400 when a mapped path holds a dot segment or the
    /// client's query is not valid, 500 when stage variables made the URI invalid.</returns>
    public IntegrationException? Build(IntegrationRequest request, string? mappedPath, string clientQuery, bool forwardStagePrefix, out Uri? uri)
    {
        uri = null;
        var builder = new StringBuilder(_scheme, 128);
        var component = Component.Authority;
        int pathStart = -1;
        int queryStart = -1;
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                case PartKind.StageVariable:
                    string text = part.Kind == PartKind.Literal ? part.Value
                        : request.StageVariables.TryGetValue(part.Value, out string? value) ? value : string.Empty;
                    foreach (char c in text)
                    {
                        var next = Advance(component, c);
                        if (next != component)
                        {
                            if (next == Component.Path)
                            {
                                pathStart = builder.Length;
                            }
                            else
                            {
                                queryStart = builder.Length;
                            }

                            component = next;
                        }

                        builder.Append(c);
                    }

                    break;
                default:
                    if (component == Component.Authority)
                    {
                        return new IntegrationException(GatewayErrorKind.ConfigurationError, $"Integration URI '{Text}': a stage variable put the path parameter '{{{part.Value}}}' into the host.");
                    }

                    string parameter = request.PathParameters.TryGetValue(part.Value, out string? found) ? found : string.Empty;
                    if (component == Component.Path)
                    {
                        AppendEncodedPath(builder, parameter);
                    }
                    else
                    {
                        builder.Append(Uri.EscapeDataString(parameter));
                    }

                    break;
            }
        }

        string built = builder.ToString();
        int authorityEnd = pathStart >= 0 ? pathStart : queryStart >= 0 ? queryStart : built.Length;
        string authority = built[..authorityEnd];
        string path = pathStart < 0 ? string.Empty : built[pathStart..(queryStart >= 0 ? queryStart : built.Length)];
        string templateQuery = queryStart < 0 ? string.Empty : built[(queryStart + 1)..];

        var target = new StringBuilder(authority, built.Length + 64);
        if (mappedPath is not null)
        {
            if (!TryAppendMappedPath(target, mappedPath))
            {
                return new IntegrationException(GatewayErrorKind.BadRequest, $"The mapped path '{mappedPath}' holds a dot segment or cannot be sent.");
            }
        }
        else if (request.RouteKey.IsDefault || path.Length == 0 || path == "/")
        {
            // The $default route, or a URI without a path: the whole request path goes after the URI's path.
            target.Append(path.AsSpan().TrimEnd('/'));
            AppendEncodedPath(target, forwardStagePrefix ? request.Path : request.RoutingPath);
        }
        else
        {
            target.Append(path);
        }

        if (target.Length == authority.Length)
        {
            target.Append('/');
        }

        if (clientQuery.AsSpan().ContainsAnyExcept(UriChars))
        {
            return new IntegrationException(GatewayErrorKind.BadRequest, "The query string holds characters that cannot be forwarded.");
        }

        if (templateQuery.Length > 0 || clientQuery.Length > 0)
        {
            target.Append('?').Append(templateQuery);
            if (templateQuery.Length > 0 && clientQuery.Length > 0)
            {
                target.Append('&');
            }

            target.Append(clientQuery);
        }

        string result = target.ToString();
        return result.AsSpan().ContainsAnyExcept(UriChars) || !TryCreateUri(result, out uri)
            ? new IntegrationException(GatewayErrorKind.ConfigurationError, $"Integration URI '{Text}' gave '{result}' with this stage's variables, which is not a valid absolute URI; check the stage variables it names.")
            : null;
    }

    /// <summary>Percent-encodes a decoded path segment by segment: <c>/</c> stays a separator, a literal <c>%</c> becomes
    /// <c>%25</c>, and every character but unreserved ones and <c>!$'()*,:@</c> is encoded as UTF-8.</summary>
    /// <param name="builder">Where to write.</param>
    /// <param name="decoded">The decoded path or value.</param>
    public static void AppendEncodedPath(StringBuilder builder, string decoded)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in decoded.EnumerateRunes())
        {
            if (rune.IsAscii && (rune.Value == '/' || SegmentChars.Contains((char)rune.Value)))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            int length = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < length; i++)
            {
                builder.Append('%').Append(HexUpper(utf8[i] >> 4)).Append(HexUpper(utf8[i] & 0xF));
            }
        }
    }

    private static bool TryAppendMappedPath(StringBuilder target, string mappedPath)
    {
        // A mapped path is decoded text (like $request.path); its dot segments would let a header or body value climb
        // out of the backend path the configuration chose, so they are refused rather than resolved.
        foreach (var segment in mappedPath.Split('/'))
        {
            if (segment is "." or "..")
            {
                return false;
            }
        }

        if (!mappedPath.StartsWith('/'))
        {
            target.Append('/');
        }

        AppendEncodedPath(target, mappedPath);
        return true;
    }

    private static char HexUpper(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool TryCreateUri(string text, out Uri? uri)
    {
        var options = new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true };
        if (Uri.TryCreate(text, in options, out uri)
            && uri.IsAbsoluteUri
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0
            && uri.UserInfo.Length == 0)
        {
            return true;
        }

        uri = null;
        return false;
    }

    private static Component Advance(Component component, char c) => component switch
    {
        Component.Authority when c == '/' => Component.Path,
        Component.Authority or Component.Path when c == '?' => Component.Query,
        _ => component,
    };

    private static bool IsParameterName(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('_' or '.' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Flush(StringBuilder literal, List<Part> parts)
    {
        if (literal.Length > 0)
        {
            parts.Add(new Part(PartKind.Literal, literal.ToString()));
            literal.Clear();
        }
    }

    private enum Component
    {
        Authority,
        Path,
        Query,
    }

    private enum PartKind
    {
        Literal,
        StageVariable,
        PathParameter,
        QueryParameter,
    }

    private readonly record struct Part(PartKind Kind, string Value);
}
