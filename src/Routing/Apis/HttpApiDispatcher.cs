using System.Buffers;
using Routing.Authorization;
using Routing.Cors;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.Apis;

/// <summary>
/// Serves requests for one <see cref="HttpApi"/>, host-agnostic: request-target, stage, route, integration, and
/// API Gateway's answers (404 <c>{"message":"Not Found"}</c>, 500, 503, ...). Never throws for a client's input.
/// Every response carries an <c>apigw-requestid</c> header.
/// </summary>
public sealed class HttpApiDispatcher
{
    /// <summary>The response header that carries the request id.</summary>
    public const string RequestIdHeader = "apigw-requestid";

    private const int StackPathLimit = 512;

    /// <summary>Creates a dispatcher for an API.</summary>
    /// <param name="api">The API.</param>
    public HttpApiDispatcher(HttpApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        Api = api;
    }

    /// <summary>The API served.</summary>
    public HttpApi Api { get; }

    /// <summary>Serves a request; a request that no stage or route takes gets 404 <c>{"message":"Not Found"}</c>.</summary>
    /// <param name="request">The request as the host received it.</param>
    /// <param name="cancellationToken">The host's cancellation (client gone).</param>
    /// <returns>The response; dispose it after sending.</returns>
    public async ValueTask<GatewayResponse> DispatchAsync(GatewayRequest request, CancellationToken cancellationToken = default)
        => await TryDispatchAsync(request, cancellationToken).ConfigureAwait(false) ?? NotFound(RequestIds.Next());

    /// <summary>
    /// Serves a request when a stage and a route take it; returns <see langword="null"/> when none does, so a host can
    /// pass the request on to its own endpoints.
    /// </summary>
    /// <param name="request">The request as the host received it.</param>
    /// <param name="cancellationToken">The host's cancellation (client gone).</param>
    /// <returns>The response, or <see langword="null"/> when no stage or route matched.</returns>
    public async ValueTask<GatewayResponse?> TryDispatchAsync(GatewayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string requestId = RequestIds.Next();
        var outcome = Prepare(request, requestId);
        if (outcome.Response is not null || outcome.Route is null)
        {
            return outcome.Response;
        }

        var route = outcome.Route;
        var integrationRequest = outcome.Request!;
        GatewayResponse response;
        var decision = route.Authorizer is null
            ? default(AuthorizationResult?)
            : await route.Authorizer.AuthorizeAsync(integrationRequest, route.Definition.AuthorizationScopes, cancellationToken).ConfigureAwait(false);
        if (decision is { IsAllowed: false } denied)
        {
            // No integration runs on a rejection, and nothing of the token is echoed back.
            response = denied.StatusCode == 403 ? GatewayResponse.Error(403, "Forbidden") : GatewayResponse.Error(401, "Unauthorized");
            if (denied.WwwAuthenticate is not null)
            {
                response.SetHeader("www-authenticate", denied.WwwAuthenticate);
            }
        }
        else
        {
            integrationRequest.Authorizer = decision?.Context;
            response = await InvokeAsync(route.Integration, integrationRequest, cancellationToken).ConfigureAwait(false);
        }

        outcome.Deployment!.Cors?.Apply(request, response);
        response.SetHeader(RequestIdHeader, requestId);
        return response;
    }

