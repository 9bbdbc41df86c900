using Routing.Pipeline;


namespace Routing.AspNetCore;

/// <summary>
/// What the HTTP API did with the current request, set on <c>HttpContext.Features</c> when the gateway answered it
/// (read it after <c>UseHttpApi</c> or the endpoint of <c>MapHttpApi</c> ran, e.g. in a logging middleware).
/// </summary>
public interface IHttpApiFeature
{
    /// <summary>The request's whole context: stage, deployment, route, authorizer, timings, error.</summary>
    GatewayContext Context { get; }

    /// <summary>The request id, as sent back in the <c>apigw-requestid</c> header.</summary>
    string RequestId { get; }

    /// <summary>The raw request-target the gateway served: the one the client sent, without the prefix of
    /// <c>MapHttpApi</c> when there is one; still percent-encoded.</summary>
    string RawTarget { get; }

    /// <summary>The status code the gateway answered with.</summary>
    int StatusCode { get; }

    /// <summary>The stage that served the request; <see langword="null"/> when none did.</summary>
    string? Stage { get; }

    /// <summary>The route key that matched (what <c>http.route</c> reports); <see langword="null"/> when none did.</summary>
    string? RouteKey { get; }
}
