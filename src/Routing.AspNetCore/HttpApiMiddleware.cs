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
    /// host's endpoints for the request, a 405 for one of its paths included: such a request is the host's, and the
    /// gateway's rules never judge it. A fallback endpoint (<c>MapFallback</c>, order <see cref="int.MaxValue"/>) does
    /// not count: it takes only what nothing else takes, the gateway included.
    /// </summary>
    private static bool IsHostEndpoint(HttpContext context)
        => context.GetEndpoint() is { } endpoint && endpoint is not RouteEndpoint { Order: int.MaxValue };
}
