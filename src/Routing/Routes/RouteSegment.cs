namespace Routing.Routes;

/// <summary>One segment of a route key's path.</summary>
/// <param name="Kind">Whether the segment is a literal, a parameter or a greedy variable.</param>
/// <param name="Value">The literal text, or the parameter's name without braces and without the <c>+</c>.</param>
public readonly record struct RouteSegment(RouteSegmentKind Kind, string Value)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RouteSegmentKind.Parameter => "{" + Value + "}",
        RouteSegmentKind.Greedy => "{" + Value + "+}",
        _ => Value,
    };
}
