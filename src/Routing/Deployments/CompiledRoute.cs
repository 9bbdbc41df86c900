using Routing.Authorization;
using Routing.Definitions;
using Routing.Routes;




namespace Routing.Deployments;

/// <summary>A route of a deployment with everything resolved: its key, definition, integration and authorizer.</summary>
internal sealed record CompiledRoute(RouteKey Key, RouteDefinition Definition, IntegrationDefinition Integration, IRouteAuthorizer? Authorizer);
