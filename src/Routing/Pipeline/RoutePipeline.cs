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
    {
        if (_requestSteps.Length == 0 && _responseSteps.Length == 0)
        {
            return _integration.InvokeAsync(context, cancellationToken); // PERF: DispatchBenchmarks. A route without features adds no async layer.
        }

        // PERF: DispatchBenchmarks (GatewayTraffic). Steps that decide at once (a throttle, an API key, a cached authorizer)
        // run without an async layer; the first one that awaits hands the rest to RunStepsAsync.
        for (int i = 0; i < _requestSteps.Length; i++)
        {
            ValueTask<GatewayResponse?> pending;
            try
            {
                pending = _requestSteps[i].OnRequestAsync(context, cancellationToken);
            }
#pragma warning disable CA1031 // A step's failure is the gateway's answer, never an exception for the host.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return RespondAsync(context, Fail(context, e, cancellationToken), cancellationToken);
            }

            if (!pending.IsCompletedSuccessfully)
            {
                return RunStepsAsync(context, i, pending, cancellationToken);
            }

            if (pending.Result is { } answer)
            {
                return RespondAsync(context, answer, cancellationToken);
            }
        }

        var integration = _integration.InvokeAsync(context, cancellationToken);
        return _responseSteps.Length == 0 ? integration : RespondAsync(context, integration, cancellationToken);
    }

    private ValueTask<GatewayResponse> RespondAsync(GatewayContext context, GatewayResponse response, CancellationToken cancellationToken)
        => _responseSteps.Length == 0 ? new(response) : RespondAsync(context, new ValueTask<GatewayResponse>(response), cancellationToken);

    /// <summary>The response phases over an answer that may still be coming.</summary>
    private async ValueTask<GatewayResponse> RespondAsync(GatewayContext context, ValueTask<GatewayResponse> answer, CancellationToken cancellationToken)
    {
        var response = await answer.ConfigureAwait(false);
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

    /// <summary>The request phases from step <paramref name="index"/>, whose answer is <paramref name="pending"/>, then the integration and the response phases.</summary>
    private async ValueTask<GatewayResponse> RunStepsAsync(GatewayContext context, int index, ValueTask<GatewayResponse?> pending, CancellationToken cancellationToken)
    {
        GatewayResponse? response = null;
        try
        {
            response = await pending.ConfigureAwait(false);
            for (int i = index + 1; response is null && i < _requestSteps.Length; i++)
            {
                response = await _requestSteps[i].OnRequestAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A step's failure is the gateway's answer, never an exception for the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            response = Fail(context, e, cancellationToken);
        }

        return await RespondAsync(context, response is null ? _integration.InvokeAsync(context, cancellationToken) : new ValueTask<GatewayResponse>(response), cancellationToken).ConfigureAwait(false);
    }

    private static GatewayResponse Fail(GatewayContext context, Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested
            ? GatewayErrors.Answer(context, GatewayErrorKind.ClientClosedRequest, "The client closed the request.", exception)
            : GatewayErrors.Answer(context, GatewayErrorKind.IntegrationFailure, "A step of the route failed.", exception);
}
