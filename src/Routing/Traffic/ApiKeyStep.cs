using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.Traffic;

/// <summary>
/// The step of a route that requires an API key, after its authorizer: the key (from <c>x-api-key</c> or the
/// authorizer's <c>usageIdentifierKey</c>) must be admitted by a usage plan for the stage, within the plan's throttle
/// and quota; otherwise API Gateway's 403, 429 <c>Too Many Requests</c> or 429 <c>Limit Exceeded</c>.
/// </summary>
internal sealed class ApiKeyStep(UsagePlanStore plans, ApiKeySource source, RouteKey route) : GatewayStep
{
    private const string Header = "x-api-key";

    /// <summary>The method as usage plans name it: the route's path, <c>/</c> and its method (<c>/pets/{id}/GET</c>).</summary>
    private readonly string _method = route.IsDefault ? route.Value : route.Path + "/" + route.Method;

    public override bool HasRequestPhase => true;

    public override ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        string? key = source == ApiKeySource.Header ? context.Request.GetHeader(Header) : context.Authorizer?.UsageIdentifierKey;
        var decision = plans.DecideAsync(context.Api.ApiId, context.Stage ?? string.Empty, _method, key, cancellationToken);
        return decision.IsCompletedSuccessfully ? new(Answer(context, decision.Result)) : AnswerAsync(context, decision);
    }

    private static async ValueTask<GatewayResponse?> AnswerAsync(GatewayContext context, ValueTask<UsagePlanDecision> decision)
        => Answer(context, await decision.ConfigureAwait(false));

    private static GatewayResponse? Answer(GatewayContext context, UsagePlanDecision decision) => decision switch
    {
        UsagePlanDecision.Allowed => null,
        UsagePlanDecision.Throttled => GatewayErrors.Answer(context, GatewayErrorKind.Throttled, "The API key's usage-plan throttle has no token left."),
        UsagePlanDecision.QuotaExceeded => GatewayErrors.Answer(context, GatewayErrorKind.QuotaExceeded, "The API key's usage-plan quota is used up for this window."),
        _ => GatewayErrors.Answer(context, GatewayErrorKind.Forbidden, "No enabled API key in a usage plan for this stage."),
    };
}
