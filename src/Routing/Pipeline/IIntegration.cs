using Routing.Http;

namespace Routing.Pipeline;

/// <summary>
/// Turns a matched request into a response: the extension point for integrations. Built in: Lambda-style
/// handlers (payload 2.0 and 1.0 events), HTTP proxy and mock responses.
/// </summary>
/// <remarks>
/// The gateway applies the integration's timeout through the cancellation token and answers API Gateway's errors
/// itself: an exception becomes 500 <c>{"message":"Internal Server Error"}</c>, an <see cref="IntegrationException"/>
/// the answer it names (502, 504, ...), and a timeout 503 <c>{"message":"Service Unavailable"}</c>.
/// </remarks>
public interface IIntegration
{
    /// <summary>Serves one request.</summary>
    /// <param name="request">The matched request.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away or the integration timeout passes; valid
    /// until the returned task completes (the gateway reuses its source for later requests).</param>
    /// <returns>The response; the host disposes it after sending.</returns>
    ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken);
}
