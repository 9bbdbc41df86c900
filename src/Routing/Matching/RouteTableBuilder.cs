using Routing.Routes;

namespace Routing.Matching;

/// <summary>Collects route keys and compiles them into an immutable <see cref="RouteTable"/>. Use once.</summary>
public sealed class RouteTableBuilder
{
    private readonly List<RouteKey> _routes = [];
    private readonly TrieNode _root = new();
    private int _defaultRoute = TrieNode.None;
    private bool _built;

    /// <summary>How many routes have been added.</summary>
    public int Count => _routes.Count;

    /// <summary>Adds a route key; its index in <see cref="RouteTable.Routes"/> is the number of routes added before it.</summary>
    /// <param name="routeKey">The route key.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="RouteKeyException">The same key, or one that differs only in parameter names, was added before.</exception>
    public RouteTableBuilder Add(RouteKey routeKey)
    {
        ArgumentNullException.ThrowIfNull(routeKey);
        ObjectDisposedException.ThrowIf(_built, this);
        int index = _routes.Count;
        int existing;
        if (routeKey.IsDefault)
        {
            existing = _defaultRoute;
            _defaultRoute = existing == TrieNode.None ? index : existing;
        }
        else
        {
            existing = Insert(routeKey, index);
        }

        // Two keys claim the same slot exactly when they have the same method and the same segment kinds in the
        // same places: they would select the same requests.
        if (existing != TrieNode.None)
        {
            var other = _routes[existing];
            throw new RouteKeyException(
                routeKey.Value,
                other.Equals(routeKey)
                    ? $"Route key '{routeKey}' is defined twice; each route key may appear once in an API."
                    : $"Route key '{routeKey}' conflicts with '{other}': they differ only in parameter names. Use one name for the parameter at each position.");
        }

        _routes.Add(routeKey);
        return this;
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
        _root.Freeze();
        return new RouteTable([.. _routes], _root, _defaultRoute);
    }

    private int Insert(RouteKey key, int index)
    {
        var node = _root;
        foreach (var segment in key.Segments)
        {
            switch (segment.Kind)
            {
                case RouteSegmentKind.Literal:
                    node = node.LiteralChild(segment.Value);
                    break;
                case RouteSegmentKind.Parameter:
                    node = node.ParameterChild();
                    break;
                default:
                    return node.Claim(greedy: true, key.MethodSlot, index);
            }
        }

        return node.Claim(greedy: false, key.MethodSlot, index);
    }
}
