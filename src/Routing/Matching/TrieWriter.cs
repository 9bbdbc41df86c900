using Routing.Routes;

namespace Routing.Matching;

/// <summary>
/// Compiles <see cref="RouteRows"/> into the flat <see cref="Trie"/>. First the rows are grouped so that every node's
/// routes form one contiguous run (those ending at the node, then one run per literal child, then the <c>{param}</c>
/// child's, then the greedy ones), counting the trie's nodes, literal children and slots on the way; then one
/// depth-first pass writes arrays allocated once at their exact sizes.
/// </summary>
/// <remarks>
/// PERF: CompileBenchmarks. The grouping is a most-significant-segment-first radix pass: each node looks at the code
/// of each of its routes' segment once, so a build costs time in proportion to the total number of segments, with
/// no comparison sort.
/// </remarks>
internal sealed class TrieWriter
{
    private const int EndsHere = -3;

    private readonly int[] _codes;
    private readonly RouteRows _rows;
    private readonly int[] _order; // row offsets

    // Grouping scratch: the literal group of a code, valid while its stamp is the current node's.
    private readonly int[] _groupOfCode;
    private readonly int[] _stampOfCode;
    private readonly int[] _bucket;
    private readonly int[] _counts;
    private readonly int[] _scratch;
    private int _stamp;

    // Sizes (counted by Group), then write positions (advanced by Visit).
    private int _nodeCount = 1;
    private int _keyCount;
    private int _slotCount;
    private Trie.Node[] _nodes = [];
    private string[] _keys = [];
    private int[] _children = [];
    private int[] _slots = [];

    private TrieWriter(RouteRows rows, int[] order)
    {
        _rows = rows;
        _codes = rows.Codes;
        _order = order;
        _groupOfCode = new int[rows.LiteralCount];
        _stampOfCode = new int[rows.LiteralCount];
        _bucket = new int[order.Length];
        _counts = new int[order.Length + 3];
        _scratch = new int[order.Length];
    }

    /// <summary>Compiles every row except the <c>$default</c> route's.</summary>
    public static Trie Write(RouteRows rows)
    {
        var order = new int[rows.Count - (rows.DefaultRoute >= 0 ? 1 : 0)];
        int count = 0;
        for (int row = 0; row < rows.End; row += RouteRows.HeaderLength + rows.Codes[row + RouteRows.LengthField])
        {
            if (rows.Codes[row + RouteRows.SlotField] != RouteRows.DefaultSlot)
            {
                order[count++] = row;
            }
        }

        var writer = new TrieWriter(rows, order);
        writer.Group(0, writer._order.Length, 0);
        writer._nodes = new Trie.Node[writer._nodeCount];
        writer._keys = new string[writer._keyCount];
        writer._children = new int[writer._keyCount];
        writer._slots = new int[writer._slotCount];
        writer._nodeCount = writer._keyCount = writer._slotCount = 0;
        writer.Visit(0, writer._order.Length, 0);
        return new Trie(writer._nodes, writer._keys, writer._children, writer._slots);
    }

