namespace Routing.Tests.Reference;

/// <summary>What <see cref="ReferenceMatcher"/> selected for a request.</summary>
/// <param name="RouteIndex">The index of the route in the list the matcher was given.</param>
/// <param name="RouteKey">The route key text.</param>
/// <param name="Parameters">Each path parameter's name and value; empty when the route has none.</param>
public sealed record ReferenceMatch(int RouteIndex, string RouteKey, IReadOnlyDictionary<string, string> Parameters);
