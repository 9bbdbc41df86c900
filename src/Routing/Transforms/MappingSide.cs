namespace Routing.Transforms;

/// <summary>Whether a mapping value belongs to a request mapping or a response mapping (they read different variables).</summary>
internal enum MappingSide
{
    /// <summary><c>requestParameters</c>: may read <c>$request.*</c>, <c>$context.*</c>, <c>$stageVariables.*</c>.</summary>
    Request,

    /// <summary><c>responseParameters</c>: may read <c>$response.*</c>, <c>$context.*</c>, <c>$stageVariables.*</c>.</summary>
    Response,
}
