using System.Numerics;
using System.Runtime.InteropServices;
using Routing.Routes;

namespace Routing.Matching;

/// <summary>
/// The compiled route trie, flat: one array of nodes and a few shared arrays, each allocated once at its exact size.
/// Where only one route goes on below a node, the rest of its segments are a tail on that one node instead of a node
/// each.
/// </summary>
/// <remarks>
/// PERF: CompileBenchmarks. A trie of one object per node made a 10,000-route table ~100,000 small objects that the
/// garbage collector promoted while the table was being built. Tails: in a table of 10,000 REST routes, 92% of the
/// nodes were on such single-route chains, each 16 bytes plus 12 for its literal; a tail entry is 8.
/// </remarks>
internal sealed class Trie
{
    public const int None = -1;

    // PERF: MatcherBenchmarks. Below this many children a length-filtered scan beats hashing the segment.
    public const int ScanLimit = 8;

    /// <summary>Where the greedy routes' method mask starts in a route group's masks: a bit per method slot below it.</summary>
    public const int GreedyShift = HttpMethods.SlotCount;

    private const uint TerminalMask = (1u << GreedyShift) - 1;

    private const int NoMoreSegments = -1;

    private const int TailMismatch = -2;

    private readonly Node[] _nodes;
    private readonly string[] _keys;
    private readonly int[] _children;
    private readonly int[] _slots;
    private readonly string?[] _tails; // the segments of tails: a literal, or null for a {param}
    // The literal children of every wide node (more than ScanLimit of them) in one open-addressing table of key
    // indices + 1 (0 is empty), hashed on (node, literal), at most half full.
    private readonly int[] _wide;

