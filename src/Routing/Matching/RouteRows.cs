using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Routing.Routes;

namespace Routing.Matching;

/// <summary>
/// The routes of a <see cref="RouteTableBuilder"/> as rows of small integers, back to back in one array, and the set
/// of route shapes that refuses a second route selecting the same requests as an earlier one.
/// </summary>
/// <remarks>
/// <para>A row is a header (<see cref="RouteField"/>, <see cref="SlotField"/>, <see cref="LengthField"/>) and then a
/// code per path segment: the number of the interned literal, or <see cref="ParameterCode"/> or
/// <see cref="GreedyCode"/>. A row is named by its offset in <see cref="Codes"/>.</para>
/// <para>The row and shape arrays are rented from <see cref="ArrayPool{T}.Shared"/> and go back with
/// <see cref="Release"/> once the trie is written. PERF: CompileBenchmarks. At 10,000 routes they are over 600 KB, on
/// the large-object heap, where every build that allocated them afresh brought the next full collection closer.</para>
/// <para>PERF: CompileBenchmarks. A 10,000-route table's keys, segment arrays and literal strings are megabytes spread
/// over the heap. Each key is read once, here, and everything after works on these rows, a tenth of that size; a
/// global sort of the route keys themselves made 1,000 to 10,000 routes cost 26 times as much. (Scanning each key's
/// path string instead of its segments, to touch fewer objects, measured slower.)</para>
/// </remarks>
internal sealed class RouteRows
{
    /// <summary>A <c>{name}</c> segment.</summary>
    public const int ParameterCode = -1;

    /// <summary>A <c>{name+}</c> segment.</summary>
    public const int GreedyCode = -2;

    /// <summary>The method slot that marks the <c>$default</c> route.</summary>
    public const int DefaultSlot = -1;

    /// <summary>Row header: the route's index in the builder.</summary>
    public const int RouteField = 0;

    /// <summary>Row header: the method slot, or <see cref="DefaultSlot"/>.</summary>
    public const int SlotField = 1;

    /// <summary>Row header: how many segments follow.</summary>
    public const int LengthField = 2;

    /// <summary>Where a row's segment codes start.</summary>
    public const int HeaderLength = 3;

    private readonly Dictionary<string, int> _literalCodes = new(StringComparer.Ordinal);
    private readonly List<string> _literals = [];
    private int[] _codes;
    private int _end;

    // The shape set: open addressing in _shapes[0.._shapeMask], at most half full. An entry is a row's hash (high half)
    // and its offset + 1 (low half; 0 is empty), so that a probe reads a row only when the hashes are equal.
    private long[] _shapes;
    private int _shapeMask;

