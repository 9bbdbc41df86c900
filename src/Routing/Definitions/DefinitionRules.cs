using System.Globalization;
using Routing.Routes;

namespace Routing.Definitions;

/// <summary>
/// The rules of an API definition that need no feature to check: route keys, the references between routes,
/// integrations and authorizers, and API Gateway's quotas. Each feature checks its own definitions (CORS, JWT and
/// Lambda authorizers, parameter mappings, integration targets); deploying reports every problem at once.
/// </summary>
internal static class DefinitionRules
{
    /// <summary>Checks the structure of a definition.</summary>
    /// <param name="definition">The draft.</param>
    /// <param name="quotas">The quotas to enforce.</param>
    /// <param name="errors">Where problems go, each naming the offending item, its value and the fix.</param>
    public static void Validate(HttpApiDefinition definition, ApiQuotas quotas, List<ValidationError> errors)
    {
        CheckQuota(definition.Routes.Count, "routes", quotas.RoutesPerApi, nameof(ApiQuotas.RoutesPerApi), errors);
        CheckQuota(definition.Integrations.Count, "integrations", quotas.IntegrationsPerApi, nameof(ApiQuotas.IntegrationsPerApi), errors);
        CheckQuota(definition.Authorizers.Count, "authorizers", quotas.AuthorizersPerApi, nameof(ApiQuotas.AuthorizersPerApi), errors);
        foreach (var route in definition.Routes)
        {
            ValidateRoute(definition, route, quotas, errors);
        }

        foreach (var (id, integration) in definition.Integrations)
        {
            if (integration is null)
            {
                errors.Add(new ValidationError($"integrations[{id}]", $"Integration '{id}' is null; give it a definition or remove it."));
            }
            else if (integration.Timeout < IntegrationDefinition.MinTimeout || integration.Timeout > IntegrationDefinition.MaxTimeout)
            {
                errors.Add(new ValidationError(
                    $"integrations[{id}].timeout",
                    string.Create(CultureInfo.InvariantCulture, $"Integration '{id}' has a timeout of {integration.Timeout.TotalMilliseconds} ms; use 50 to 30000 ms.")));
            }
        }

        foreach (var (id, authorizer) in definition.Authorizers)
        {
            if (authorizer is null)
            {
                errors.Add(new ValidationError($"authorizers[{id}]", $"Authorizer '{id}' is null; give it a definition or remove it."));
            }
        }
    }

    /// <summary>Checks a route on its own, not against the rest of the API: its key and its scopes.</summary>
    /// <param name="route">The route.</param>
    /// <param name="quotas">The quotas to enforce.</param>
    /// <param name="errors">Where problems go.</param>
    public static void ValidateRouteAlone(RouteDefinition route, ApiQuotas quotas, List<ValidationError> errors)
    {
        string where = $"routes[{route.RouteKey}]";
        if (!RouteKey.TryParse(route.RouteKey, out _, out string? keyError))
        {
            errors.Add(new ValidationError(where + ".routeKey", keyError));
        }

        if (route.AuthorizationScopes.Count > 0 && route.AuthorizationType != AuthorizationType.Jwt)
        {
            errors.Add(new ValidationError(
                where + ".authorizationScopes",
                $"Authorization Scopes are only valid for JWT authorization types; route '{route.RouteKey}' has authorization type {route.AuthorizationType}. Attach a JWT authorizer or remove the scopes."));
        }

        if (route.AuthorizationScopes.Count > quotas.ScopesPerRoute)
        {
            errors.Add(new ValidationError(
                where + ".authorizationScopes",
                ApiQuotas.Exceeded($"Route '{route.RouteKey}'", route.AuthorizationScopes.Count, "authorization scopes", quotas.ScopesPerRoute, nameof(ApiQuotas.ScopesPerRoute))));
        }
    }

    /// <summary>Refuses a count of the API's items over its quota.</summary>
    private static void CheckQuota(int count, string things, int quota, string option, List<ValidationError> errors)
    {
        if (count > quota)
        {
            errors.Add(new ValidationError(things, ApiQuotas.Exceeded("The API", count, things, quota, option)));
        }
    }

    private static void ValidateRoute(HttpApiDefinition definition, RouteDefinition route, ApiQuotas quotas, List<ValidationError> errors)
    {
        string where = $"routes[{route.RouteKey}]";
        ValidateRouteAlone(route, quotas, errors);
        // A route without an integration deploys, as on API Gateway, and answers 500 (a deployment warning says so).
        if (route.IntegrationId is not null && !definition.Integrations.ContainsKey(route.IntegrationId))
        {
            errors.Add(new ValidationError(where + ".integrationId", $"Route '{route.RouteKey}' names the integration '{route.IntegrationId}', which the API does not define."));
        }

        ValidateAuthorization(definition, route, where, errors);
    }

    private static void ValidateAuthorization(HttpApiDefinition definition, RouteDefinition route, string where, List<ValidationError> errors)
    {
        var type = route.AuthorizationType;
        if (!Enum.IsDefined(type))
        {
            errors.Add(new ValidationError(where + ".authorizationType", $"Route '{route.RouteKey}' has the authorization type {type}, which is not one of NONE, JWT, CUSTOM or AWS_IAM."));
            return;
        }

        bool needsAuthorizer = type is AuthorizationType.Jwt or AuthorizationType.Custom;
        if (route.AuthorizerId is null)
        {
            if (needsAuthorizer)
            {
                errors.Add(new ValidationError(where + ".authorizerId", $"Route '{route.RouteKey}' has authorization type {Describe(type)} but names no authorizer; set AuthorizerId to one of the API's {(type == AuthorizationType.Jwt ? "JWT" : "Lambda")} authorizers."));
            }

            return;
        }

        if (!definition.Authorizers.TryGetValue(route.AuthorizerId, out var authorizer))
        {
            errors.Add(new ValidationError(where + ".authorizerId", $"Route '{route.RouteKey}' names the authorizer '{route.AuthorizerId}', which the API does not define."));
        }
        else if (!needsAuthorizer)
        {
            errors.Add(new ValidationError(where + ".authorizationType", $"Route '{route.RouteKey}' names the authorizer '{route.AuthorizerId}' but has authorization type {Describe(type)}; use {Describe(authorizer?.AuthorizationType ?? AuthorizationType.Jwt)}."));
        }
        else if (authorizer is not null && authorizer.AuthorizationType != type)
        {
            errors.Add(new ValidationError(where + ".authorizationType", $"Route '{route.RouteKey}' has authorization type {Describe(type)} but names the authorizer '{route.AuthorizerId}', which needs {Describe(authorizer.AuthorizationType)}."));
        }
    }

    /// <summary>API Gateway's name of an authorization type, with the enum member to write.</summary>
    private static string Describe(AuthorizationType type) => type switch
    {
        AuthorizationType.None => "NONE (AuthorizationType.None)",
        AuthorizationType.Jwt => "JWT (AuthorizationType.Jwt)",
        AuthorizationType.Custom => "CUSTOM (AuthorizationType.Custom)",
        AuthorizationType.AwsIam => "AWS_IAM (AuthorizationType.AwsIam)",
        _ => type.ToString(),
    };
}
