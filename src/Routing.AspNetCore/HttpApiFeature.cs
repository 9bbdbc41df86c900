namespace Routing.AspNetCore;

/// <summary>The per-request record of what the gateway did.</summary>
internal sealed class HttpApiFeature(string requestId, string rawTarget, int statusCode) : IHttpApiFeature
{
    public string RequestId { get; } = requestId;

    public string RawTarget { get; } = rawTarget;

    public int StatusCode { get; } = statusCode;
}
