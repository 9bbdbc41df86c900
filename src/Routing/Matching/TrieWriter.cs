using System.Buffers;

namespace Routing.Matching;

/// <summary>
/// Compiles <see cref="RouteRows"/> into the flat <see cref="Trie"/> in one depth-first pass: each node's rows are
/// grouped into runs (those ending at the node, then one run per literal child, then the <c>{param}</c> child's,
/// then the greedy ones), the node and its route group are written, and each run becomes a child the same way. A run
/// of one row becomes a node with a tail (<see cref="Trie.Node.Tail"/>).
/// </summary>
/// <remarks>
/// <para>PERF: CompileBenchmarks. The grouping is a most-significant-segment-first radix pass: each node looks at the
/// code of each of its routes' segment once, so a build costs time in proportion to the total number of segments,
/// with no comparison sort.</para>
/// <para>The pass writes into rented arrays sized for the most a table can need (a node per segment, and so on), and
/// the trie's own arrays are copied from them at their exact sizes: one sequential copy instead of a second
/// depth-first pass that counted first and wrote afterwards, which read every row again at every depth. All scratch
/// arrays come from <see cref="ArrayPool{T}.Shared"/>, so a build allocates only the trie itself.</para>
/// </remarks>
internal sealed class TrieWriter
{
    private readonly int[] _codes;
    private readonly int[] _order; // row offsets, _count of them
    private readonly int _count;

    // Grouping scratch: the literal group of a code, valid while its stamp is the current node's.
    private readonly int[] _groupOfCode;
    private readonly int[] _stampOfCode;
    private readonly int[] _bucket;
    private readonly int[] _counts;
    private readonly int[] _scratch;
    private int _stamp;

    // The trie as it is written, in arrays that may be longer than what is used: the first _nodeCount nodes,
    // _keyCount literal children (the code of the literal, and the child's node), _slotCount slots and _tailCount
    // tail segments (codes).
    private readonly Trie.Node[] _nodes;
    private readonly int[] _keyCodes;
    private readonly int[] _children;
    private readonly int[] _slots;
    private readonly int[] _tailCodes;
    private int _nodeCount;
    private int _keyCount;
    private int _slotCount;
    private int _tailCount;

    private TrieWriter(RouteRows rows)
    {
        _codes = rows.Codes;
        int routes = rows.Count;
        _order = ArrayPool<int>.Shared.Rent(routes);
        int segments = 0;
        for (int row = 0; row < rows.End; row += RouteRows.HeaderLength + _codes[row + RouteRows.LengthField])
        {
            if (_codes[row + RouteRows.SlotField] != RouteRows.DefaultSlot)
            {
                _order[_count++] = row;
                segments += _codes[row + RouteRows.LengthField];
            }
        }

        _groupOfCode = ArrayPool<int>.Shared.Rent(rows.LiteralCount);
        _stampOfCode = ArrayPool<int>.Shared.Rent(rows.LiteralCount);
        Array.Clear(_stampOfCode, 0, rows.LiteralCount); // stamps start at 1
        _bucket = ArrayPool<int>.Shared.Rent(routes);
        _counts = ArrayPool<int>.Shared.Rent(routes + 3);
        _scratch = ArrayPool<int>.Shared.Rent(routes);

        // At most: the root and a node per segment; a literal child or a tail entry per segment; per route its slot
        // and its group's masks.
        _nodes = ArrayPool<Trie.Node>.Shared.Rent(1 + segments);
        _keyCodes = ArrayPool<int>.Shared.Rent(segments);
        _children = ArrayPool<int>.Shared.Rent(segments);
        _slots = ArrayPool<int>.Shared.Rent(2 * routes);
        _tailCodes = ArrayPool<int>.Shared.Rent(segments);
    }

    /// <summary>Compiles every row except the <c>$default</c> route's.</summary>
    public static Trie Write(RouteRows rows)
    {
        var writer = new TrieWriter(rows);
        try
        {
            writer.Group(0, writer._count, 0);
            return writer.ToTrie(rows);
        }
        finally
        {
            writer.Release();
        }
    }

    private Trie ToTrie(RouteRows rows)
    {
        // Every element below the counts was written, so the copies need no clearing first.
        var nodes = GC.AllocateUninitializedArray<Trie.Node>(_nodeCount);
        _nodes.AsSpan(0, _nodeCount).CopyTo(nodes);
        var children = GC.AllocateUninitializedArray<int>(_keyCount);
        _children.AsSpan(0, _keyCount).CopyTo(children);
        var slots = GC.AllocateUninitializedArray<int>(_slotCount);
        _slots.AsSpan(0, _slotCount).CopyTo(slots);
        var keys = new string[_keyCount];
        for (int k = 0; k < keys.Length; k++)
        {
            keys[k] = rows.Literal(_keyCodes[k]);
        }

        var tails = new string?[_tailCount];
        for (int t = 0; t < tails.Length; t++)
        {
            int code = _tailCodes[t];
            tails[t] = code >= 0 ? rows.Literal(code) : null;
        }

        return new Trie(nodes, keys, children, slots, tails);
    }

    private void Release()
    {
        ArrayPool<int>.Shared.Return(_order);
        ArrayPool<int>.Shared.Return(_groupOfCode);
        ArrayPool<int>.Shared.Return(_stampOfCode);
        ArrayPool<int>.Shared.Return(_bucket);
        ArrayPool<int>.Shared.Return(_counts);
        ArrayPool<int>.Shared.Return(_scratch);
        ArrayPool<Trie.Node>.Shared.Return(_nodes);
        ArrayPool<int>.Shared.Return(_keyCodes);
        ArrayPool<int>.Shared.Return(_children);
        ArrayPool<int>.Shared.Return(_slots);
        ArrayPool<int>.Shared.Return(_tailCodes);
    }