    private Prepared Prepare(GatewayRequest request, string requestId)
    {
        var snapshot = Api.Snapshot;
        char[]? rented = null;
        int needed = Math.Min(request.RawTarget.Length, RequestTarget.MaxPathLength) + 1;
        // PERF: DispatchBenchmarks. Only as many stack characters as the path needs: stackalloc clears what it takes.
        Span<char> buffer = needed <= StackPathLimit ? stackalloc char[needed] : (rented = ArrayPool<char>.Shared.Rent(needed));
        try
        {
            var target = RequestTarget.Parse(request.Method, request.RawTarget, buffer);
            switch (target.Status)
            {
                case RequestTargetStatus.Ok:
                    break;
                case RequestTargetStatus.NotFound:
                    return new Prepared(NotFound(requestId));
                case RequestTargetStatus.UriTooLong:
                    return new Prepared(Error(414, "URI Too Long", requestId));
                default:
                    return new Prepared(Error(400, "Bad Request", requestId));
            }

            if (!snapshot.Selector.TrySelect(target.Path, out var stageMatch))
            {
                return default;
            }

            var stage = snapshot.Stages[stageMatch.StageIndex];
            var deployment = stage.Deployment;
            if (deployment is null)
            {
                return default;
            }

            if (!deployment.Routes.TryMatch(request.Method, stageMatch.RoutingPath, out var match))
            {
                // With CORS configured, API Gateway answers a preflight that no route takes.
                if (deployment.Cors is { } cors && CorsPolicy.IsPreflight(request))
                {
                    var preflight = cors.AnswerPreflight(request);
                    preflight.SetHeader(RequestIdHeader, requestId);
                    return new Prepared(preflight);
                }

                return default;
            }

            var route = deployment.CompiledRoutes[match.RouteIndex];

            // PERF: DispatchBenchmarks. Without escapes, and on the $default stage, the three paths are one string.
            string path = target.Path.ToString();
            var integrationRequest = new IntegrationRequest
            {
                Method = request.Method,
                Path = path,
                EncodedPath = target.RawPath.SequenceEqual(path) ? path : target.RawPath.ToString(),
                RoutingPath = stageMatch.RoutingPath.SequenceEqual(path) ? path : stageMatch.RoutingPath.ToString(),
                RawQueryString = target.Query.ToString(),
                Headers = request.Headers,
                Body = request.Body,
                RouteKey = route.Key,
                PathParameters = match.CreateParameterDictionary(),
                Stage = stage.Name,
                StageVariables = stage.StageVariables,
                RequestId = requestId,
                RequestTime = Api.Options.TimeProvider.GetUtcNow(),
                SourceIp = request.SourceIp,
                Protocol = request.Protocol,
                Scheme = request.Scheme,
                Port = request.Port,
                Api = Api.Options.Identity,
            };
            return new Prepared(route, integrationRequest, deployment);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private async ValueTask<GatewayResponse> InvokeAsync(IntegrationDefinition integration, IntegrationRequest request, CancellationToken cancellationToken)
    {
        // PERF: DispatchBenchmarks. One source per request; the host's token joins it only when it can cancel, and
        // the timer is armed only when the integration goes asynchronous (work that completes synchronously cannot
        // be cancelled anyway), so an in-process handler that answers at once creates no timer.
        using var timeout = new CancellationTokenSource();
        using var clientGone = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout)
            : default;
        ITimer? timer = null;
        try
        {
            var pending = integration.Integration.InvokeAsync(request, timeout.Token);
            if (!pending.IsCompleted)
            {
                timer = Api.Options.TimeProvider.CreateTimer(
                    static source => ((CancellationTokenSource)source!).Cancel(), timeout, integration.Timeout, Timeout.InfiniteTimeSpan);
            }

            return await pending.ConfigureAwait(false);
        }
        catch (IntegrationTimeoutException e)
        {
            return Error(e.StatusCode, e.StatusCode == 504 ? "Gateway Timeout" : "Service Unavailable", request.RequestId);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Error(503, "Service Unavailable", request.RequestId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: nobody reads this answer, but the host gets a response, not an exception.
            return Error(503, "Service Unavailable", request.RequestId);
        }
#pragma warning disable CA1031 // An integration's failure is API Gateway's 500, never an exception for the host.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Error(500, "Internal Server Error", request.RequestId);
        }
        finally
        {
            timer?.Dispose();
        }
    }

    private static GatewayResponse NotFound(string requestId) => Error(404, "Not Found", requestId);

    private static GatewayResponse Error(int status, string message, string requestId)
    {
        var response = GatewayResponse.Error(status, message);
        response.SetHeader(RequestIdHeader, requestId);
        return response;
    }


    private readonly record struct Prepared(GatewayResponse? Response, CompiledRoute? Route = null, IntegrationRequest? Request = null, Deployment? Deployment = null)
    {
        public Prepared(CompiledRoute route, IntegrationRequest request, Deployment deployment)
            : this(null, route, request, deployment)
        {
        }
    }
}
