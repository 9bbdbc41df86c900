using Routing.Http;


namespace Routing.Pipeline;

/// <summary>
/// The steps one route runs, compiled at deploy time: the request phases in order, the integration, then the
/// response phases in order. A route without a feature has no step for it.
/// </summary>
internal sealed class RoutePipeline
{
    private readonly GatewayStep[] _requestSteps;
    private readonly GatewayStep[] _responseSteps;
    private readonly IntegrationStep _integration;

    /// <summary>Creates a route's pipeline.</summary>
    /// <param name="steps">The steps in the order of the request's path (see <c>DESIGN.md</c>).</param>
    /// <param name="integration">What answers when no step did.</param>
    public RoutePipeline(IEnumerable<GatewayStep> steps, IntegrationStep integration)
    {
        var all = steps.ToArray();
        _requestSteps = [.. all.Where(static s => s.HasRequestPhase)];
        _responseSteps = [.. all.Where(static s => s.HasResponsePhase)];
        _integration = integration;
    }

    /// <summary>The step that calls the integration.</summary>
    public IntegrationStep Integration => _integration;

    /// <summary>Every step, request phases first, for tests and diagnostics.</summary>
    public IReadOnlyList<GatewayStep> Steps => [.. _requestSteps, .. _responseSteps.Except(_requestSteps)];

    /// <summary>Runs the route's steps and the integration.</summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The answer.</returns>
    /// <remarks>Never throws: a step that fails (a body that cannot be read, a client gone) ends the request with API Gateway's answer.</remarks>
    public ValueTask<GatewayResponse> RunAsync(GatewayContext context, CancellationToken cancellationToken)
        => _requestSteps.Length == 0 && _responseSteps.Length == 0
            ? _integration.InvokeAsync(context, cancellationToken) // PERF: DispatchBenchmarks. A route without features adds no async layer.
            : RunStepsAsync(context, cancellationToken);

    private async ValueTask<GatewayResponse> RunStepsAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        GatewayResponse? response = null;
        try
        {
            foreach (var step in _requestSteps)
            {
                response = await step.OnRequestAsync(context, cancellationToken).ConfigureAwait(false);
                if (response is not null)
                {
                    break;
                }
            }
        }
#pragma warning disable CA1031 // A step's failure is the gateway's answer, never an exception for the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            response = Fail(context, e, cancellationToken);
        }

        response ??= await _integration.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
        foreach (var step in _responseSteps)
        {
            try
            {
                response = await step.OnResponseAsync(context, response, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // As above; the answer so far is released.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await response.DisposeAsync().ConfigureAwait(false);
                response = Fail(context, e, cancellationToken);
            }
        }

        return response;
    }

    private static GatewayResponse Fail(GatewayContext context, Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested
            ? GatewayErrors.Answer(context, GatewayErrorKind.ClientClosedRequest, "The client closed the request.", exception)
            : GatewayErrors.Answer(context, GatewayErrorKind.IntegrationFailure, "A step of the route failed.", exception);
}
