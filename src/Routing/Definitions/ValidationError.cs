namespace Routing.Definitions;

/// <summary>One problem in an API definition.</summary>
/// <param name="Path">Where it is, e.g. <c>routes[GET /pets].authorizationScopes</c>.</param>
/// <param name="Message">What is wrong, naming the offending value and the fix.</param>
public sealed record ValidationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
