using Routing.Http;
using Routing.Pipeline;


namespace Routing.Authorization;

/// <summary>
/// Runs a route's authorizer before its integration: an allowed request goes on with the authorizer's context; any
/// other decision ends the request with API Gateway's answer (nothing of the credentials is echoed back).
/// </summary>
/// <param name="authorizer">The compiled authorizer.</param>
/// <param name="scopes">The route's authorization scopes.</param>
internal sealed class AuthorizationStep(IAuthorizer authorizer, IReadOnlyList<string> scopes) : GatewayStep
{
    /// <summary>The authorizer.</summary>
    public IAuthorizer Authorizer => authorizer;

    /// <inheritdoc />
    public override bool HasRequestPhase => true;

    /// <inheritdoc />
    public override async ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        long started = context.GetTimestamp();
        AuthorizationResult result;
        try
        {
            result = await authorizer.AuthorizeAsync(new AuthorizationRequest(context, scopes), cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An authorizer that throws has failed: API Gateway's 500, never an exception for the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            result = AuthorizationResult.Failed("The authorizer threw an exception.", e);
        }

        context.AuthorizerLatency = context.ElapsedSince(started);
        if (!result.IsAllowed && cancellationToken.IsCancellationRequested)
        {
            // The client went away while the authorizer decided: not the authorizer's failure.
            return GatewayErrors.Answer(context, GatewayErrorKind.ClientClosedRequest, "The client closed the request while the authorizer decided.", result.Exception);
        }

        context.AuthorizerCacheHit = result.FromCache;
        switch (result.Outcome)
        {
            case AuthorizationOutcome.Allowed:
                context.Authorizer = result.Context;
                context.IntegrationRequest!.Authorizer = result.Context;
                return null;
            case AuthorizationOutcome.Unauthorized:
                var unauthorized = GatewayErrors.Answer(context, GatewayErrorKind.Unauthorized, result.Reason ?? result.WwwAuthenticate, result.Exception);
                if (result.WwwAuthenticate is not null)
                {
                    unauthorized.SetHeader("www-authenticate", result.WwwAuthenticate);
                }

                return unauthorized;
            case AuthorizationOutcome.Forbidden:
                return GatewayErrors.Answer(context, GatewayErrorKind.Forbidden, result.Reason, result.Exception);
            default:
                return GatewayErrors.Answer(context, GatewayErrorKind.AuthorizerFailure, result.Reason ?? "The authorizer failed.", result.Exception);
        }
    }
}
