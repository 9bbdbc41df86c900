using Routing.Routes;

namespace Routing.Matching;

/// <summary>Collects route keys and compiles them into an immutable <see cref="RouteTable"/>. Use once.</summary>
public sealed class RouteTableBuilder
{
    private readonly List<RouteKey> _routes = [];
    private readonly Dictionary<RouteKey, int> _shapes = new(ShapeComparer.Instance);
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
        if (!_shapes.TryAdd(routeKey, _routes.Count))
        {
            var other = _routes[_shapes[routeKey]];
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
        RouteKey[] routes = [.. _routes];
        int defaultRoute = TrieNode.None;
        var order = new List<int>(routes.Length);
        for (int i = 0; i < routes.Length; i++)
        {
            if (routes[i].IsDefault)
            {
                defaultRoute = i;
            }
            else
            {
                order.Add(i);
            }
        }

        // PERF: CompileBenchmarks. Sorting by segments puts every node's routes in one contiguous run (ending
        // here, then literals by value, then {param}, then greedy), so each node is built once, bottom-up, with
        // its final children: O(n log n) comparisons and no mutable maps kept alive across collections.
        int[] sorted = [.. order];
        Array.Sort(sorted, (a, b) => CompareSegments(routes[a].SegmentArray, routes[b].SegmentArray));
        var root = BuildNode(routes, sorted, 0, sorted.Length, 0);
        return new RouteTable(routes, root, defaultRoute);
    }

    /// <summary>Builds the node for <paramref name="sorted"/>[lo..hi), whose routes share their first <paramref name="depth"/> segments.</summary>
    private static TrieNode BuildNode(RouteKey[] routes, int[] sorted, int lo, int hi, int depth)
    {
        int[]? terminal = null;
        int[]? greedy = null;
        int i = lo;
        for (; i < hi && routes[sorted[i]].SegmentArray.Length == depth; i++)
        {
            Claim(ref terminal, routes[sorted[i]].MethodSlot, sorted[i]);
        }

        int literalStart = i;
        int groups = 0;
        for (int j = i; j < hi && Segment(routes, sorted[j], depth).Kind == RouteSegmentKind.Literal; j++)
        {
            if (j == literalStart || Segment(routes, sorted[j], depth).Value != Segment(routes, sorted[j - 1], depth).Value)
            {
                groups++;
            }
        }

        // Exact-size arrays: a leaf allocates nothing here.
        var keys = groups == 0 ? [] : new string[groups];
        var children = groups == 0 ? [] : new TrieNode[groups];
        for (int g = 0; g < groups; g++)
        {
            string value = Segment(routes, sorted[i], depth).Value;
            int j = i + 1;
            while (j < hi && Segment(routes, sorted[j], depth) is { Kind: RouteSegmentKind.Literal } next && next.Value == value)
            {
                j++;
            }

            keys[g] = value;
            children[g] = BuildNode(routes, sorted, i, j, depth + 1);
            i = j;
        }

        int parameterEnd = i;
        while (parameterEnd < hi && Segment(routes, sorted[parameterEnd], depth).Kind == RouteSegmentKind.Parameter)
        {
            parameterEnd++;
        }

        var parameter = parameterEnd > i ? BuildNode(routes, sorted, i, parameterEnd, depth + 1) : null;
        for (i = parameterEnd; i < hi; i++)
        {
            Claim(ref greedy, routes[sorted[i]].MethodSlot, sorted[i]);
        }

        var literals = groups == 0 ? SegmentMap<TrieNode>.Empty : new SegmentMap<TrieNode>(keys, children);
        return new TrieNode(terminal, greedy, literals, parameter);
    }

    private static RouteSegment Segment(RouteKey[] routes, int route, int depth) => routes[route].SegmentArray[depth];

    private static void Claim(ref int[]? slots, int methodSlot, int route)
    {
        if (slots is null)
        {
            slots = new int[HttpMethods.SlotCount];
            Array.Fill(slots, TrieNode.None);
        }

        slots[methodSlot] = route; // Add refused any two routes that would share a slot.
    }

    /// <summary>Orders segment lists: a shorter prefix first, then per segment literal (ordinal) &lt; {param} &lt; {greedy+}.</summary>
    private static int CompareSegments(RouteSegment[] a, RouteSegment[] b)
    {
        int common = Math.Min(a.Length, b.Length);
        for (int d = 0; d < common; d++)
        {
            int byKind = (int)a[d].Kind - (int)b[d].Kind; // PERF: CompileBenchmarks; Enum.CompareTo boxes.
            if (byKind != 0)
            {
                return byKind;
            }

            if (a[d].Kind == RouteSegmentKind.Literal)
            {
                int byValue = string.CompareOrdinal(a[d].Value, b[d].Value);
                if (byValue != 0)
                {
                    return byValue;
                }
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Equal when two keys select the same requests: same method, same segment kinds, same literals.</summary>
    private sealed class ShapeComparer : IEqualityComparer<RouteKey>
    {
        public static readonly ShapeComparer Instance = new();

        public bool Equals(RouteKey? x, RouteKey? y) =>
            x is not null && y is not null && x.IsDefault == y.IsDefault && x.MethodSlot == y.MethodSlot
            && CompareSegments(x.SegmentArray, y.SegmentArray) == 0;

        public int GetHashCode(RouteKey obj)
        {
            var hash = new HashCode();
            hash.Add(obj.IsDefault);
            hash.Add(obj.MethodSlot);
            foreach (var segment in obj.SegmentArray)
            {
                hash.Add(segment.Kind);
                hash.Add(segment.Kind == RouteSegmentKind.Literal ? segment.Value : null, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
