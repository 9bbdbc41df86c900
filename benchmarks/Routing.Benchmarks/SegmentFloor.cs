using System.Collections.Frozen;
using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// The <c>Floor</c> benchmark: split the path into segments and look each one up, once, in a frozen hash table of
/// every literal segment of the table. Any matcher that hashes segments pays at least this; it selects nothing.
/// </summary>
internal sealed class SegmentFloor
{
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _literals;

    public SegmentFloor(IReadOnlyList<RouteKey> routes)
    {
        var literals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            foreach (var segment in route.Segments)
            {
                if (segment.Kind == RouteSegmentKind.Literal)
                {
                    literals.TryAdd(segment.Value, literals.Count + 1);
                }
            }
        }

        _literals = literals.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The sum of the ids of the path's literal segments (0 for a segment that is no literal).</summary>
    public int Walk(ReadOnlySpan<char> path)
    {
        int sum = 0;
        int pos = 1;
        while (pos < path.Length)
        {
            int length = path[pos..].IndexOf('/');
            int end = length < 0 ? path.Length : pos + length;
            if (_literals.TryGetValue(path[pos..end], out int id))
            {
                sum += id;
            }

            pos = end + 1;
        }

        return sum;
    }
}
