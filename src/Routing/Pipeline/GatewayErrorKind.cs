namespace Routing.Pipeline;

/// <summary>
/// Why the gateway answered a request itself instead of with its integration's response. Each kind has one answer
/// (status and <c>{"message":"..."}</c> body, see <see cref="GatewayErrors"/>); several kinds share a status so that
/// logs and metrics can tell causes apart.
/// </summary>
public enum GatewayErrorKind
{
    /// <summary>No error: the integration answered.</summary>
    None = 0,

    /// <summary>400 <c>Bad Request</c>: a malformed or ambiguous request-target, or a mapped path that cannot be sent.</summary>
    BadRequest,

    /// <summary>401 <c>Unauthorized</c>: the authorizer found no credentials, or invalid ones.</summary>
    Unauthorized,

    /// <summary>403 <c>Forbidden</c>: the authorizer refused valid credentials (scopes, a deny).</summary>
    Forbidden,

    /// <summary>404 <c>Not Found</c>: no stage or no route takes the request.</summary>
    NotFound,

    /// <summary>414 <c>URI Too Long</c>: the path is longer or has more segments than the gateway reads.</summary>
    UriTooLong,

    /// <summary>500 <c>Internal Server Error</c>: the authorizer failed (its function threw, timed out, or answered garbage).</summary>
    AuthorizerFailure,

    /// <summary>500 <c>Internal Server Error</c>: the integration threw or answered something the gateway cannot send.</summary>
    IntegrationFailure,

    /// <summary>500 <c>Internal Server Error</c>: the deployment cannot serve the request as configured (an undefined stage variable, an unknown function).</summary>
    ConfigurationError,

    /// <summary>502 <c>Bad Gateway</c>: an HTTP backend could not be reached, reset the connection, or answered malformed HTTP.</summary>
    BadGateway,

    /// <summary>503 <c>Service Unavailable</c>: the integration did not answer within its timeout (API Gateway's answer for Lambda).</summary>
    IntegrationTimeout,

    /// <summary>504 <c>Gateway Timeout</c>: an HTTP backend did not answer within the integration timeout.</summary>
    GatewayTimeout,

    /// <summary>503 <c>Service Unavailable</c>: the client went away before the integration answered; nobody reads the answer.</summary>
    ClientClosedRequest,

    /// <summary>429 <c>Too Many Requests</c>: the route's or the account's throttle has no token left (API Gateway's <c>THROTTLED</c>).</summary>
    Throttled,

    /// <summary>429 <c>Limit Exceeded</c>: the API key's usage-plan quota for the window is used up (API Gateway's <c>QUOTA_EXCEEDED</c>).</summary>
    QuotaExceeded,
}
