using Routing.Pipeline;


namespace Routing.AspNetCore;

/// <summary>The per-request record of what the gateway did, read from the request's <see cref="GatewayContext"/>.</summary>
internal sealed class HttpApiFeature(GatewayContext context) : IHttpApiFeature
{
    public GatewayContext Context { get; } = context;

    public string RequestId => Context.RequestId;

    public string RawTarget => Context.Request.RawTarget;

    public int StatusCode => Context.StatusCode;

    public string? Stage => Context.Stage;

    public string? RouteKey => Context.RouteKey?.Value;
}
