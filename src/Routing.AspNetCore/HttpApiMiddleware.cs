using Microsoft.AspNetCore.Http;
using Routing.Apis;

namespace Routing.AspNetCore;

/// <summary>
/// Serves every request through the API first; when passing through, a request that no stage or route takes (or whose
/// target the gateway cannot read as its own) goes on to <c>next</c> unjudged. Without passing through, the gateway
/// answers everything, so it can be the only way in.
/// </summary>
internal sealed class HttpApiMiddleware(RequestDelegate next, HttpApiDispatcher dispatcher, bool passThroughUnmatched)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!RawTargetPrefix.TryGetApiTarget(context, string.Empty, out string rawTarget))
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

}
