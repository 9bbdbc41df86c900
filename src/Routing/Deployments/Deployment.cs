using Routing.Apis;
using Routing.Authorization.Jwt;
using Routing.Authorization;
using Routing.Cors;
using Routing.Definitions;
using Routing.Matching;
using Routing.Routes;
using Routing.Transforms;




namespace Routing.Deployments;

/// <summary>
/// An immutable, validated snapshot of an API: the compiled route table and what serves each route. Stages point at
/// deployments; a request uses one deployment from start to end.
/// </summary>
public sealed class Deployment
{
    private Deployment(string id, string? description, DateTimeOffset createdDate, RouteTable routes, CompiledRoute[] compiled, CorsPolicy? cors)
    {
        Cors = cors;
        Id = id;
        Description = description;
        CreatedDate = createdDate;
        Routes = routes;
        CompiledRoutes = compiled;
    }

    /// <summary>The deployment id.</summary>
    public string Id { get; }

    /// <summary>The description given when deploying.</summary>
    public string? Description { get; }

    /// <summary>When the deployment was created (from the API's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset CreatedDate { get; }

    /// <summary>The compiled route table.</summary>
    public RouteTable Routes { get; }

    internal CompiledRoute[] CompiledRoutes { get; }

    internal CorsPolicy? Cors { get; }

    /// <summary>Validates a definition and compiles it.</summary>
    /// <param name="definition">The draft.</param>
    /// <param name="id">The deployment id.</param>
    /// <param name="description">A description.</param>
    /// <param name="createdDate">The creation time.</param>
    /// <param name="options">The API's options (the key source that authorizers share).</param>
    /// <returns>The deployment.</returns>
    /// <exception cref="HttpApiValidationException">The definition is not valid; every problem is listed.</exception>
    internal static Deployment Compile(HttpApiDefinition definition, string id, string? description, DateTimeOffset createdDate, HttpApiOptions options)
    {
        definition.EnsureValid();
        var builder = new RouteTableBuilder(definition.Routes.Count);
        var compiled = new CompiledRoute[definition.Routes.Count];
        var integrations = new Dictionary<string, IntegrationDefinition>(StringComparer.Ordinal);
        var authorizers = new Dictionary<string, IRouteAuthorizer>(StringComparer.Ordinal);
        foreach (var (authorizerId, authorizer) in definition.Authorizers)
        {
            authorizers.Add(authorizerId, new JwtAuthorizer(authorizerId, authorizer, options));
        }

        for (int i = 0; i < compiled.Length; i++)
        {
            var route = definition.Routes[i];
            var key = RouteKey.Parse(route.RouteKey);
            builder.Add(key);
            string integrationId = route.IntegrationId!;
            if (!integrations.TryGetValue(integrationId, out var integration))
            {
                // Parameter mappings are parsed once here and applied around the integration on every request.
                integration = ParameterMapping.Compile(definition.Integrations[integrationId]);
                integrations.Add(integrationId, integration);
            }

            var routeAuthorizer = route.AuthorizerId is null ? null : authorizers[route.AuthorizerId];
            compiled[i] = new CompiledRoute(key, route, integration, routeAuthorizer);
        }

        var cors = definition.Cors is null ? null : new CorsPolicy(definition.Cors);
        return new Deployment(id, description, createdDate, builder.Build(), compiled, cors);
    }
}
