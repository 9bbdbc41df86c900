using Routing.Routes;




namespace Routing.Definitions;

/// <summary>A route of an API definition: a route key, its target, and how it is authorized.</summary>
public sealed record RouteDefinition
{
    /// <summary>The most authorization scopes a route may list.</summary>
    public const int MaxAuthorizationScopes = 10;

    /// <summary>The route key: <c>GET /pets/{id}</c>, <c>ANY /{proxy+}</c> or <c>$default</c>.</summary>
    public required string RouteKey { get; init; }

    /// <summary>The integration that serves the route.</summary>
    public string? IntegrationId { get; init; }

    /// <summary>How requests are authorized.</summary>
    /// <value>The default value is <see cref="AuthorizationType.None"/>.</value>
    public AuthorizationType AuthorizationType { get; init; }

    /// <summary>The authorizer that runs before the integration, for <see cref="AuthorizationType.Jwt"/>.</summary>
    public string? AuthorizerId { get; init; }

    /// <summary>Scopes of which the token must carry at least one. Only valid with <see cref="AuthorizationType.Jwt"/>.</summary>
    public IReadOnlyList<string> AuthorizationScopes { get; init; } = [];

    /// <summary>Checks the route on its own (not against the rest of the API).</summary>
    /// <returns>Every problem found; empty when the route is valid.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        string where = $"routes[{RouteKey}]";
        if (!Routes.RouteKey.TryParse(RouteKey, out _, out string? keyError))
        {
            errors.Add(new ValidationError(where + ".routeKey", keyError));
        }

        if (AuthorizationScopes.Count > 0 && AuthorizationType != AuthorizationType.Jwt)
        {
            errors.Add(new ValidationError(
                where + ".authorizationScopes",
                $"Authorization Scopes are only valid for JWT authorization types; route '{RouteKey}' has authorization type {AuthorizationType}. Attach a JWT authorizer or remove the scopes."));
        }

        if (AuthorizationScopes.Count > MaxAuthorizationScopes)
        {
            errors.Add(new ValidationError(
                where + ".authorizationScopes",
                $"Route '{RouteKey}' lists {AuthorizationScopes.Count} authorization scopes; at most {MaxAuthorizationScopes} are allowed."));
        }

        return errors;
    }
}
