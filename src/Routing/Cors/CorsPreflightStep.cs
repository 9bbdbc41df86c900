using Routing.Http;
using Routing.Pipeline;


namespace Routing.Cors;

/// <summary>
/// API Gateway's answer to a CORS preflight that no route takes (no <c>OPTIONS</c>, <c>ANY</c> or <c>$default</c>
/// route matched): 204, with the preflight headers when the preflight is granted. Other unmatched requests go on (404).
/// </summary>
/// <param name="policy">The API's compiled CORS policy.</param>
internal sealed class CorsPreflightStep(CorsPolicy policy) : GatewayStep
{
    /// <inheritdoc />
    public override bool HasRequestPhase => true;

    /// <inheritdoc />
    public override ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken)
        => new(CorsPolicy.IsPreflight(context.Request) ? policy.AnswerPreflight(context.Request) : null);
}