    /// <summary>
    /// Writes the node of the rows of _order[lo..hi), which share their first <paramref name="depth"/> segments, and
    /// the nodes below it. The rows are ordered into the node's runs by a stable counting sort on the segment at
    /// <paramref name="depth"/>.
    /// </summary>
    /// <returns>The node's index.</returns>
    private int Group(int lo, int hi, int depth)
    {
        if (hi - lo == 1)
        {
            return WriteChain(_order[lo], depth);
        }

        int index = _nodeCount++;

        // Bucket of each row: 0 ends here, 1 greedy, 2 {param}, 3 + g the literal group g, in order of first
        // appearance; the code of group g goes to _keyCodes[_keyCount + g], and _counts[bucket] counts each bucket.
        int stamp = ++_stamp;
        int groups = 0;
        _counts[0] = _counts[1] = _counts[2] = 0;
        for (int i = lo; i < hi; i++)
        {
            int row = _order[i];
            int bucket;
            if (_codes[row + RouteRows.LengthField] == depth)
            {
                bucket = 0;
            }
            else
            {
                int code = _codes[row + RouteRows.HeaderLength + depth];
                if (code >= 0)
                {
                    if (_stampOfCode[code] != stamp)
                    {
                        _stampOfCode[code] = stamp;
                        _groupOfCode[code] = 3 + groups;
                        _keyCodes[_keyCount + groups] = code;
                        _counts[3 + groups++] = 0;
                    }

                    bucket = _groupOfCode[code];
                }
                else
                {
                    bucket = code == RouteRows.ParameterCode ? 2 : 1;
                }
            }

            _bucket[i] = bucket;
            _counts[bucket]++;
        }

        int ends = _counts[0], greedy = _counts[1], parameters = _counts[2];
        int literalStart = _keyCount;
        _keyCount += groups;

        // Counts become start offsets in the node's order (ends here, literal groups, {param}, greedy); scatter. Each
        // group's start also goes to its child slot, which the calls below reuse _counts before they can read it.
        int next = lo + ends;
        _counts[0] = lo;
        for (int g = 0; g < groups; g++)
        {
            int size = _counts[3 + g];
            _counts[3 + g] = next;
            _children[literalStart + g] = next;
            next += size;
        }

        int parameterStart = next;
        int greedyStart = parameterStart + parameters;
        _counts[2] = parameterStart;
        _counts[1] = greedyStart;
        for (int i = lo; i < hi; i++)
        {
            _scratch[_counts[_bucket[i]]++] = _order[i];
        }

        Array.Copy(_scratch, lo, _order, lo, hi - lo);

        int routes = WriteRoutes(lo, lo + ends, greedyStart, hi);
        for (int g = 0; g < groups; g++)
        {
            int start = _children[literalStart + g];
            int end = g + 1 < groups ? _children[literalStart + g + 1] : parameterStart;
            _children[literalStart + g] = Group(start, end, depth + 1);
        }

        int parameter = parameters > 0 ? Group(parameterStart, greedyStart, depth + 1) : Trie.None;
        _nodes[index] = new Trie.Node(routes, parameter, literalStart, groups);
        return index;
    }

    /// <summary>
    /// Writes the node of a row that no other row shares a node with below this depth: its segments up to its end (or
    /// up to its greedy variable) are the node's tail, and the route is the node's one route.
    /// </summary>
    /// <returns>The node's index.</returns>
    private int WriteChain(int row, int depth)
    {
        int length = _codes[row + RouteRows.LengthField];
        bool greedy = length > depth && _codes[row + RouteRows.HeaderLength + length - 1] == RouteRows.GreedyCode;
        int tailEnd = greedy ? length - 1 : length;
        int tailStart = _tailCount;
        for (int d = depth; d < tailEnd; d++)
        {
            _tailCodes[_tailCount++] = _codes[row + RouteRows.HeaderLength + d];
        }

        int routes = _slotCount;
        _slots[_slotCount++] = 1 << (_codes[row + RouteRows.SlotField] + (greedy ? Trie.GreedyShift : 0));
        _slots[_slotCount++] = _codes[row + RouteRows.RouteField];
        int index = _nodeCount++;
        _nodes[index] = Trie.Node.Tail(routes, tailStart, tailEnd - depth);
        return index;
    }

    /// <summary>
    /// Writes a node's route group: the routes of _order[lo..end) end at the node, those of _order[greedyStart..hi) are
    /// greedy there. Within each part they differ in method (<see cref="RouteRows"/> refused any others).
    /// </summary>
    /// <returns>Its offset, or <see cref="Trie.None"/> for no routes.</returns>
    private int WriteRoutes(int lo, int end, int greedyStart, int hi)
    {
        if (lo == end && greedyStart == hi)
        {
            return Trie.None;
        }

        int offset = _slotCount;
        _slotCount += 1 + (end - lo) + (hi - greedyStart);
        int masks = 0;
        for (int i = lo; i < end; i++)
        {
            masks |= 1 << Slot(i);
        }

        for (int i = greedyStart; i < hi; i++)
        {
            masks |= 1 << (Slot(i) + Trie.GreedyShift);
        }

        _slots[offset] = masks;
        for (int i = lo; i < end; i++)
        {
            _slots[offset + Trie.RoutePosition(masks, Slot(i), greedy: false)] = Route(i);
        }

        for (int i = greedyStart; i < hi; i++)
        {
            _slots[offset + Trie.RoutePosition(masks, Slot(i), greedy: true)] = Route(i);
        }

        return offset;
    }

    private int Route(int position) => _codes[_order[position] + RouteRows.RouteField];

    private int Slot(int position) => _codes[_order[position] + RouteRows.SlotField];
}
