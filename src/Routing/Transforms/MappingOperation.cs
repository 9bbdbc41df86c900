namespace Routing.Transforms;

/// <summary>One compiled mapping: a key such as <c>overwrite:header.x-user</c> and its parsed value.</summary>
/// <param name="Key">The key as configured.</param>
/// <param name="Action">What it does.</param>
/// <param name="Target">What it changes.</param>
/// <param name="Name">The header or query parameter name; empty for the path and the status code.</param>
/// <param name="Value">The value; <see langword="null"/> for <see cref="MappingAction.Remove"/>.</param>
internal sealed record MappingOperation(string Key, MappingAction Action, MappingTarget Target, string Name, MappingExpression? Value)
{
    /// <summary>The order mappings are applied in: removals, then overwrites, then appends, each by key.</summary>
    public static int CompareForApply(MappingOperation? x, MappingOperation? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int byAction = Rank(x.Action).CompareTo(Rank(y.Action));
        return byAction != 0 ? byAction : string.CompareOrdinal(x.Key, y.Key);
    }

    private static int Rank(MappingAction action) => action switch
    {
        MappingAction.Remove => 0,
        MappingAction.Overwrite => 1,
        _ => 2,
    };
}
