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
        int defaultRoute = Trie.None;
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
        return new RouteTable(routes, TrieWriter.Write(routes, sorted), defaultRoute);
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

    /// <summary>
    /// Writes the flat trie from routes sorted by <see cref="CompareSegments"/>: one pass counts nodes, literal
    /// children and slot groups, so the second fills arrays allocated once at their exact sizes.
    /// </summary>
    private sealed class TrieWriter
    {
        private readonly RouteKey[] _routes;
        private readonly int[] _sorted;
        private Trie.Node[]? _nodes;
        private string[]? _keys;
        private int[]? _children;
        private int[]? _slots;
        private int _nodeCount;
        private int _keyCount;
        private int _slotCount;

        private TrieWriter(RouteKey[] routes, int[] sorted)
        {
            _routes = routes;
            _sorted = sorted;
        }

        public static Trie Write(RouteKey[] routes, int[] sorted)
        {
            var writer = new TrieWriter(routes, sorted);
            writer.Visit(0, sorted.Length, 0); // counting
            writer._nodes = new Trie.Node[writer._nodeCount];
            writer._keys = new string[writer._keyCount];
            writer._children = new int[writer._keyCount];
            writer._slots = new int[writer._slotCount];
            Array.Fill(writer._slots, Trie.None);
            writer._nodeCount = writer._keyCount = writer._slotCount = 0;
            writer.Visit(0, sorted.Length, 0); // writing
            return new Trie(writer._nodes, writer._keys, writer._children, writer._slots);
        }

        /// <summary>The node for sorted[lo..hi), whose routes share their first <paramref name="depth"/> segments.</summary>
        /// <returns>The node's index.</returns>
        private int Visit(int lo, int hi, int depth)
        {
            int index = _nodeCount++;
            int terminal = Trie.None;
            int i = lo;
            for (; i < hi && _routes[_sorted[i]].SegmentArray.Length == depth; i++)
            {
                Claim(ref terminal, _sorted[i]);
            }

            int groups = 0;
            for (int j = i; j < hi && Segment(j, depth).Kind == RouteSegmentKind.Literal; j++)
            {
                if (j == i || Segment(j, depth).Value != Segment(j - 1, depth).Value)
                {
                    groups++;
                }
            }

            // The node's literal children take one contiguous range, reserved before the children are visited.
            int literalStart = _keyCount;
            _keyCount += groups;
            for (int g = 0; g < groups; g++)
            {
                string value = Segment(i, depth).Value;
                int j = i + 1;
                while (j < hi && Segment(j, depth) is { Kind: RouteSegmentKind.Literal } next && next.Value == value)
                {
                    j++;
                }

                int child = Visit(i, j, depth + 1);
                if (_keys is not null)
                {
                    _keys[literalStart + g] = value;
                    _children![literalStart + g] = child;
                }

                i = j;
            }

            int parameterEnd = i;
            while (parameterEnd < hi && Segment(parameterEnd, depth).Kind == RouteSegmentKind.Parameter)
            {
                parameterEnd++;
            }

            int parameter = parameterEnd > i ? Visit(i, parameterEnd, depth + 1) : Trie.None;
            int greedy = Trie.None;
            for (i = parameterEnd; i < hi; i++)
            {
                Claim(ref greedy, _sorted[i]);
            }

            if (_nodes is not null)
            {
                _nodes[index] = new Trie.Node(terminal, greedy, parameter, literalStart, groups);
            }

            return index;
        }

        private RouteSegment Segment(int position, int depth) => _routes[_sorted[position]].SegmentArray[depth];

        private void Claim(ref int offset, int route)
        {
            if (offset == Trie.None)
            {
                offset = _slotCount;
                _slotCount += HttpMethods.SlotCount;
            }

            if (_slots is not null)
            {
                _slots[offset + _routes[route].MethodSlot] = route; // Add refused any two routes that would share a slot.
            }
        }
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
