using Routing.Http;
using Routing.Pipeline;


namespace Routing.Cors;

/// <summary>
/// Puts the configured CORS headers on every answer of a route, the gateway's own 401/403/5xx included: the
/// integration's <c>Access-Control-*</c> headers are replaced, and <c>Vary</c> is added.
/// </summary>
/// <param name="policy">The API's compiled CORS policy.</param>
internal sealed class CorsHeadersStep(CorsPolicy policy) : GatewayStep
{
    /// <inheritdoc />
    public override bool HasResponsePhase => true;

    /// <inheritdoc />
    public override ValueTask<GatewayResponse> OnResponseAsync(GatewayContext context, GatewayResponse response, CancellationToken cancellationToken)
    {
        policy.Apply(context.Request, response);
        return new(response);
    }
}
