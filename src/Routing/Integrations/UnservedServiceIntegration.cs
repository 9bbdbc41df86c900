using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations;

/// <summary>
/// An AWS service integration (<c>SQS-SendMessage</c> ...) whose action no registered function serves: the gateway
/// cannot call AWS itself, so its routes answer API Gateway's 500 <c>Internal Server Error</c>, and the deployment
/// carries a warning naming the action (see <c>HttpApi.GetWarnings</c>).
/// </summary>
internal sealed class UnservedServiceIntegration(string integrationId, string subtype) : IIntegration
{
    /// <summary>The warning the deployment carries.</summary>
    public string Warning =>
        $"Integration '{integrationId}' calls the AWS service action {subtype}, which no registered function serves; its routes answer 500 Internal Server Error until one is registered under the name '{subtype}'.";

    /// <inheritdoc />
    public IntegrationType IntegrationType => IntegrationType.AwsProxy;

    /// <inheritdoc />
    public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) =>
        throw new IntegrationException(GatewayErrorKind.ConfigurationError, Warning);
}
