using Routing.Http;


namespace Routing.Pipeline;

/// <summary>
/// Calls a route's integration within its timeout and turns every way it can fail into API Gateway's answer:
/// an exception is 500, an <see cref="IntegrationException"/> is the answer it names, the timeout is 503 (at once, even
/// if the integration ignores its cancellation token), and a client that went away ends the call.
/// </summary>
internal sealed class IntegrationStep
{
    private readonly TimeProvider _time;

    /// <summary>Creates the step.</summary>
    /// <param name="integrationId">The integration's id, for diagnostics.</param>
    /// <param name="integration">The integration.</param>
    /// <param name="timeout">The integration timeout.</param>
    /// <param name="time">The clock whose timers measure the timeout.</param>
    public IntegrationStep(string integrationId, IIntegration integration, TimeSpan timeout, TimeProvider time)
    {
        IntegrationId = integrationId;
        Integration = integration;
        Timeout = timeout;
        _time = time;
    }

    /// <summary>The integration's id.</summary>
    public string IntegrationId { get; }

    /// <summary>The integration.</summary>
    public IIntegration Integration { get; }

    /// <summary>The integration timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The first header whose name is not a token or whose value is not printable ASCII (a line break would split the response).</summary>
    private static string? FindUnsendableHeader(GatewayResponse response)
    {
        var headers = response.Headers;
        for (int i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (!HttpSyntax.IsToken(name) || !HttpSyntax.IsFieldValue(value) || !System.Text.Ascii.IsValid(value))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Calls the integration with the context's <see cref="GatewayContext.IntegrationRequest"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The integration's answer, or the gateway's.</returns>
    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var request = context.IntegrationRequest!;
        long started = context.GetTimestamp();

        // PERF: DispatchBenchmarks. One source per request; the host's token joins it only when it can cancel, and the
        // timer is armed only when the integration goes asynchronous (work that completes synchronously cannot be
        // cancelled anyway), so an in-process handler that answers at once creates no timer.
        using var timeout = new CancellationTokenSource();
        using var clientGone = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(Deadline.CancelOnToken, timeout) : default;
        ITimer? timer = null;
        try
        {
            var pending = Integration.InvokeAsync(request, timeout.Token);
            GatewayResponse response;
            if (pending.IsCompleted)
            {
                response = await pending.ConfigureAwait(false);
            }
            else
            {
                timer = Deadline.Arm(_time, timeout, Timeout);
                response = await WaitAsync(pending.AsTask(), timeout.Token).ConfigureAwait(false);
            }

            if (FindUnsendableHeader(response) is { } bad)
            {
                await response.DisposeAsync().ConfigureAwait(false);
                return GatewayErrors.Answer(context, GatewayErrorKind.IntegrationFailure, $"The integration answered a header that cannot be sent: '{bad}' (names must be tokens, values printable ASCII).");
            }

            context.IntegrationStatusCode = response.StatusCode;
            return response;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: nobody reads this answer, but the host gets a response, not an exception.
            return GatewayErrors.Answer(context, GatewayErrorKind.ClientClosedRequest, "The client closed the request before the integration answered.", e);
        }
        catch (IntegrationException e)
        {
            return GatewayErrors.Answer(context, e.Kind, e.Message, e.InnerException);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            return GatewayErrors.Answer(context, Integration.TimeoutError, $"The integration did not answer within {Timeout.TotalMilliseconds:0} ms.", e);
        }
#pragma warning disable CA1031 // An integration's failure is API Gateway's 500, never an exception for the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return GatewayErrors.Answer(context, GatewayErrorKind.IntegrationFailure, "The integration threw an exception.", e);
        }
        finally
        {
            timer?.Dispose();
            context.IntegrationLatency = context.ElapsedSince(started);
        }
    }

    /// <summary>
    /// Waits for an integration that went asynchronous, but no longer than its token: one that ignores the token still
    /// gets API Gateway's answer at the timeout. Its late answer is released when it comes; a late fault is observed.
    /// </summary>
    private static async Task<GatewayResponse> WaitAsync(Task<GatewayResponse> running, CancellationToken cancellationToken)
    {
        try
        {
            return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!running.IsCompleted)
        {
            _ = running.ContinueWith(
                static task =>
                {
                    if (task.IsCompletedSuccessfully)
                    {
                        _ = task.Result.DisposeAsync().AsTask();
                    }
                    else
                    {
                        _ = task.Exception;
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
    }
}
