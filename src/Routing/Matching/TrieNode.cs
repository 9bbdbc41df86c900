using Routing.Routes;

namespace Routing.Matching;

/// <summary>
/// One node of the compiled route trie: the routes that end here (by method slot), the greedy routes whose
/// <c>{name+}</c> starts here (by method slot), and the children for the next segment. Built by
/// <see cref="RouteTableBuilder"/> and frozen once; read-only afterwards.
/// </summary>
internal sealed class TrieNode
{
    public const int None = -1;

    private Dictionary<string, TrieNode>? _pendingLiterals;

    /// <summary>Route index per method slot for routes whose path ends at this node, or <see langword="null"/>.</summary>
    public int[]? Terminal { get; private set; }

    /// <summary>Route index per method slot for greedy routes whose variable begins after this node.</summary>
    public int[]? Greedy { get; private set; }

    public SegmentMap<TrieNode> Literals { get; private set; } = SegmentMap<TrieNode>.Empty;

    public TrieNode? Parameter { get; private set; }

    /// <summary>The route for <paramref name="methodSlot"/>, else the <c>ANY</c> route, else <see cref="None"/>.</summary>
    public static int Select(int[]? byMethod, int methodSlot)
    {
        if (byMethod is null)
        {
            return None;
        }

        if (methodSlot < HttpMethods.AnySlot && byMethod[methodSlot] != None)
        {
            return byMethod[methodSlot];
        }

        return byMethod[HttpMethods.AnySlot];
    }

    // Building (RouteTableBuilder only, before Freeze).
    public TrieNode LiteralChild(string segment)
    {
        _pendingLiterals ??= new Dictionary<string, TrieNode>(StringComparer.Ordinal);
        if (!_pendingLiterals.TryGetValue(segment, out var child))
        {
            child = new TrieNode();
            _pendingLiterals.Add(segment, child);
        }

        return child;
    }

    public TrieNode ParameterChild() => Parameter ??= new TrieNode();

    /// <summary>Claims the terminal (or greedy) slot for a route; returns the route already there, or <see cref="None"/>.</summary>
    public int Claim(bool greedy, int methodSlot, int route)
    {
        int[] slots = greedy ? (Greedy ??= NewSlots()) : (Terminal ??= NewSlots());

        int existing = slots[methodSlot];
        if (existing == None)
        {
            slots[methodSlot] = route;
        }

        return existing;
    }

    /// <summary>Turns the pending children into lookup maps, recursively (depth is at most <see cref="RouteKey.MaxSegments"/>).</summary>
    public void Freeze()
    {
        Parameter?.Freeze();
        if (_pendingLiterals is { Count: > 0 } pending)
        {
            var keys = new string[pending.Count];
            var children = new TrieNode[pending.Count];
            int i = 0;
            foreach (var (key, child) in pending)
            {
                child.Freeze();
                keys[i] = key;
                children[i++] = child;
            }

            Literals = new SegmentMap<TrieNode>(keys, children);
        }

        _pendingLiterals = null;
    }

    private static int[] NewSlots()
    {
        var slots = new int[HttpMethods.SlotCount];
        Array.Fill(slots, None);
        return slots;
    }
}
