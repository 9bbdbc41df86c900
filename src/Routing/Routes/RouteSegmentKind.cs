namespace Routing.Routes;

/// <summary>The kind of one segment of a route key's path.</summary>
public enum RouteSegmentKind
{
    /// <summary>A literal segment such as <c>pets</c>: matches only the identical (decoded, case-sensitive) segment.</summary>
    Literal,

    /// <summary>A path parameter such as <c>{id}</c>: matches exactly one non-empty segment.</summary>
    Parameter,

    /// <summary>A greedy path variable such as <c>{proxy+}</c>: matches the non-empty rest of the path. Always last.</summary>
    Greedy,
}
