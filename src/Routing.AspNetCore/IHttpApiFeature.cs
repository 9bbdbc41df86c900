namespace Routing.AspNetCore;

/// <summary>
/// What the HTTP API did with the current request, set on <c>HttpContext.Features</c> when the gateway answered it
/// (read it after <c>UseHttpApi</c> or the endpoint of <c>MapHttpApi</c> ran, e.g. in a logging middleware).
/// </summary>
public interface IHttpApiFeature
{
    /// <summary>The request id, as sent back in the <c>apigw-requestid</c> header.</summary>
    string RequestId { get; }

    /// <summary>The raw request-target the gateway served: the one the client sent, without the prefix of
    /// <c>MapHttpApi</c> when there is one; still percent-encoded.</summary>
    string RawTarget { get; }

    /// <summary>The status code the gateway answered with.</summary>
    int StatusCode { get; }
}
