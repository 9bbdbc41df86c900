using Microsoft.AspNetCore.Http;
using Routing.Apis;
using Routing.Http;

namespace Routing.AspNetCore;

/// <summary>Serves one HttpContext through a dispatcher: build the request, dispatch, write, dispose.</summary>
internal static class HttpApiRequestHandler
{
    /// <summary>Dispatches the request; returns <see langword="false"/> (nothing written) when passing through and no
    /// stage or route took it.</summary>
    public static async Task<bool> HandleAsync(HttpContext context, HttpApiDispatcher dispatcher, string rawTarget, bool passThroughUnmatched)
    {
        var request = context.ToGatewayRequest(rawTarget);
        var cancellationToken = context.RequestAborted;
        var response = passThroughUnmatched
            ? await dispatcher.TryDispatchAsync(request, cancellationToken).ConfigureAwait(false)
            : await dispatcher.DispatchAsync(request, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return false;
        }

        await WriteAsync(context, response, rawTarget).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes a response and disposes it; a client that went away ends the write quietly.</summary>
    public static async Task WriteAsync(HttpContext context, GatewayResponse response, string rawTarget)
    {
        await using (response.ConfigureAwait(false))
        {
            context.Features.Set<IHttpApiFeature>(
                new HttpApiFeature(response.GetHeader(HttpApiDispatcher.RequestIdHeader) ?? string.Empty, rawTarget, response.StatusCode));
            try
            {
                await context.WriteGatewayResponseAsync(response).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client is gone; nobody reads the rest of the body.
            }
        }
    }

    /// <summary>API Gateway's 404 for a request that reached the host's endpoint but is not the API's.</summary>
    public static GatewayResponse NotFound()
    {
        var response = GatewayResponse.Error(404, "Not Found");
        response.SetHeader(HttpApiDispatcher.RequestIdHeader, RequestIds.Next());
        return response;
    }
}