    /// <summary>
    /// Orders the rows of _order[lo..hi), which share their first <paramref name="depth"/> segments, into the runs of
    /// their node (a stable counting sort on the segment at <paramref name="depth"/>), then each child's rows; counts
    /// the nodes below this one, their literal children and their slots.
    /// </summary>
    private void Group(int lo, int hi, int depth)
    {
        if (hi - lo == 1)
        {
            CountChain(_order[lo], depth);
            return;
        }

        // Bucket of each row: EndsHere, ParameterCode, GreedyCode, or its literal's group (0, 1, ... in order of
        // first appearance). _counts[0..3) counts the first three, _counts[3 + group] each literal group.
        int stamp = ++_stamp;
        int groups = 0;
        _counts[0] = _counts[1] = _counts[2] = 0;
        for (int i = lo; i < hi; i++)
        {
            int bucket = Length(i) == depth ? EndsHere : Code(i, depth);
            if (bucket >= 0)
            {
                if (_stampOfCode[bucket] != stamp)
                {
                    _stampOfCode[bucket] = stamp;
                    _groupOfCode[bucket] = groups;
                    _counts[3 + groups++] = 0;
                }

                bucket = _groupOfCode[bucket];
            }

            _bucket[i] = bucket;
            _counts[3 + bucket]++; // EndsHere, ParameterCode and GreedyCode land on 0, 2 and 1
        }

        int ends = _counts[0], parameters = _counts[2], greedy = _counts[1];
        _nodeCount += groups + (parameters > 0 ? 1 : 0);
        _keyCount += groups;
        _slotCount += ends + greedy > 0 ? 1 + ends + greedy : 0;

        // Turn counts into start offsets in the node's order (ends here, literal groups, {param}, greedy), scatter.
        int next = lo + ends;
        _counts[0] = lo;
        for (int g = 0; g < groups; g++)
        {
            int size = _counts[3 + g];
            _counts[3 + g] = next;
            next += size;
        }

        int parameterStart = next;
        _counts[2] = parameterStart;
        _counts[1] = parameterStart + parameters;
        for (int i = lo; i < hi; i++)
        {
            _scratch[_counts[3 + _bucket[i]]++] = _order[i];
        }

        Array.Copy(_scratch, lo, _order, lo, hi - lo);

        // Each literal group is now a run of one code; the runs are found again from the codes because the calls
        // below reuse _counts. Greedy rows end at depth + 1: nothing below them to group.
        for (int start = lo + ends; start < parameterStart;)
        {
            int end = RunEnd(start, parameterStart, depth);
            Group(start, end, depth + 1);
            start = end;
        }

        if (parameters > 0)
        {
            Group(parameterStart, parameterStart + parameters, depth + 1);
        }
    }

    /// <summary>Counts the chain of nodes below a node that only one route reaches.</summary>
    private void CountChain(int row, int depth)
    {
        int length = _codes[row + RouteRows.LengthField];
        for (int d = depth; d < length; d++)
        {
            int code = _codes[row + RouteRows.HeaderLength + d];
            if (code != RouteRows.GreedyCode)
            {
                _nodeCount++;
            }

            if (code >= 0)
            {
                _keyCount++;
            }
        }

        _slotCount += 2; // the masks and the route, which ends at the chain's last node or is greedy there
    }

    /// <summary>Writes the node for _order[lo..hi), whose rows share their first <paramref name="depth"/> segments.</summary>
    /// <returns>The node's index.</returns>
    private int Visit(int lo, int hi, int depth)
    {
        int index = _nodeCount++;
        int i = lo;
        while (i < hi && Length(i) == depth)
        {
            i++;
        }

        int greedyStart = hi;
        while (greedyStart > i && Code(greedyStart - 1, depth) == RouteRows.GreedyCode)
        {
            greedyStart--;
        }

        int routes = WriteRoutes(lo, i, greedyStart, hi);
        int groups = 0;
        for (int j = i; j < greedyStart && Code(j, depth) >= 0; j = RunEnd(j, greedyStart, depth))
        {
            groups++;
        }

        // The node's literal children take one contiguous range, reserved before the children are visited.
        int literalStart = _keyCount;
        _keyCount += groups;
        for (int g = 0; g < groups; g++)
        {
            int end = RunEnd(i, greedyStart, depth);
            _keys[literalStart + g] = _rows.Literal(Code(i, depth));
            _children[literalStart + g] = Visit(i, end, depth + 1);
            i = end;
        }

        int parameter = greedyStart > i ? Visit(i, greedyStart, depth + 1) : Trie.None;
        _nodes[index] = new Trie.Node(routes, parameter, literalStart, groups);
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

    /// <summary>Where the run of equal codes at depth that starts at <paramref name="start"/> ends.</summary>
    private int RunEnd(int start, int hi, int depth)
    {
        int code = Code(start, depth);
        int end = start + 1;
        while (end < hi && Code(end, depth) == code)
        {
            end++;
        }

        return end;
    }

    private int Route(int position) => _codes[_order[position] + RouteRows.RouteField];

    private int Slot(int position) => _codes[_order[position] + RouteRows.SlotField];

    private int Length(int position) => _codes[_order[position] + RouteRows.LengthField];

    private int Code(int position, int depth) => _codes[_order[position] + RouteRows.HeaderLength + depth];
}
