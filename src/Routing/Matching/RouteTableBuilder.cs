using Routing.Routes;


namespace Routing.Matching;

/// <summary>Collects route keys and compiles them into an immutable <see cref="RouteTable"/>. Use once.</summary>
internal sealed class RouteTableBuilder
{
    private RouteKey[] _routes;
    private readonly RouteRows _rows;
    private bool _built;

    /// <summary>Creates an empty builder.</summary>
    public RouteTableBuilder()
        : this(16)
    {
    }

    /// <summary>Creates a builder with room for a number of routes.</summary>
    internal RouteTableBuilder(int capacity)
    {
        _routes = new RouteKey[capacity];
        _rows = new RouteRows(capacity);
    }

    /// <summary>How many routes have been added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a route key; its index in <see cref="RouteTable.Routes"/> is the number of routes added before it.</summary>
    /// <param name="routeKey">The route key.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="RouteKeyException">The same key, or one that differs only in parameter names, was added before.</exception>
    public RouteTableBuilder Add(RouteKey routeKey)
    {
        if (!TryAdd(routeKey, out string? conflict))
        {
            throw new RouteKeyException(routeKey.Value, conflict);
        }

        return this;
    }

    /// <summary>
    /// Adds a route key unless it conflicts with one added before: the one rule of route-key conflicts, used by the
    /// matcher and by API validation alike.
    /// </summary>
    /// <param name="routeKey">The route key.</param>
    /// <param name="conflict">Why it was not added: the same key, or one that differs only in parameter names.</param>
    /// <returns>Whether it was added.</returns>
    public bool TryAdd(RouteKey routeKey, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? conflict)
    {
        ArgumentNullException.ThrowIfNull(routeKey);
        ObjectDisposedException.ThrowIf(_built, this);
        int same = _rows.Add(routeKey);
        if (same >= 0)
        {
            var other = _routes[same];
            conflict = other.Equals(routeKey)
                ? $"Route key '{routeKey}' is defined twice; each route key may appear once in an API."
                : $"Route key '{routeKey}' conflicts with '{other}': they differ only in parameter names. Use one name for the parameter at each position.";
            return false;
        }

        if (Count == _routes.Length)
        {
            Array.Resize(ref _routes, Math.Max(4, Count * 2));
        }

        _routes[Count++] = routeKey;
        conflict = null;
        return true;
    }

    /// <summary>Parses and adds a route key.</summary>
    /// <param name="routeKey">The route key text.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="RouteKeyException">The route key is not valid or conflicts with one added before.</exception>
    public RouteTableBuilder Add(string routeKey) => Add(RouteKey.Parse(routeKey));

    /// <summary>Compiles the routes. The builder cannot be used afterwards.</summary>
    /// <returns>The compiled table.</returns>
    public RouteTable Build()
    {
        ObjectDisposedException.ThrowIf(_built, this);
        _built = true;
        Array.Resize(ref _routes, Count); // no copy when the capacity was the count
        try
        {
            return new RouteTable(_routes, TrieWriter.Write(_rows), _rows.DefaultRoute < 0 ? Trie.None : _rows.DefaultRoute);
        }
        finally
        {
            _rows.Release();
        }
    }
}
