using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.Apis;

namespace Routing.AspNetCore;

/// <summary>
/// Serves requests through the API; a request the host's own endpoint routing already took goes on to <c>next</c>
/// untouched, and so do unmatched ones when passing through.
/// </summary>
internal sealed class HttpApiMiddleware(RequestDelegate next, HttpApiDispatcher dispatcher, bool passThroughUnmatched)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsHostEndpoint(context))
        {
            await next(context).ConfigureAwait(false);
        }
        else if (!RawTargetPrefix.TryGetApiTarget(context, string.Empty, out string rawTarget))
        {
            // Behind UsePathBase, a target that spells the base differently (encoded, other case) is not the API's.
            if (passThroughUnmatched)
            {
                await next(context).ConfigureAwait(false);
            }
            else
            {
                await HttpApiRequestHandler.NotFoundAsync(context, dispatcher).ConfigureAwait(false);
            }
        }
        else if (!await HttpApiRequestHandler.HandleAsync(context, dispatcher, rawTarget, passThroughUnmatched).ConfigureAwait(false))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether endpoint routing (which <c>WebApplication</c> runs before the middleware it is given) chose one of the
    /// host's route endpoints for the request: such a request is the host's, and the gateway's rules never judge it.
    /// Two choices do not count: a fallback (<c>MapFallback</c>, order <see cref="int.MaxValue"/>), which takes only
    /// what nothing else takes, the gateway included; and routing's 405 for a path the host maps with other methods
    /// (not a route endpoint), since the gateway may serve that method on that path.
    /// </summary>
    private static bool IsHostEndpoint(HttpContext context)
        => context.GetEndpoint() is RouteEndpoint { Order: not int.MaxValue };
}
