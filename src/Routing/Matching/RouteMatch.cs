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

    /// <summary>Makes the parameters into a new dictionary (name to decoded value); empty when there are none.</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, string> CreateParameterDictionary()
    {
        var result = new Dictionary<string, string>(ParameterCount, StringComparer.Ordinal);
        for (int i = 0; i < ParameterCount; i++)
        {
            result[GetParameterName(i)] = GetParameterValue(i).ToString();
        }

        return result;
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
