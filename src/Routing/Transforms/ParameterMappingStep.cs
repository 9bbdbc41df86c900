using Routing.Http;
using Routing.Pipeline;


namespace Routing.Transforms;

/// <summary>
/// Applies an integration's parameter mappings around it: request mappings before it runs, response mappings (for the
/// status code it answered with) after. Values read the request as the client sent it.
/// </summary>
/// <remarks>
/// Before an HTTP proxy, the client's headers are first filtered for forwarding (hop-by-hop, <c>Connection</c>-nominated
/// and gateway-owned headers removed), then mapped; the proxy sends the result as it is, so a client cannot remove a
/// mapped header by naming it in <c>Connection</c>. Response mappings apply to what the integration answered, never to
/// the gateway's own errors (a proxy's 502, a timeout).
/// </remarks>
internal sealed class ParameterMappingStep : GatewayStep
{
    private readonly MappingRequestSet? _request;
    private readonly Dictionary<int, MappingResponseSet> _responses;
    private readonly bool _forwarding;

    /// <summary>Creates the step.</summary>
    /// <param name="request">The request mappings, or <see langword="null"/>.</param>
    /// <param name="responses">The response mappings by integration status code.</param>
    /// <param name="forwarding">Whether the integration is an HTTP proxy.</param>
    public ParameterMappingStep(MappingRequestSet? request, Dictionary<int, MappingResponseSet> responses, bool forwarding)
    {
        _request = request;
        _responses = responses;
        _forwarding = forwarding;
    }

    /// <inheritdoc />
    public override bool HasRequestPhase => _request is not null;

    /// <inheritdoc />
    public override bool HasResponsePhase => _responses.Count > 0;

    /// <inheritdoc />
    public override async ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var request = context.IntegrationRequest!;
        var mapping = GetMappingContext(context);
        var body = request.Body;
        if (_request!.UsesRequestBody)
        {
            body = await mapping.ReadRequestBodyAsync(body, cancellationToken).ConfigureAwait(false);
        }

        var headers = _forwarding ? ForwardingHeaders.FilterRequest(request.Headers) : [.. request.Headers];
        _request.ApplyHeaders(headers, mapping);
        string? path = _request.Path?.Evaluate(mapping);
        context.IntegrationRequest = request with
        {
            Headers = headers,
            Forwarding = _forwarding
                ? new ForwardingPlan(HeadersFiltered: true, null, request.GetHeader("Host"), path)
                : _request.OverwrittenHeaderNames is not null || path is not null
                    ? new ForwardingPlan(HeadersFiltered: false, _request.OverwrittenHeaderNames, null, path)
                    : null,
            RawQueryString = _request.ApplyQuery(request.RawQueryString, mapping),
            Body = body,
        };
        return null;
    }

    /// <inheritdoc />
    public override async ValueTask<GatewayResponse> OnResponseAsync(GatewayContext context, GatewayResponse response, CancellationToken cancellationToken)
    {
        if (context.Error != GatewayErrorKind.None || !_responses.TryGetValue(response.StatusCode, out var mappings))
        {
            return response;
        }

        return await mappings.ApplyAsync(response, GetMappingContext(context), context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request's mapping context, made by whichever phase runs first (the request as routed, before any mapping).</summary>
    private static MappingContext GetMappingContext(GatewayContext context)
    {
        if (context.TransformState is MappingContext existing)
        {
            return existing;
        }

        var created = new MappingContext(context.IntegrationRequest!);
        context.TransformState = created;
        return created;
    }
}
