using System.Diagnostics.CodeAnalysis;

namespace Routing.Routes;

/// <summary>
/// A parsed API Gateway route key: <c>METHOD /path</c> (with <c>{param}</c> segments and an optional greedy
/// <c>{name+}</c> last segment) or the catch-all <c>$default</c>.
/// </summary>
/// <remarks>
/// Validation follows API Gateway: the methods <c>GET POST PUT PATCH DELETE HEAD OPTIONS ANY</c> in upper case,
/// one space, a path that starts with <c>/</c> and does not end with one (except <c>/</c> itself), and every
/// segment either a literal of <c>[A-Za-z0-9._:-]</c> or a whole-segment variable <c>{name}</c> / <c>{name+}</c>
/// with a name of <c>[A-Za-z0-9_.:-]</c>. Two checks go further than AWS documents, because such keys could
/// never be served: a parameter name may appear once per key, and <c>.</c> / <c>..</c> are not literals.
/// </remarks>
public sealed class RouteKey : IEquatable<RouteKey>
{
    /// <summary>The most segments a route key's path may have (the request path limit is the same).</summary>
    public const int MaxSegments = 128;

    /// <summary>The text of the catch-all route key.</summary>
    public const string DefaultKey = "$default";

    private RouteKey(string value, string method, string path, RouteSegment[] segments)
    {
        Value = value;
        Method = method;
        Path = path;
        Segments = segments;
        SegmentArray = segments;
        MethodSlot = method.Length == 0 ? HttpMethods.AnySlot : HttpMethods.ToSlot(method);
        ParameterNames = [.. segments.Where(static s => s.Kind != RouteSegmentKind.Literal).Select(static s => s.Value)];
    }

    /// <summary>The <c>$default</c> route key.</summary>
    public static RouteKey Default { get; } = new(DefaultKey, string.Empty, string.Empty, []);

    /// <summary>The route key exactly as written, e.g. <c>GET /pets/{id}</c> or <c>$default</c>.</summary>
    public string Value { get; }

    /// <summary>The method (<c>GET</c> ... <c>ANY</c>); empty for <c>$default</c>.</summary>
    public string Method { get; }

    /// <summary>The path template, e.g. <c>/pets/{id}</c>; empty for <c>$default</c>.</summary>
    public string Path { get; }

    /// <summary>The path's segments in order; empty for <c>$default</c> and for <c>/</c>.</summary>
    public IReadOnlyList<RouteSegment> Segments { get; }

    /// <summary>Whether this is the <c>$default</c> catch-all.</summary>
    public bool IsDefault => ReferenceEquals(this, Default);

    /// <summary>Whether the method is <c>ANY</c>.</summary>
    public bool IsAnyMethod => Method == HttpMethods.Any;

    /// <summary>Whether the last segment is a greedy variable <c>{name+}</c>.</summary>
    public bool IsGreedy => Segments.Count > 0 && Segments[^1].Kind == RouteSegmentKind.Greedy;

    /// <summary>How many <c>{param}</c> and <c>{param+}</c> segments the path has.</summary>
    public int ParameterCount => ParameterNames.Length;

    /// <summary>The parameter names in path order, shared by every match of the route.</summary>
    internal string[] ParameterNames { get; }

    internal int MethodSlot { get; }

    internal RouteSegment[] SegmentArray { get; }

    /// <summary>Parses a route key, throwing a <see cref="RouteKeyException"/> that names the bad part and the fix.</summary>
    /// <param name="routeKey">The route key text.</param>
    /// <returns>The parsed route key.</returns>
    /// <exception cref="RouteKeyException">The route key is not valid.</exception>
    public static RouteKey Parse(string? routeKey)
    {
        if (TryParse(routeKey, out var result, out var error))
        {
            return result;
        }

        throw new RouteKeyException(routeKey, error);
    }

    /// <summary>Parses a route key.</summary>
    /// <param name="routeKey">The route key text.</param>
    /// <param name="result">The parsed route key, when valid.</param>
    /// <returns>Whether the route key is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? routeKey, [NotNullWhen(true)] out RouteKey? result)
        => TryParse(routeKey, out result, out _);

