using Routing.Routes;

namespace Routing.Matching;

/// <summary>
/// An immutable, compiled set of route keys that selects a route for a method and a routing path exactly as
/// API Gateway HTTP APIs do, without allocating.
/// </summary>
/// <remarks>
/// <para>Selection, in order:</para>
/// <list type="number">
/// <item>A full match of path and method. A route with the request's own method beats an <c>ANY</c> route
/// (whatever their paths); among routes of the same method, segments are compared left to right and a literal
/// beats <c>{param}</c>.</item>
/// <item>A greedy <c>{name+}</c> match: the template that is most specific left to right (so the longest literal
/// prefix) wins; only at the same template does the request's method beat <c>ANY</c>.</item>
/// <item>The <c>$default</c> route.</item>
/// </list>
/// <para>The path is the decoded routing path (stage removed), compared ordinally and case-sensitively. An empty
/// segment never binds <c>{param}</c>, and <c>{name+}</c> needs at least one character. Build a table with
/// <see cref="RouteTableBuilder"/> or <see cref="Create(IEnumerable{RouteKey})"/>.</para>
/// </remarks>
public sealed class RouteTable
{
    private readonly TrieNode _root;
    private readonly int _defaultRoute;
    private readonly RouteKey[] _routes;

    internal RouteTable(RouteKey[] routes, TrieNode root, int defaultRoute)
    {
        _routes = routes;
        _root = root;
        _defaultRoute = defaultRoute;
    }

    /// <summary>The routes in the order they were added; <see cref="RouteMatch.RouteIndex"/> indexes this list.</summary>
    public IReadOnlyList<RouteKey> Routes => _routes;

    /// <summary>Compiles route keys into a table.</summary>
    /// <param name="routeKeys">The route keys; each may appear once.</param>
    /// <returns>The compiled table.</returns>
    /// <exception cref="RouteKeyException">Two route keys are the same, or differ only in parameter names.</exception>
    public static RouteTable Create(IEnumerable<RouteKey> routeKeys)
    {
        ArgumentNullException.ThrowIfNull(routeKeys);
        var builder = new RouteTableBuilder();
        foreach (var key in routeKeys)
        {
            builder.Add(key);
        }

        return builder.Build();
    }

    /// <summary>Parses and compiles route keys into a table.</summary>
    /// <param name="routeKeys">The route key texts, e.g. <c>GET /pets/{id}</c>.</param>
    /// <returns>The compiled table.</returns>
    /// <exception cref="RouteKeyException">A route key is not valid, or two of them conflict.</exception>
    public static RouteTable Create(params IEnumerable<string> routeKeys)
    {
        ArgumentNullException.ThrowIfNull(routeKeys);
        return Create(routeKeys.Select(RouteKey.Parse));
    }

    /// <summary>Selects the route for a request.</summary>
    /// <param name="method">The request method, upper case as sent (<c>GET</c>, or any other token, which can
    /// only select <c>ANY</c> and <c>$default</c> routes).</param>
    /// <param name="path">The decoded routing path: starts with <c>/</c>, stage segment removed, no query string.</param>
    /// <param name="match">The selected route and its parameters, valid while <paramref name="path"/> is.</param>
    /// <returns><see langword="false"/> when no route matches: API Gateway answers 404 <c>{"message":"Not Found"}</c>.</returns>
    public bool TryMatch(ReadOnlySpan<char> method, ReadOnlySpan<char> path, out RouteMatch match)
    {
        int route = Find(HttpMethods.ToSlot(method), path);
        if (route == TrieNode.None)
        {
            match = default;
            return false;
        }

        match = new RouteMatch(_routes[route], route, path);
        return true;
    }

    private int Find(int methodSlot, ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path[0] != '/')
        {
            return TrieNode.None;
        }

        var found = new Candidates { Any = TrieNode.None, Greedy = TrieNode.None };
        int first = path.Length == 1 ? NoMoreSegments : 1;
        if (Walk(_root, path, first, methodSlot, ref found))
        {
            return found.Exact;
        }

        if (found.Any != TrieNode.None)
        {
            return found.Any;
        }

        return found.Greedy != TrieNode.None ? found.Greedy : _defaultRoute;
    }

    private const int NoMoreSegments = -1;

    /// <summary>
    /// Depth-first walk in priority order (literal child, then parameter child, then the greedy routes of this
    /// node), so the first candidate of each kind found is the most specific one. Each trie node is visited at
    /// most once per request, and the depth is bounded by the deepest route (at most <see cref="RouteKey.MaxSegments"/>),
    /// never by the request path.
    /// </summary>
    /// <returns><see langword="true"/> when a route with the request's own method matches the whole path: nothing can beat it.</returns>
    private static bool Walk(TrieNode node, ReadOnlySpan<char> path, int start, int methodSlot, ref Candidates found)
    {
        if (start == NoMoreSegments)
        {
            int[]? terminal = node.Terminal;
            if (terminal is not null)
            {
                if (methodSlot < HttpMethods.AnySlot && terminal[methodSlot] != TrieNode.None)
                {
                    found.Exact = terminal[methodSlot];
                    return true;
                }

                if (found.Any == TrieNode.None)
                {
                    found.Any = terminal[HttpMethods.AnySlot];
                }
            }

            return false;
        }

        int length = path[start..].IndexOf('/');
        int end = length < 0 ? path.Length : start + length;
        if (end > start)
        {
            int next = end < path.Length ? end + 1 : NoMoreSegments;
            var literal = node.Literals.Find(path[start..end]);
            if (literal is not null && Walk(literal, path, next, methodSlot, ref found))
            {
                return true;
            }

            if (node.Parameter is { } parameter && Walk(parameter, path, next, methodSlot, ref found))
            {
                return true;
            }
        }

        if (found.Greedy == TrieNode.None && start < path.Length)
        {
            found.Greedy = TrieNode.Select(node.Greedy, methodSlot);
        }

        return false;
    }

    private struct Candidates
    {
        public int Exact;
        public int Any;
        public int Greedy;
    }
}
