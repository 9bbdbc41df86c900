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
    private readonly Trie _trie;
    private readonly int _defaultRoute;
    private readonly RouteKey[] _routes;

    internal RouteTable(RouteKey[] routes, Trie trie, int defaultRoute)
    {
        _routes = routes;
        _trie = trie;
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
        var builder = new RouteTableBuilder(routeKeys.TryGetNonEnumeratedCount(out int count) ? count : 16);
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
        if (route == Trie.None)
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
            return Trie.None;
        }

        int route = _trie.Find(methodSlot, path);
        return route != Trie.None ? route : _defaultRoute;
    }
}
