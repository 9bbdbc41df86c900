using Routing.Apis;
using Routing.Routes;

namespace Routing.Deployments;

/// <summary>A route of a deployment with everything resolved: its key, definition and integration.</summary>
internal sealed record CompiledRoute(RouteKey Key, RouteDefinition Definition, IntegrationDefinition Integration);
