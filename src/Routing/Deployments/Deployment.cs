using Routing.Apis;
using Routing.Integrations;
using Routing.Matching;
using Routing.Routes;

namespace Routing.Deployments;

/// <summary>
/// An immutable, validated snapshot of an API: the compiled route table and what serves each route. Stages point at
/// deployments; a request uses one deployment from start to end.
/// </summary>
public sealed class Deployment
{
    private Deployment(string id, string? description, DateTimeOffset createdDate, RouteTable routes, CompiledRoute[] compiled)
    {
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

    /// <summary>Validates a definition and compiles it.</summary>
    /// <param name="definition">The draft.</param>
    /// <param name="id">The deployment id.</param>
    /// <param name="description">A description.</param>
    /// <param name="createdDate">The creation time.</param>
    /// <returns>The deployment.</returns>
    /// <exception cref="HttpApiValidationException">The definition is not valid; every problem is listed.</exception>
    internal static Deployment Compile(HttpApiDefinition definition, string id, string? description, DateTimeOffset createdDate)
    {
        definition.EnsureValid();
        var builder = new RouteTableBuilder();
        var compiled = new CompiledRoute[definition.Routes.Count];
        var integrations = new Dictionary<string, IntegrationDefinition>(StringComparer.Ordinal);
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

            compiled[i] = new CompiledRoute(key, route, integration);
        }

        return new Deployment(id, description, createdDate, builder.Build(), compiled);
    }
}
