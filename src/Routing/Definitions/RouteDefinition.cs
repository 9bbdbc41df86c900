namespace Routing.Definitions;

/// <summary>A route of an API definition: a route key, its target, and how it is authorized.</summary>
public sealed record RouteDefinition
{
    /// <summary>The route key: <c>GET /pets/{id}</c>, <c>ANY /{proxy+}</c> or <c>$default</c>.</summary>
    public required string RouteKey { get; init; }

    /// <summary>The integration that serves the route.</summary>
    public string? IntegrationId { get; init; }

    /// <summary>How requests are authorized.</summary>
    /// <value>The default value is <see cref="AuthorizationType.None"/>.</value>
    public AuthorizationType AuthorizationType { get; init; }

    /// <summary>The authorizer that runs before the integration: a JWT authorizer for <see cref="AuthorizationType.Jwt"/>, a
    /// Lambda authorizer for <see cref="AuthorizationType.Custom"/>; none for the other types.</summary>
    public string? AuthorizerId { get; init; }

    /// <summary>Scopes of which the token must carry at least one. Only valid with <see cref="AuthorizationType.Jwt"/>.</summary>
    public IReadOnlyList<string> AuthorizationScopes { get; init; } = [];

    /// <summary>
    /// Whether a request needs an API key that a usage plan admits for the stage (<c>apiKeyRequired</c>; API Gateway offers
    /// it on REST APIs, this library on HTTP APIs too). The key comes from <c>x-api-key</c> or from the Lambda authorizer,
    /// as <see cref="HttpApiDefinition.ApiKeySource"/> says.
    /// </summary>
    public bool ApiKeyRequired { get; init; }
}
