using Routing.Http;


namespace Routing.Pipeline;

/// <summary>
/// Turns a matched request into a response: the extension point for integrations. Built in: Lambda-style
/// handlers (payload 2.0 and 1.0 events), HTTP proxy and mock responses.
/// </summary>
/// <remarks>
/// The gateway applies the integration's timeout through the cancellation token and answers API Gateway's errors
/// itself: an exception becomes 500 <c>{"message":"Internal Server Error"}</c>, an <see cref="IntegrationException"/>
/// the answer it names (502, 504, ...), and a timeout 503 <c>{"message":"Service Unavailable"}</c> at once.
/// </remarks>
public interface IIntegration
{
    /// <summary>Serves one request.</summary>
    /// <param name="request">The matched request.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away or the integration timeout passes. An
    /// integration that ignores it still gets API Gateway's answer at the timeout; its late answer is disposed.</param>
    /// <returns>The response; the host disposes it after sending.</returns>
    ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// What kind of backend the integration calls. It decides how the gateway prepares the request: before an
    /// <see cref="IntegrationType.HttpProxy"/>, the client's headers are filtered for forwarding and then mapped, so that
    /// a client cannot remove what a mapping set. A decorator returns its inner integration's type.
    /// </summary>
    /// <value>The default value is <see cref="IntegrationType.AwsProxy"/>: an in-process handler.</value>
    IntegrationType IntegrationType => IntegrationType.AwsProxy;

    /// <summary>The answer the client gets when the integration has not answered by its timeout.</summary>
    /// <value>The default value is <see cref="GatewayErrorKind.IntegrationTimeout"/> (503, API Gateway's answer for Lambda).</value>
    GatewayErrorKind TimeoutError => GatewayErrorKind.IntegrationTimeout;
}