    /// <summary>Parses a route key, reporting why it is not valid.</summary>
    /// <param name="routeKey">The route key text.</param>
    /// <param name="result">The parsed route key, when valid.</param>
    /// <param name="error">When not valid: the message, naming the route key, the bad part and the fix.</param>
    /// <returns>Whether the route key is valid.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? routeKey,
        [NotNullWhen(true)] out RouteKey? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(routeKey))
        {
            error = "Route key is required: give 'METHOD /path' (for example 'GET /pets') or '$default'.";
            return false;
        }

        if (routeKey == DefaultKey)
        {
            result = Default;
            error = null;
            return true;
        }

        int space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            error = $"Route key '{routeKey}' must be 'METHOD /path' (one space between them) or '$default'.";
            return false;
        }

        string method = routeKey[..space];
        string path = routeKey[(space + 1)..];
        if (HttpMethods.ToSlot(method) == HttpMethods.OtherSlot)
        {
            string upper = method.ToUpperInvariant();
            error = HttpMethods.ToSlot(upper) != HttpMethods.OtherSlot
                ? $"Route key '{routeKey}': the method '{method}' must be upper case: use '{upper}'."
                : $"Route key '{routeKey}': '{method}' is not a route method; use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.";
            return false;
        }

        if (!TryParsePath(routeKey, path, out var segments, out error))
        {
            return false;
        }

        result = new RouteKey(routeKey, method, path, segments);
        return true;
    }

    private static bool TryParsePath(string routeKey, string path, out RouteSegment[] segments, [NotNullWhen(false)] out string? error)
    {
        segments = [];
        if (path.Length == 0 || path[0] != '/')
        {
            error = $"Route key '{routeKey}': the path '{path}' must start with '/'.";
            return false;
        }

        if (path == "/")
        {
            error = null;
            return true;
        }

        if (path[^1] == '/')
        {
            error = $"Route key '{routeKey}': One or more path parts appear to be invalid: the path must not end with '/'; use '{path.TrimEnd('/')}'.";
            return false;
        }

        string[] parts = path[1..].Split('/');
        if (parts.Length > MaxSegments)
        {
            error = $"Route key '{routeKey}': the path has {parts.Length} segments; at most {MaxSegments} are allowed.";
            return false;
        }

        var list = new RouteSegment[parts.Length];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < parts.Length; i++)
        {
            if (!TryParseSegment(parts[i], out list[i], out string? problem))
            {
                error = $"Route key '{routeKey}': One or more path parts appear to be invalid: segment {i + 1} '{parts[i]}' {problem}";
                return false;
            }

            if (list[i].Kind == RouteSegmentKind.Greedy && i != parts.Length - 1)
            {
                error = $"Route key '{routeKey}': the greedy variable '{parts[i]}' must be the last segment of the path.";
                return false;
            }

            if (list[i].Kind != RouteSegmentKind.Literal && !names.Add(list[i].Value))
            {
                error = $"Route key '{routeKey}': the parameter name '{list[i].Value}' is used twice; give each path parameter its own name.";
                return false;
            }
        }

        segments = list;
        error = null;
        return true;
    }

    private static bool TryParseSegment(string part, out RouteSegment segment, [NotNullWhen(false)] out string? problem)
    {
        segment = default;
        if (part.Length == 0)
        {
            problem = "is empty: remove the doubled '/'.";
            return false;
        }

        if (part[0] == '{' || part[^1] == '}')
        {
            bool greedy = part.Length >= 3 && part[^1] == '}' && part[^2] == '+';
            int nameEnd = part.Length - (greedy ? 2 : 1);
            if (part[0] != '{' || part[^1] != '}' || nameEnd <= 1)
            {
                problem = "is not a whole-segment variable: write '{name}' or '{name+}' as the entire segment.";
                return false;
            }

            string name = part[1..nameEnd];
            foreach (char c in name)
            {
                if (!IsNameChar(c))
                {
                    problem = $"has the character '{c}' in its variable name; names use letters, digits, '_', '.', ':' and '-'.";
                    return false;
                }
            }

            segment = new RouteSegment(greedy ? RouteSegmentKind.Greedy : RouteSegmentKind.Parameter, name);
            problem = null;
            return true;
        }

        foreach (char c in part)
        {
            if (c is '{' or '}')
            {
                problem = "mixes a variable with literal text: a variable must be the whole segment, e.g. '/files/{name}' rather than '/files/{name}.json'.";
                return false;
            }

            if (!IsNameChar(c))
            {
                problem = $"has the character '{c}'; literal segments use only letters, digits, '.', ':', '_' and '-'.";
                return false;
            }
        }

        if (part is "." or "..")
        {
            problem = "is a dot segment, which request paths never contain after normalization; remove it.";
            return false;
        }

        segment = new RouteSegment(RouteSegmentKind.Literal, part);
        problem = null;
        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-';

    /// <inheritdoc />
    public bool Equals(RouteKey? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RouteKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
