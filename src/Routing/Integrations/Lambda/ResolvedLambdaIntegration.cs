using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;


namespace Routing.Integrations.Lambda;

/// <summary>
/// An <c>AWS_PROXY</c> integration described as data, whose function ARN names its function through a stage variable
/// (<c>function:${stageVariables.fn}</c>): the function is resolved on each request. A stage without the variable, or
/// a name no function is registered under, is 500 (<see cref="GatewayErrorKind.ConfigurationError"/>).
/// </summary>
/// <param name="function">The function reference.</param>
/// <param name="payloadFormatVersion">The event format.</param>
internal sealed class ResolvedLambdaIntegration(LambdaFunctionReference function, PayloadFormatVersion payloadFormatVersion) : IIntegration, IIntegrationRequirements
{
    /// <inheritdoc />
    public IReadOnlyList<string> PathParameters => [];

    /// <inheritdoc />
    public IReadOnlyList<string> StageVariables => function.StageVariable is { } name ? [name] : [];

    /// <inheritdoc />
    public string Where => "its function ARN";

    /// <inheritdoc />
    public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        var resolved = function.Resolve(request, out string? missing)
            ?? throw new IntegrationException(GatewayErrorKind.ConfigurationError, $"The integration's function cannot be resolved: {missing}");
        return LambdaIntegration.InvokeAsync(resolved, payloadFormatVersion, request, cancellationToken);
    }
}
