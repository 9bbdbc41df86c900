using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations;

/// <summary>
/// What serves a route that nothing can serve here but that API Gateway deploys all the same: a route without an
/// integration, or an AWS service integration (<c>SQS-SendMessage</c> ...) whose action no registered function serves
/// (the gateway never calls AWS itself). Its routes answer API Gateway's 500 <c>Internal Server Error</c>, and the
/// deployment carries <see cref="Warning"/> (see <c>HttpApi.GetWarnings</c>).
/// </summary>
/// <param name="warning">What is missing and what the routes answer until it is there.</param>
internal sealed class UnservedIntegration(string warning) : IIntegration
{
    /// <summary>The warning the deployment carries.</summary>
    public string Warning => warning;

    /// <inheritdoc />
    public IntegrationType IntegrationType => IntegrationType.AwsProxy;

    /// <inheritdoc />
    public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) =>
        throw new IntegrationException(GatewayErrorKind.ConfigurationError, warning);
}
