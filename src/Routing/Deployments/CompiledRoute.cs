using Routing.Pipeline;
using Routing.Routes;


namespace Routing.Deployments;

/// <summary>A route of a deployment with everything resolved: its key and the steps that serve it.</summary>
/// <param name="Key">The route key.</param>
/// <param name="Pipeline">The route's steps and integration.</param>
internal sealed record CompiledRoute(RouteKey Key, RoutePipeline Pipeline);
