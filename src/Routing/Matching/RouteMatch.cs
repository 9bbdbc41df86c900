using Routing.Routes;


namespace Routing.Matching;

/// <summary>
/// The route a request selected, and its path parameters as slices of the routing path. Making strings is left
/// to the caller (<see cref="GetParameterValue(int)"/>.ToString(), <see cref="CreateParameterDictionary"/>).
/// </summary>
public readonly ref struct RouteMatch
{
    internal RouteMatch(RouteKey routeKey, int routeIndex, ReadOnlySpan<char> path)
    {
        RouteKey = routeKey;
        RouteIndex = routeIndex;
        Path = path;
    }

    /// <summary>The selected route key.</summary>
    public RouteKey RouteKey { get; }

    /// <summary>The index of the route in <see cref="RouteTable.Routes"/>.</summary>
    public int RouteIndex { get; }

    /// <summary>The routing path that was matched.</summary>
    public ReadOnlySpan<char> Path { get; }

    /// <summary>How many path parameters the route binds (0 for <c>$default</c>).</summary>
    public int ParameterCount => RouteKey.ParameterCount;

    /// <summary>The name of the <paramref name="index"/>-th parameter, in path order.</summary>
    /// <param name="index">0 to <see cref="ParameterCount"/> - 1.</param>
    /// <returns>The name, without braces or <c>+</c>.</returns>
    public string GetParameterName(int index) => ParameterSegment(index).Segment.Value;

    /// <summary>The decoded value of the <paramref name="index"/>-th parameter, in path order.</summary>
    /// <param name="index">0 to <see cref="ParameterCount"/> - 1.</param>
    /// <returns>One segment for <c>{name}</c>; the rest of the path, <c>/</c> included, for <c>{name+}</c>.</returns>
    public ReadOnlySpan<char> GetParameterValue(int index)
    {
        var (segment, position) = ParameterSegment(index);
        ReadOnlySpan<char> path = Path;
        int start = 1;
        for (int i = 0; i < position; i++)
        {
            start += path[start..].IndexOf('/') + 1;
        }

        if (segment.Kind == RouteSegmentKind.Greedy)
        {
            return path[start..];
        }

        int length = path[start..].IndexOf('/');
        return length < 0 ? path[start..] : path.Slice(start, length);
    }

    /// <summary>Looks a parameter up by name (ordinal).</summary>
    /// <param name="name">The parameter name, without braces.</param>
    /// <param name="value">The decoded value.</param>
    /// <returns>Whether the route has that parameter.</returns>
    public bool TryGetParameter(string name, out ReadOnlySpan<char> value)
    {
        for (int i = 0; i < ParameterCount; i++)
        {
            if (string.Equals(GetParameterName(i), name, StringComparison.Ordinal))
            {
                value = GetParameterValue(i);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Makes the parameters into a read-only dictionary (name to decoded value, ordinal); empty when there are none.</summary>
    /// <returns>The parameters: the route's names with this match's values, one string made per parameter.</returns>
    public IReadOnlyDictionary<string, string> CreateParameterDictionary()
    {
        int count = ParameterCount;
        if (count == 0)
        {
            return PathParameters.Empty;
        }

        // PERF: DispatchBenchmarks. The names are the route's own array; only the values are new.
        string[] values = new string[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = GetParameterValue(i).ToString();
        }

        return new PathParameters(RouteKey.ParameterNames, values);
    }

    private (RouteSegment Segment, int Position) ParameterSegment(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ParameterCount);
        var segments = RouteKey.Segments;
        for (int i = 0, seen = 0; i < segments.Count; i++)
        {
            if (segments[i].Kind != RouteSegmentKind.Literal && seen++ == index)
            {
                return (segments[i], i);
            }
        }

        throw new InvalidOperationException("unreachable: ParameterCount counts the variable segments");
    }
}
