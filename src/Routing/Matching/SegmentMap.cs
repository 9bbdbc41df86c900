namespace Routing.Matching;

/// <summary>
/// An immutable map from a path segment to a value, looked up with a span (no allocation). Small maps are
/// scanned (length first, then ordinal comparison); larger ones use a hash table.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class SegmentMap<T>
    where T : class
{
    // PERF: MatcherBenchmarks. Below this size a length-filtered scan beats hashing the segment.
    private const int ScanLimit = 8;

    private readonly string[] _keys;
    private readonly T[] _values;
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _hashed;

    /// <summary>Creates the map; takes ownership of the arrays (same length, distinct keys).</summary>
    public SegmentMap(string[] keys, T[] values)
    {
        _keys = keys;
        _values = values;
        _hashed = keys.Length > ScanLimit;
        if (_hashed)
        {
            // PERF: CompileBenchmarks. A FrozenDictionary looks up no faster here and costs ~10 us a key to build.
            var table = new Dictionary<string, T>(keys.Length, StringComparer.Ordinal);
            for (int i = 0; i < keys.Length; i++)
            {
                table.Add(keys[i], values[i]);
            }

            _lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    public static SegmentMap<T> Empty { get; } = new([], []);

    public int Count => _keys.Length;

    public T? Find(ReadOnlySpan<char> segment)
    {
        if (_hashed)
        {
            return _lookup.TryGetValue(segment, out var hit) ? hit : null;
        }

        string[] keys = _keys;
        for (int i = 0; i < keys.Length; i++)
        {
            string key = keys[i];
            if (key.Length == segment.Length && segment.SequenceEqual(key))
            {
                return _values[i];
            }
        }

        return null;
    }
}
