using System.Buffers;
using Routing.Deployments;
using Routing.Diagnostics;
using Routing.Http;
using Routing.Pipeline;
using Routing.Traffic;

namespace Routing.Apis;

/// <summary>
/// Serves requests for one <see cref="HttpApi"/>, host-agnostic. It only composes: it creates the request's
/// <see cref="GatewayContext"/>, reads the request-target, selects the stage and reads its deployment once, matches the
/// route, and runs the route's steps (compiled at deploy time). Never throws for a client's input: every refusal is
/// API Gateway's answer (404 <c>{"message":"Not Found"}</c>, 400, 401, 403, 500, 502, 503, 504). Every response carries
/// an <c>apigw-requestid</c> header.
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
        => (await ServeAsync(request, passThroughUnmatched: false, cancellationToken).ConfigureAwait(false)).Response!;

    /// <summary>
    /// Serves a request when a stage and a route take it; returns <see langword="null"/> when none does, or when the
    /// gateway cannot read the request-target as one of its own (malformed, ambiguous or too long: then its own 400,
    /// 404 or 414 is not sent), so a host can pass the request on to its own endpoints.
    /// </summary>
    /// <param name="request">The request as the host received it.</param>
    /// <param name="cancellationToken">The host's cancellation (client gone).</param>
    /// <returns>The response, or <see langword="null"/> when no stage or route matched or the target is not the gateway's to read.</returns>
    public async ValueTask<GatewayResponse?> TryDispatchAsync(GatewayRequest request, CancellationToken cancellationToken = default)
        => (await ServeAsync(request, passThroughUnmatched: true, cancellationToken).ConfigureAwait(false)).Response;

    /// <summary>
    /// Serves a request and returns its context: the response (<see cref="GatewayContext.Response"/>), and what the
    /// gateway did (stage, route, request id, timings, error) for the host's logs and features.
    /// </summary>
    /// <param name="request">The request as the host received it.</param>
    /// <param name="passThroughUnmatched">Whether a request that no stage or route takes is left to the host
    /// (<see cref="GatewayContext.Response"/> is <see langword="null"/>) instead of answered with 404. A request the
    /// gateway cannot read as one of its own (a malformed or ambiguous target, a method it never routes, a path too
    /// long) is left to the host too: the gateway's rules judge only the requests it serves.</param>
    /// <param name="cancellationToken">The host's cancellation (client gone).</param>
    /// <returns>The request's context.</returns>
    public ValueTask<GatewayContext> ServeAsync(GatewayRequest request, bool passThroughUnmatched = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ServeAsync(request, passThroughUnmatched, Api.Options.Identity, mapping: null, cancellationToken);
    }

    /// <summary>
    /// Serves a request that a custom domain's API mapping gave this API: the mapping names the stage (no stage segment
    /// is read from the path) and its key is removed from the path before routing.
    /// </summary>
    internal ValueTask<GatewayContext> ServeMappedAsync(GatewayRequest request, ApiIdentity identity, MappedPath mapping, CancellationToken cancellationToken)
        => ServeAsync(request, passThroughUnmatched: false, identity, mapping, cancellationToken);

    /// <summary>Serves a request for the API's default endpoint under another host name than its own (the <c>execute-api</c> name it was called by).</summary>
    internal ValueTask<GatewayContext> ServeAsync(GatewayRequest request, ApiIdentity identity, CancellationToken cancellationToken)
        => ServeAsync(request, passThroughUnmatched: false, identity, mapping: null, cancellationToken);

    private async ValueTask<GatewayContext> ServeAsync(GatewayRequest request, bool passThroughUnmatched, ApiIdentity identity, MappedPath? mapping, CancellationToken cancellationToken)
    {
        var options = Api.Options;
        var context = new GatewayContext(request, RequestIds.Next(), identity, options.TimeProvider) { BasePathMatched = mapping?.BasePathMatched };
        var activity = GatewayDiagnostics.StartRequest(context);
        var route = Route(context, refuseUnreadable: !passThroughUnmatched, mapping, out var unmatched, out var traffic);
        GatewayResponse? response;
        if (context.Response is { } early)
        {
            response = early;
        }
        else if (route is not null)
        {
            // After the match, before the authorizer and the integration, as API Gateway throttles.
            response = traffic!.Throttles(context.RouteIndex) && !await traffic.TryAdmitAsync(context.RouteIndex, cancellationToken).ConfigureAwait(false)
                ? GatewayErrors.Answer(context, GatewayErrorKind.Throttled, $"The route's or the account's throttle of stage '{context.Stage}' has no token left.")
                : await route.Pipeline.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        else if (unmatched is not null
            && await unmatched.OnRequestAsync(context, cancellationToken).ConfigureAwait(false) is { } answer)
        {
            response = answer;
        }
        else if (passThroughUnmatched)
        {
            // Not the gateway's request: the host serves it, and reports it.
            activity?.Stop();
            return context;
        }
        else
        {
            response = GatewayErrors.Answer(context, GatewayErrorKind.NotFound, "No stage or route takes the request.");
        }

        response.SetHeader(RequestIdHeader, context.RequestId);
        context.Complete(response);
        Api.Diagnostics.RequestCompleted(context, activity);
        if (traffic is not null)
        {
            Api.Diagnostics.RecordAwsMetrics(context, AccessLogEntries.DataProcessed(context, response), context.RouteKey is not null && traffic.DetailedMetrics(context.RouteIndex));
            if (traffic.AccessLog is { } accessLog && Api.AccessLogSink is { } sink)
            {
                sink.Write(context.Stage!, traffic.DestinationArn, accessLog.Render(AccessLogEntries.From(context, response)));
            }
        }

        return context;
    }

    /// <summary>
    /// Answers a request with one of API Gateway's own errors without routing it: for a host that decides a request
    /// is not the API's (a path outside its prefix) but must still answer as the gateway does. The answer carries a
    /// request id and is recorded like any other request.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="error">The answer, e.g. <see cref="GatewayErrorKind.NotFound"/>.</param>
    /// <param name="detail">Why, for logs; never sent.</param>
    /// <returns>The request's context, with its <see cref="GatewayContext.Response"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="error"/> is <see cref="GatewayErrorKind.None"/>.</exception>
    public GatewayContext Refuse(GatewayRequest request, GatewayErrorKind error, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfEqual(error, GatewayErrorKind.None);
        var options = Api.Options;
        var context = new GatewayContext(request, RequestIds.Next(), options.Identity, options.TimeProvider);
        var activity = GatewayDiagnostics.StartRequest(context);
        var response = GatewayErrors.Answer(context, error, detail);
        response.SetHeader(RequestIdHeader, context.RequestId);
        context.Complete(response);
        Api.Diagnostics.RequestCompleted(context, activity);
        return context;
    }

    /// <summary>
    /// Reads the request-target, selects the stage and its deployment, and matches the route; fills the context as it
    /// goes. Returns the route, or <see langword="null"/> with <see cref="GatewayContext.Response"/> set to a refusal
    /// (400, 404, 414; only when <paramref name="refuseUnreadable"/>) or left empty when nothing matched; then
    /// <paramref name="unmatched"/> is what may still answer (a CORS preflight).
    /// </summary>
    private CompiledRoute? Route(GatewayContext context, bool refuseUnreadable, MappedPath? mapping, out GatewayStep? unmatched, out StageTraffic? traffic)
    {
        unmatched = null;
        traffic = null;
        var request = context.Request;
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
                case not RequestTargetStatus.Ok when !refuseUnreadable:
                    return null;
                case RequestTargetStatus.NotFound:
                    context.Response = GatewayErrors.Answer(context, GatewayErrorKind.NotFound, "The method or request-target form is never routed.");
                    return null;
                case RequestTargetStatus.UriTooLong:
                    context.Response = GatewayErrors.Answer(context, GatewayErrorKind.UriTooLong, "The path is too long or has too many segments.");
                    return null;
                default:
                    context.Response = GatewayErrors.Answer(context, GatewayErrorKind.BadRequest, $"The request-target is malformed or ambiguous ({target.Status}).");
                    return null;
            }

            scoped StageMatch stageMatch;
            if (mapping is { } mapped)
            {
                // The mapping names the stage, and its key (whole leading segments) leaves the path.
                int index = Array.FindIndex(snapshot.Stages, s => s.Name == mapped.Stage);
                if (index < 0)
                {
                    return null;
                }

                var rest = target.Path[Math.Min(mapped.KeyLength, target.Path.Length)..];
                stageMatch = new StageMatch(mapped.Stage, index, rest.IsEmpty ? "/".AsSpan() : rest);
            }
            else if (!snapshot.Selector.TrySelect(target.Path, out stageMatch))
            {
                return null;
            }

            var stage = snapshot.Stages[stageMatch.StageIndex];
            var deployment = stage.Deployment;
            if (deployment is null)
            {
                return null;
            }

            context.Stage = stage.Name;
            context.DeploymentId = deployment.Id;
            traffic = snapshot.Traffic[stageMatch.StageIndex];
            if (!deployment.Routes.TryMatch(request.Method, stageMatch.RoutingPath, out var match))
            {
                unmatched = deployment.Unmatched;
                return null;
            }

            var route = deployment.CompiledRoutes[match.RouteIndex];
            context.RouteKey = route.Key;
            context.IntegrationType = route.Pipeline.Integration.Integration.IntegrationType;
            context.RouteIndex = match.RouteIndex;

            // PERF: DispatchBenchmarks. Without escapes, and on the $default stage, the three paths are one string, the
            // request-target itself when it has no query.
            // Through an API mapping, the path the API sees (2.0 rawPath) is the one without the key; 1.0's path keeps it.
            string path = mapping is not null ? stageMatch.RoutingPath.ToString()
                : target.Path.SequenceEqual(request.RawTarget) ? request.RawTarget : target.Path.ToString();
            context.IntegrationRequest = new IntegrationRequest
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
                RequestId = context.RequestId,
                RequestTime = context.ReceivedAt,
                SourceIp = request.SourceIp,
                ClientCertificate = mapping is null ? null : request.ClientCertificate,
                Protocol = request.Protocol,
                Scheme = request.Scheme,
                Port = request.Port,
                Api = context.Api,
                HostContext = request.HostContext,
            };
            return route;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
