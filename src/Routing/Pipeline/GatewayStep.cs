using Routing.Http;


namespace Routing.Pipeline;

/// <summary>
/// One feature's part of a route's way through the gateway (CORS, an authorizer, a transform), compiled at deploy
/// time into the routes that need it. A step may act before the integration (and end the request with an answer),
/// after it (on every answer, the gateway's own included), or both.
/// </summary>
/// <remarks>A step is shared by every request of its route: per-request state goes in the <see cref="GatewayContext"/>.</remarks>
internal abstract class GatewayStep
{
    /// <summary>Whether <see cref="OnRequestAsync"/> does something; a route calls only the steps that do.</summary>
    public virtual bool HasRequestPhase => false;

    /// <summary>Whether <see cref="OnResponseAsync"/> does something; a route calls only the steps that do.</summary>
    public virtual bool HasResponsePhase => false;

    /// <summary>Runs before the integration.</summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns><see langword="null"/> to go on; otherwise the answer that ends the request (the integration does not run).</returns>
    public virtual ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken) => default;

    /// <summary>Runs on the answer, whoever made it (<see cref="GatewayContext.Error"/> tells whether the gateway did).</summary>
    /// <param name="context">The request.</param>
    /// <param name="response">The answer so far.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The answer to send on: the same one, changed, or another.</returns>
    public virtual ValueTask<GatewayResponse> OnResponseAsync(GatewayContext context, GatewayResponse response, CancellationToken cancellationToken) => new(response);
}