    /// <summary>Makes room for a number of routes.</summary>
    public RouteRows(int capacity)
    {
        _codes = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 4) * (HeaderLength + 8)); // up to 8 segments per route on average
        _shapeMask = Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 1) * 2)) - 1;
        _shapes = RentShapes(_shapeMask + 1);
    }

    /// <summary>How many rows there are.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The rows, up to <see cref="End"/>: read a row's fields at its offset plus a field constant, its codes from
    /// <see cref="HeaderLength"/>.
    /// </summary>
    public int[] Codes => _codes;

    /// <summary>The index of the <c>$default</c> route, or -1.</summary>
    public int DefaultRoute { get; private set; } = -1;

    /// <summary>Where the rows end in <see cref="Codes"/>.</summary>
    public int End => _end;

    /// <summary>How many distinct literals the rows use; their codes are 0 to this, exclusive.</summary>
    public int LiteralCount => _literals.Count;

    /// <summary>The literal of a code.</summary>
    public string Literal(int code) => _literals[code];

    /// <summary>Appends the route's row, unless a route already added selects the same requests.</summary>
    /// <returns>-1 when the row was added, else the index of the earlier route with the same shape.</returns>
    public int Add(RouteKey key)
    {
        var segments = key.SegmentArray;
        int row = _end;
        if (row + HeaderLength + segments.Length > _codes.Length)
        {
            var codes = ArrayPool<int>.Shared.Rent(Math.Max(_codes.Length * 2, row + HeaderLength + segments.Length));
            _codes.AsSpan(0, row).CopyTo(codes);
            ArrayPool<int>.Shared.Return(_codes);
            _codes = codes;
        }

        int slot = key.IsDefault ? DefaultSlot : key.MethodSlot;
        uint hash = Mix(0x9E3779B9u, (uint)slot);
        int length = segments.Length;
        for (int d = 0; d < length; d++)
        {
            int code = segments[d].Kind switch
            {
                RouteSegmentKind.Parameter => ParameterCode,
                RouteSegmentKind.Greedy => GreedyCode,
                _ => Intern(segments[d].Value),
            };
            _codes[row + HeaderLength + d] = code;
            hash = Mix(hash, (uint)code);
        }

        hash = Finish(hash);
        _codes[row + RouteField] = Count;
        _codes[row + SlotField] = slot;
        _codes[row + LengthField] = length;

        int mask = _shapeMask;
        int probe = (int)hash & mask;
        for (long entry; (entry = _shapes[probe]) != 0; probe = (probe + 1) & mask)
        {
            int other = (int)entry - 1;
            if ((uint)(entry >>> 32) == hash && SameShape(other, row))
            {
                return _codes[other + RouteField]; // the row stays past _end, unused, and the next Add overwrites it
            }
        }

        _shapes[probe] = Entry(hash, row);
        _end = row + HeaderLength + length;
        DefaultRoute = slot == DefaultSlot ? Count : DefaultRoute;
        if (++Count * 2 > mask + 1)
        {
            GrowShapes();
        }

        return -1;
    }

    /// <summary>Returns the arrays to the pool. The rows must not be read afterwards.</summary>
    public void Release()
    {
        if (_codes.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_codes);
            ArrayPool<long>.Shared.Return(_shapes);
            _codes = [];
            _shapes = [];
        }
    }

    private static uint Mix(uint hash, uint value) => BitOperations.RotateLeft((hash ^ value) * 0x85EBCA6Bu, 13);

    private static uint Finish(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x7FEB352Du;
        hash ^= hash >> 15;
        return hash;
    }

    private bool SameShape(int a, int b) =>
        _codes.AsSpan(a + SlotField, HeaderLength - SlotField).SequenceEqual(_codes.AsSpan(b + SlotField, HeaderLength - SlotField))
        && _codes.AsSpan(a + HeaderLength, _codes[a + LengthField]).SequenceEqual(_codes.AsSpan(b + HeaderLength, _codes[b + LengthField]));

    /// <summary>A cleared table of a power-of-two size; a rented array may be longer, and its tail is not used.</summary>
    private static long Entry(uint hash, int row) => ((long)hash << 32) | (uint)(row + 1);

    private static long[] RentShapes(int size)
    {
        var shapes = ArrayPool<long>.Shared.Rent(size);
        Array.Clear(shapes, 0, size);
        return shapes;
    }

    private void GrowShapes()
    {
        int mask = (_shapeMask << 1) | 1;
        var shapes = RentShapes(mask + 1);
        foreach (long entry in _shapes.AsSpan(0, _shapeMask + 1))
        {
            if (entry != 0)
            {
                int probe = (int)(entry >>> 32) & mask;
                while (shapes[probe] != 0)
                {
                    probe = (probe + 1) & mask;
                }

                shapes[probe] = entry;
            }
        }

        ArrayPool<long>.Shared.Return(_shapes);
        _shapes = shapes;
        _shapeMask = mask;
    }

    private int Intern(string literal)
    {
        ref int code = ref CollectionsMarshal.GetValueRefOrAddDefault(_literalCodes, literal, out bool exists);
        if (!exists)
        {
            code = _literals.Count;
            _literals.Add(literal);
        }

        return code;
    }
}
