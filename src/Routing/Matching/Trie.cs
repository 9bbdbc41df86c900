using System.Numerics;
using Routing.Routes;

namespace Routing.Matching;

/// <summary>
/// The compiled route trie, flat: one array of nodes and a few shared arrays, each allocated once at its exact size.
/// </summary>
/// <remarks>
/// PERF: CompileBenchmarks. A trie of one object per node made a 10,000-route table ~100,000 small objects that the
/// garbage collector promoted while the table was being built.
/// </remarks>
internal sealed class Trie
{
    public const int None = -1;

    // PERF: MatcherBenchmarks. Below this many children a length-filtered scan beats hashing the segment.
    public const int ScanLimit = 8;

    private const int NoMoreSegments = -1;

    private readonly Node[] _nodes;
    private readonly string[] _keys;
    private readonly int[] _children;
    private readonly int[] _slots;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _wide;
    private readonly int[] _wideIndex;

    public Trie(Node[] nodes, string[] keys, int[] children, int[] slots)
    {
        _nodes = nodes;
        _keys = keys;
        _children = children;
        _slots = slots;
        var wide = new List<Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>>();
        _wideIndex = new int[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            if (node.LiteralCount > ScanLimit)
            {
                _wideIndex[i] = wide.Count;
                var table = new Dictionary<string, int>(node.LiteralCount, StringComparer.Ordinal);
                for (int k = node.LiteralStart; k < node.LiteralStart + node.LiteralCount; k++)
                {
                    table.Add(keys[k], children[k]);
                }

                wide.Add(table.GetAlternateLookup<ReadOnlySpan<char>>());
            }
        }

        _wide = [.. wide];
    }

    /// <summary>
    /// The route for a method slot and a routing path by API Gateway's priorities, or <see cref="None"/>: a full match
    /// with the request's own method, else a full match with <c>ANY</c>, else the most specific greedy match.
    /// </summary>
    public int Find(int methodSlot, ReadOnlySpan<char> path)
    {
        var found = new Candidates { Any = None, Greedy = None };
        int first = path.Length == 1 ? NoMoreSegments : 1;
        if (Walk(0, path, first, methodSlot, ref found))
        {
            return found.Exact;
        }

        return found.Any != None ? found.Any : found.Greedy;
    }

    /// <summary>
    /// Depth-first walk in priority order (literal child, then parameter child, then the greedy routes of this
    /// node), so the first candidate of each kind found is the most specific one. Each node is visited at most once
    /// per request, and the depth is bounded by the deepest route (at most <see cref="RouteKey.MaxSegments"/>), never by
    /// the request path.
    /// </summary>
    /// <returns><see langword="true"/> when a route with the request's own method matches the whole path: nothing can beat it.</returns>
    private bool Walk(int index, ReadOnlySpan<char> path, int start, int methodSlot, ref Candidates found)
    {
        ref readonly var node = ref _nodes[index];
        if (start == NoMoreSegments)
        {
            if (node.Terminal != None)
            {
                int exact = methodSlot < HttpMethods.AnySlot ? Route(node.Terminal, methodSlot) : None;
                if (exact != None)
                {
                    found.Exact = exact;
                    return true;
                }

                if (found.Any == None)
                {
                    found.Any = Route(node.Terminal, HttpMethods.AnySlot);
                }
            }

            return false;
        }

        int length = path[start..].IndexOf('/');
        int end = length < 0 ? path.Length : start + length;
        if (end > start)
        {
            int next = end < path.Length ? end + 1 : NoMoreSegments;
            int literal = FindLiteral(index, node, path[start..end]);
            if (literal != None && Walk(literal, path, next, methodSlot, ref found))
            {
                return true;
            }

            if (node.Parameter != None && Walk(node.Parameter, path, next, methodSlot, ref found))
            {
                return true;
            }
        }

        if (found.Greedy == None && start < path.Length && node.Greedy != None)
        {
            int exact = methodSlot < HttpMethods.AnySlot ? Route(node.Greedy, methodSlot) : None;
            found.Greedy = exact != None ? exact : Route(node.Greedy, HttpMethods.AnySlot);
        }

        return false;
    }

    /// <summary>Where a method slot's route is in a slot group whose first element is the mask of its slots.</summary>
    public static int SlotPosition(int mask, int methodSlot) =>
        1 + BitOperations.PopCount((uint)mask & ((1u << methodSlot) - 1));

    /// <summary>The route of a method slot in a slot group, or <see cref="None"/>.</summary>
    private int Route(int group, int methodSlot)
    {
        int mask = _slots[group];
        return (mask & (1 << methodSlot)) != 0 ? _slots[group + SlotPosition(mask, methodSlot)] : None;
    }

    private int FindLiteral(int index, in Node node, ReadOnlySpan<char> segment)
    {
        if (node.LiteralCount > ScanLimit)
        {
            return _wide[_wideIndex[index]].TryGetValue(segment, out int child) ? child : None;
        }

        for (int k = node.LiteralStart, last = node.LiteralStart + node.LiteralCount; k < last; k++)
        {
            string key = _keys[k];
            if (key.Length == segment.Length && segment.SequenceEqual(key))
            {
                return _children[k];
            }
        }

        return None;
    }

    /// <summary>One node: where its route slots and children are in the shared arrays (<see cref="None"/> when absent).</summary>
    /// <param name="Terminal">Offset of the slot group of routes that end here: the mask of their method slots, then
    /// their route indices in slot order.</param>
    /// <param name="Greedy">Offset of the slot group of greedy routes whose variable starts after this node.</param>
    /// <param name="Parameter">The <c>{param}</c> child.</param>
    /// <param name="LiteralStart">Where the literal children start in the key and child arrays.</param>
    /// <param name="LiteralCount">How many literal children there are.</param>
    internal readonly record struct Node(int Terminal, int Greedy, int Parameter, int LiteralStart, int LiteralCount);

    private struct Candidates
    {
        public int Exact;
        public int Any;
        public int Greedy;
    }
}
