using Routing.Routes;

namespace Routing.Matching;

/// <summary>Collects route keys and compiles them into an immutable <see cref="RouteTable"/>. Use once.</summary>
public sealed class RouteTableBuilder
{
    private readonly List<RouteKey> _routes = [];
    private readonly Dictionary<string, RouteKey> _shapes = new(StringComparer.Ordinal);
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
        string shape = Shape(routeKey);
        if (_shapes.TryGetValue(shape, out var existing))
        {
            throw new RouteKeyException(
                routeKey.Value,
                existing.Equals(routeKey)
                    ? $"Route key '{routeKey}' is defined twice; each route key may appear once in an API."
                    : $"Route key '{routeKey}' conflicts with '{existing}': they differ only in parameter names. Use one name for the parameter at each position.");
        }

        _shapes.Add(shape, routeKey);
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
        var root = new Node();
        int defaultRoute = TrieNode.None;
        for (int i = 0; i < _routes.Count; i++)
        {
            var key = _routes[i];
            if (key.IsDefault)
            {
                defaultRoute = i;
                continue;
            }

            var node = root;
            foreach (var segment in key.Segments)
            {
                switch (segment.Kind)
                {
                    case RouteSegmentKind.Literal:
                        if (!node.Literals.TryGetValue(segment.Value, out var child))
                        {
                            child = new Node();
                            node.Literals.Add(segment.Value, child);
                        }

                        node = child;
                        break;
                    case RouteSegmentKind.Parameter:
                        node = node.Parameter ??= new Node();
                        break;
                    default:
                        Set(node.Greedy ??= NewSlots(), key.MethodSlot, i);
                        node = null;
                        break;
                }

                if (node is null)
                {
                    break;
                }
            }

            if (node is not null)
            {
                Set(node.Terminal ??= NewSlots(), key.MethodSlot, i);
            }
        }

        return new RouteTable([.. _routes], root.Freeze(), defaultRoute);
    }

    // Two keys with the same method and the same segment kinds in the same places select the same requests.
    private static string Shape(RouteKey key)
    {
        if (key.IsDefault)
        {
            return key.Value;
        }

        var parts = key.Segments.Select(static s => s.Kind switch
        {
            RouteSegmentKind.Parameter => "{}",
            RouteSegmentKind.Greedy => "{+}",
            _ => s.Value,
        });
        return key.Method + " /" + string.Join('/', parts);
    }

    private static int[] NewSlots() => Enumerable.Repeat(TrieNode.None, HttpMethods.SlotCount).ToArray();

    private static void Set(int[] slots, int slot, int route) => slots[slot] = route;

    private sealed class Node
    {
        public Dictionary<string, Node> Literals { get; } = new(StringComparer.Ordinal);

        public Node? Parameter { get; set; }

        public int[]? Terminal { get; set; }

        public int[]? Greedy { get; set; }

        public TrieNode Freeze() => new()
        {
            Terminal = Terminal,
            Greedy = Greedy,
            Parameter = Parameter?.Freeze(),
            Literals = Literals.Count == 0
                ? SegmentMap<TrieNode>.Empty
                : new SegmentMap<TrieNode>(Literals.ToDictionary(static p => p.Key, static p => p.Value.Freeze(), StringComparer.Ordinal)),
        };
    }
}
