using Routing.Matching;
using Routing.Pipeline;


namespace Routing.Deployments;

/// <summary>
/// An immutable, validated snapshot of an API: the compiled route table and, for each route, the steps that serve it.
/// Stages point at deployments; a request uses one deployment from start to end.
/// </summary>
public sealed class Deployment
{
    internal Deployment(string id, string? description, DateTimeOffset createdDate, RouteTable routes, CompiledRoute[] compiledRoutes, GatewayStep? unmatched)
    {
        Id = id;
        Description = description;
        CreatedDate = createdDate;
        Routes = routes;
        CompiledRoutes = compiledRoutes;
        Unmatched = unmatched;
    }

    /// <summary>The deployment id.</summary>
    public string Id { get; }

    /// <summary>The description given when deploying.</summary>
    public string? Description { get; }

    /// <summary>When the deployment was created (from the API's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset CreatedDate { get; }

    /// <summary>The compiled route table.</summary>
    public RouteTable Routes { get; }

    /// <summary>What serves each route of <see cref="Routes"/>, by route index.</summary>
    internal CompiledRoute[] CompiledRoutes { get; }

    /// <summary>What may still answer a request that no route takes (a CORS preflight); <see langword="null"/> when nothing does.</summary>
    internal GatewayStep? Unmatched { get; }
}
