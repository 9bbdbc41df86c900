using Microsoft.AspNetCore.Http;
using Routing.Apis;
using Routing.Pipeline;

namespace Routing.AspNetCore;

/// <summary>Serves one HttpContext through a dispatcher: build the request, serve it, set the feature, write, dispose.</summary>
internal static class HttpApiRequestHandler
{
    /// <summary>Serves the request; returns <see langword="false"/> (nothing written) when passing through and no
    /// stage or route took it.</summary>
    public static async Task<bool> HandleAsync(HttpContext context, HttpApiDispatcher dispatcher, string rawTarget, bool passThroughUnmatched)
    {
        var request = context.ToGatewayRequest(rawTarget);
        var served = await dispatcher.ServeAsync(request, passThroughUnmatched, context.RequestAborted).ConfigureAwait(false);
        if (served.Response is null)
        {
            return false;
        }

        await WriteAsync(context, served).ConfigureAwait(false);
        await WaitForPendingIntegrationAsync(context).ConfigureAwait(false);
        return true;
    }

    /// <summary>Serves the request through the domain host; returns <see langword="false"/> (nothing written) when its host name is none of the gateway's.</summary>
    public static async Task<bool> HandleAsync(HttpContext context, Routing.Domains.ApiGatewayHost host)
    {
        var served = await host.ServeAsync(context.ToGatewayRequest(context.GetRawTarget()), context.RequestAborted).ConfigureAwait(false);
        if (served?.Response is null)
        {
            return false;
        }

        await WriteAsync(context, served).ConfigureAwait(false);
        await WaitForPendingIntegrationAsync(context).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// When the gateway answered while a per-request integration still runs (a timeout), finishes the response for the
    /// client and keeps the request, whose services and <c>HttpContext</c> the integration uses, until it ends.
    /// </summary>
    private static async Task WaitForPendingIntegrationAsync(HttpContext context)
    {
        if (context.Features.Get<PendingIntegration>() is not { Running: { IsCompleted: false } running })
        {
            return;
        }

        try
        {
            await context.Response.CompleteAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The integration's failure was the gateway's to answer (it did); here it only ends.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>API Gateway's 404 for a request that reached the host's endpoint but is not the API's.</summary>
    public static Task NotFoundAsync(HttpContext context, HttpApiDispatcher dispatcher)
    {
        string rawTarget = context.GetRawTarget();
        var served = dispatcher.Refuse(context.ToGatewayRequest(rawTarget), GatewayErrorKind.NotFound, "The request-target is outside the API's path prefix.");
        return WriteAsync(context, served);
    }

    /// <summary>Writes a response and disposes it; a client that went away ends the write quietly.</summary>
    private static async Task WriteAsync(HttpContext context, GatewayContext served)
    {
        var response = served.Response!;
        await using (response.ConfigureAwait(false))
        {
            // Set before the write, so that OnStarting callbacks (a header from the feature) can read it.
            context.Features.Set<IHttpApiFeature>(new HttpApiFeature(served));
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
}
