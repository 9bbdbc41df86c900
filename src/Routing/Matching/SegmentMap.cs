using System.Collections.Frozen;

namespace Routing.Matching;

/// <summary>
/// An immutable map from a path segment to a value, looked up with a span (no allocation). Small maps are
/// scanned (length first, then ordinal comparison); larger ones use a frozen hash table.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class SegmentMap<T>
    where T : class
{
    // PERF: MatcherBenchmarks. Below this size a length-filtered scan beats hashing the segment.
    private const int ScanLimit = 8;

    private readonly string[] _keys;
    private readonly T[] _values;
    private readonly FrozenDictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _hashed;

    /// <summary>Creates the map; takes ownership of the arrays (same length, distinct keys).</summary>
    public SegmentMap(string[] keys, T[] values)
    {
        _keys = keys;
        _values = values;
        _hashed = keys.Length > ScanLimit;
        if (_hashed)
        {
            var entries = new KeyValuePair<string, T>[keys.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                entries[i] = new(keys[i], values[i]);
            }

            _lookup = entries.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
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
