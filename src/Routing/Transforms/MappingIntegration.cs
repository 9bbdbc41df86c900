using Routing.Http;
using Routing.Integrations.HttpProxy;
using Routing.Pipeline;




namespace Routing.Transforms;

/// <summary>
/// Applies an integration's parameter mappings around it: request mappings before it runs, response mappings (for the
/// status code it answered with) after. Built by <see cref="ParameterMapping.Compile"/> at deploy time.
/// </summary>
/// <remarks>
/// An <see cref="HttpProxyIntegration"/> gets the request mappings handed in, so it applies them after removing the
/// client's hop-by-hop and <c>Connection</c>-nominated headers and before adding its own forwarding headers, and so
/// it can apply <c>overwrite:path</c>. Response mappings apply to what the integration answered, never to the
/// gateway's own errors (a proxy's 502, a timeout).
/// </remarks>
internal sealed class MappingIntegration : IIntegration
{
    private readonly MappingRequestSet? _request;
    private readonly Dictionary<int, MappingResponseSet> _responses;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The integration.</param>
    /// <param name="request">The request mappings, or <see langword="null"/>.</param>
    /// <param name="responses">The response mappings by integration status code.</param>
    public MappingIntegration(IIntegration inner, MappingRequestSet? request, Dictionary<int, MappingResponseSet> responses)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(responses);
        Inner = inner;
        _request = request;
        _responses = responses;
    }

    /// <summary>The integration the mappings apply to.</summary>
    public IIntegration Inner { get; }

    /// <inheritdoc />
    public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = new MappingContext(request);
        var body = request.Body;
        if (_request?.UsesRequestBody == true)
        {
            body = await context.ReadRequestBodyAsync(body, cancellationToken).ConfigureAwait(false);
        }

        GatewayResponse response;
        bool fromIntegration = true;
        if (Inner is HttpProxyIntegration proxy)
        {
            (response, fromIntegration) = await proxy.ForwardAsync(request, body, _request, context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var mapped = _request is null ? request : _request.Apply(request, body, context);
            response = await Inner.InvokeAsync(mapped, cancellationToken).ConfigureAwait(false);
        }

        if (fromIntegration && _responses.TryGetValue(response.StatusCode, out var mappings))
        {
            response = await mappings.ApplyAsync(response, context, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }
}