    public Trie(Node[] nodes, string[] keys, int[] children, int[] slots, string?[] tails)
    {
        _nodes = nodes;
        _keys = keys;
        _children = children;
        _slots = slots;
        _tails = tails;
        int wideKeys = 0;
        foreach (var node in nodes)
        {
            wideKeys += node.LiteralCount > ScanLimit ? node.LiteralCount : 0;
        }

        _wide = new int[wideKeys == 0 ? 0 : BitOperations.RoundUpToPowerOf2((uint)wideKeys * 2)];
        for (int i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            if (node.LiteralCount <= ScanLimit)
            {
                continue;
            }

            for (int k = node.LiteralStart; k < node.LiteralStart + node.LiteralCount; k++)
            {
                int probe = (int)Hash(i, keys[k]) & (_wide.Length - 1);
                while (_wide[probe] != 0)
                {
                    probe = (probe + 1) & (_wide.Length - 1);
                }

                _wide[probe] = k + 1;
            }
        }
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
        if (node.TailLength > 0)
        {
            start = MatchTail(node, path, start);
            if (start == TailMismatch)
            {
                return false;
            }
        }

        if (start == NoMoreSegments)
        {
            if (node.Routes != None)
            {
                int exact = methodSlot < HttpMethods.AnySlot ? Route(node.Routes, methodSlot, greedy: false) : None;
                if (exact != None)
                {
                    found.Exact = exact;
                    return true;
                }

                if (found.Any == None)
                {
                    found.Any = Route(node.Routes, HttpMethods.AnySlot, greedy: false);
                }
            }

            return false;
        }

        int end = SegmentEnd(path, start);
        if (end > start)
        {
            int next = NextSegment(path, end);
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

        if (found.Greedy == None && start < path.Length && node.Routes != None)
        {
            int exact = methodSlot < HttpMethods.AnySlot ? Route(node.Routes, methodSlot, greedy: true) : None;
            found.Greedy = exact != None ? exact : Route(node.Routes, HttpMethods.AnySlot, greedy: true);
        }

        return false;
    }

    /// <summary>
    /// Matches a node's tail as the chain of nodes it stands for would: each entry takes one non-empty segment, a
    /// literal only its own text. Those nodes had no routes, so a path that leaves the chain early matches nothing here.
    /// </summary>
    /// <returns>Where the segment after the tail starts (or <see cref="NoMoreSegments"/>), or <see cref="TailMismatch"/>.</returns>
    private int MatchTail(in Node node, ReadOnlySpan<char> path, int start)
    {
        for (int t = node.LiteralStart, last = node.LiteralStart + node.TailLength; t < last; t++)
        {
            if (start == NoMoreSegments)
            {
                return TailMismatch;
            }

            int end = SegmentEnd(path, start);
            string? literal = _tails[t];
            if (end == start || (literal is not null && !path[start..end].SequenceEqual(literal)))
            {
                return TailMismatch;
            }

            start = NextSegment(path, end);
        }

        return start;
    }

    /// <summary>Where the segment that starts at <paramref name="start"/> ends: at the next <c>/</c> or the path's end.</summary>
    private static int SegmentEnd(ReadOnlySpan<char> path, int start)
    {
        int length = path[start..].IndexOf('/');
        return length < 0 ? path.Length : start + length;
    }

    /// <summary>Where the segment after one that ends at <paramref name="end"/> starts, or <see cref="NoMoreSegments"/>.</summary>
    private static int NextSegment(ReadOnlySpan<char> path, int end) => end < path.Length ? end + 1 : NoMoreSegments;

    /// <summary>
    /// Where a route is in its node's route group: after the masks, the routes that end at the node (in method slot
    /// order), then the greedy ones (in method slot order).
    /// </summary>
    /// <param name="masks">The group's first element: the method slots of the routes that end at the node, and above
    /// them (shifted by <see cref="GreedyShift"/>) those of the greedy routes.</param>
    /// <param name="methodSlot">The route's method slot.</param>
    /// <param name="greedy">Whether the route is greedy.</param>
    public static int RoutePosition(int masks, int methodSlot, bool greedy)
    {
        uint terminal = (uint)masks & TerminalMask;
        uint below = (1u << methodSlot) - 1;
        return greedy
            ? 1 + BitOperations.PopCount(terminal) + BitOperations.PopCount((uint)(masks >> GreedyShift) & below)
            : 1 + BitOperations.PopCount(terminal & below);
    }

    /// <summary>The route of a method slot in a node's route group, or <see cref="None"/>.</summary>
    private int Route(int group, int methodSlot, bool greedy)
    {
        int masks = _slots[group];
        int bit = 1 << (methodSlot + (greedy ? GreedyShift : 0));
        return (masks & bit) != 0 ? _slots[group + RoutePosition(masks, methodSlot, greedy)] : None;
    }

    private int FindLiteral(int index, in Node node, ReadOnlySpan<char> segment)
    {
        if (node.LiteralCount > ScanLimit)
        {
            int mask = _wide.Length - 1;
            for (int probe = (int)Hash(index, segment) & mask; _wide[probe] != 0; probe = (probe + 1) & mask)
            {
                int k = _wide[probe] - 1;
                if ((uint)(k - node.LiteralStart) < (uint)node.LiteralCount && segment.SequenceEqual(_keys[k]))
                {
                    return _children[k];
                }
            }

            return None;
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

    /// <summary>Hashes a node's index and a literal, eight bytes at a time.</summary>
    /// <remarks>
    /// No per-process seed: the table holds the route table's own literals, and requests can only look them up, so
    /// a request cannot lengthen a probe sequence.
    /// </remarks>
    private static uint Hash(int node, ReadOnlySpan<char> literal)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15UL;
        ulong hash = (((ulong)(uint)node << 32) | (uint)literal.Length) * Multiplier;
        var bytes = MemoryMarshal.AsBytes(literal);
        for (; bytes.Length >= sizeof(ulong); bytes = bytes[sizeof(ulong)..])
        {
            hash = BitOperations.RotateLeft((hash ^ MemoryMarshal.Read<ulong>(bytes)) * Multiplier, 31);
        }

        ulong tail = bytes.Length >= sizeof(uint) ? MemoryMarshal.Read<uint>(bytes) : 0;
        if ((bytes.Length & 2) != 0)
        {
            tail = (tail << 16) | MemoryMarshal.Read<ushort>(bytes[(bytes.Length - 2)..]);
        }

        hash = (hash ^ tail) * Multiplier;
        return (uint)(hash >> 32);
    }

    /// <summary>
    /// One node: where its route slots and children are in the shared arrays (<see cref="None"/> when absent). A node
    /// with a tail has no children: its route group is at the end of the tail.
    /// </summary>
    /// <param name="Routes">Offset of the node's route group in the slot array: the routes that end here and the greedy
    /// routes whose variable starts after this node (see <see cref="RoutePosition"/>).</param>
    /// <param name="Parameter">The <c>{param}</c> child.</param>
    /// <param name="LiteralStart">Where the literal children start in the key and child arrays, or the tail in the tail
    /// array.</param>
    /// <param name="LiteralCount">How many literal children there are; a tail's length is stored as its negation.</param>
    internal readonly record struct Node(int Routes, int Parameter, int LiteralStart, int LiteralCount)
    {
        /// <summary>A node whose segments up to its routes are a tail of this length, at <see cref="LiteralStart"/>.</summary>
        public static Node Tail(int routes, int tailStart, int tailLength) => new(routes, None, tailStart, -tailLength);

        /// <summary>How many segments the tail has; 0 for a node without one.</summary>
        public int TailLength => LiteralCount < 0 ? -LiteralCount : 0;
    }

    private struct Candidates
    {
        public int Exact;
        public int Any;
        public int Greedy;
    }
}
