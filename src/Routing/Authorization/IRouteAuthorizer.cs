using Routing.Pipeline;




namespace Routing.Authorization;

/// <summary>A compiled authorizer of a deployment, run for the routes that name it.</summary>
internal interface IRouteAuthorizer
{
    /// <summary>Decides a request. Never throws for client input; an issuer that cannot be reached is a 401.</summary>
    /// <param name="request">The matched request (headers, query string, route).</param>
    /// <param name="routeScopes">The route's authorization scopes; empty when it has none.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    ValueTask<AuthorizationResult> AuthorizeAsync(IntegrationRequest request, IReadOnlyList<string> routeScopes, CancellationToken cancellationToken);
}
