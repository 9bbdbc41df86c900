using Routing.Pipeline;


namespace Routing.Authorization;

/// <summary>What an <see cref="IAuthorizer"/> decides on: the request as routed, its route's scopes, and its context.</summary>
public readonly struct AuthorizationRequest
{
    /// <summary>Creates the request to decide.</summary>
    /// <param name="context">The request's context; its <see cref="GatewayContext.IntegrationRequest"/> is set.</param>
    /// <param name="scopes">The route's authorization scopes; empty when it has none.</param>
    public AuthorizationRequest(GatewayContext context, IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scopes);
        Context = context;
        Scopes = scopes;
    }

    /// <summary>The request's context: stage, route, request id, timings.</summary>
    public GatewayContext Context { get; }

    /// <summary>The request as routed: headers, query string, path parameters, stage variables.</summary>
    public IntegrationRequest Request => Context.IntegrationRequest
        ?? throw new InvalidOperationException("The request has not been routed yet.");

    /// <summary>The route's authorization scopes (JWT routes); empty when it has none.</summary>
    public IReadOnlyList<string> Scopes { get; }
}
