using Routing.Authorization.Jwt;
using Routing.Cors;
using Routing.Deployments;
using Routing.Routes;
using Routing.Transforms;




namespace Routing.Definitions;

/// <summary>
/// The editable draft of an HTTP API: routes and integrations. Deploying validates it as a whole and compiles an
/// immutable <see cref="Deployments.Deployment"/>; editing it afterwards changes only the draft.
/// </summary>
public sealed class HttpApiDefinition
{
    /// <summary>The most routes an API may have (API Gateway's default quota).</summary>
    public const int MaxRoutes = 300;

    /// <summary>The routes, in order.</summary>
    public List<RouteDefinition> Routes { get; } = [];

    /// <summary>The integrations, by id.</summary>
    public Dictionary<string, IntegrationDefinition> Integrations { get; } = new(StringComparer.Ordinal);

    /// <summary>The JWT authorizers, by id.</summary>
    public Dictionary<string, JwtAuthorizerDefinition> Authorizers { get; } = new(StringComparer.Ordinal);

    /// <summary>The API's CORS configuration; <see langword="null"/> when CORS is not configured.</summary>
    public CorsConfiguration? Cors { get; set; }

    /// <summary>Checks the whole draft.</summary>
    /// <returns>Every problem found, each naming the offending item; empty when it can be deployed.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in Routes)
        {
            errors.AddRange(route.Validate());
            string where = $"routes[{route.RouteKey}]";
            if (route.IntegrationId is null)
            {
                errors.Add(new ValidationError(where + ".integrationId", $"Route '{route.RouteKey}' has no integration; name one of the API's integrations."));
            }
            else if (!Integrations.ContainsKey(route.IntegrationId))
            {
                errors.Add(new ValidationError(where + ".integrationId", $"Route '{route.RouteKey}' names the integration '{route.IntegrationId}', which the API does not define."));
            }

            if (route.AuthorizationType == AuthorizationType.Jwt && route.AuthorizerId is null)
            {
                errors.Add(new ValidationError(where + ".authorizerId", $"Route '{route.RouteKey}' has authorization type JWT but names no authorizer; set AuthorizerId to one of the API's authorizers."));
            }
            else if (route.AuthorizerId is not null && !Authorizers.ContainsKey(route.AuthorizerId))
            {
                errors.Add(new ValidationError(where + ".authorizerId", $"Route '{route.RouteKey}' names the authorizer '{route.AuthorizerId}', which the API does not define."));
            }
            else if (route.AuthorizerId is not null && route.AuthorizationType != AuthorizationType.Jwt)
            {
                errors.Add(new ValidationError(where + ".authorizationType", $"Route '{route.RouteKey}' names the authorizer '{route.AuthorizerId}' but has authorization type {route.AuthorizationType}; use AuthorizationType.Jwt."));
            }

            if (RouteKey.TryParse(route.RouteKey, out var key))
            {
                string shape = RouteShape(key);
                if (seen.TryGetValue(shape, out string? other))
                {
                    errors.Add(new ValidationError(where, other == key.Value
                        ? $"Route key '{key}' is defined twice; each route key may appear once in an API."
                        : $"Route key '{key}' conflicts with '{other}': they differ only in parameter names."));
                }
                else
                {
                    seen.Add(shape, key.Value);
                }
            }
        }

        if (Routes.Count > MaxRoutes)
        {
            errors.Add(new ValidationError("routes", $"The API has {Routes.Count} routes; at most {MaxRoutes} are allowed."));
        }

        foreach (var (id, integration) in Integrations)
        {
            if (integration.Timeout < IntegrationDefinition.MinTimeout || integration.Timeout > IntegrationDefinition.MaxTimeout)
            {
                errors.Add(new ValidationError(
                    $"integrations[{id}].timeout",
                    $"Integration '{id}' has a timeout of {integration.Timeout.TotalMilliseconds} ms; use 50 to 30000 ms."));
            }

            errors.AddRange(global::Routing.Transforms.ParameterMapping.Validate(id, integration));
        }

        foreach (var (id, authorizer) in Authorizers)
        {
            errors.AddRange(JwtAuthorizer.Validate(id, authorizer));
        }

        if (Cors is not null)
        {
            errors.AddRange(CorsPolicy.Validate(Cors));
        }

        return errors;
    }

    /// <summary>Throws when the draft cannot be deployed.</summary>
    /// <exception cref="HttpApiValidationException">Lists every problem.</exception>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new HttpApiValidationException(errors);
        }
    }

    /// <summary>A copy of the draft (routes, integrations, authorizers and CORS are immutable records, so a shallow copy suffices).</summary>
    /// <returns>The copy.</returns>
    public HttpApiDefinition Clone()
    {
        var copy = new HttpApiDefinition { Cors = Cors };
        copy.Routes.AddRange(Routes);
        foreach (var (id, authorizer) in Authorizers)
        {
            copy.Authorizers.Add(id, authorizer);
        }

        foreach (var (id, integration) in Integrations)
        {
            copy.Integrations.Add(id, integration);
        }

        return copy;
    }

    private static string RouteShape(RouteKey key) => key.IsDefault
        ? key.Value
        : key.Method + " " + string.Join('/', key.Segments.Select(static s => s.Kind == RouteSegmentKind.Literal ? s.Value : s.Kind.ToString()));
}
