using Routing.Pipeline;


namespace Routing.Authorization;

/// <summary>What an authorizer decided: allow (with what it hands to the integration), 401, 403 or a failure (500).</summary>
public readonly struct AuthorizationResult
{
    private AuthorizationResult(AuthorizationOutcome outcome, AuthorizerContext? context, string? wwwAuthenticate, string? reason, Exception? exception, bool fromCache)
    {
        Outcome = outcome;
        Context = context;
        WwwAuthenticate = wwwAuthenticate;
        Reason = reason;
        Exception = exception;
        FromCache = fromCache;
    }

    /// <summary>How the authorizer decided.</summary>
    public AuthorizationOutcome Outcome { get; }

    /// <summary>Whether the request may go on to the integration.</summary>
    public bool IsAllowed => Outcome == AuthorizationOutcome.Allowed;

    /// <summary>200 when allowed, else the status the client gets: 401, 403 or 500.</summary>
    public int StatusCode => Outcome switch
    {
        AuthorizationOutcome.Allowed => 200,
        AuthorizationOutcome.Unauthorized => 401,
        AuthorizationOutcome.Forbidden => 403,
        _ => 500,
    };

    /// <summary>When allowed: the claims, scopes or context forwarded to the integration.</summary>
    public AuthorizerContext? Context { get; }

    /// <summary>For a 401: the <c>www-authenticate</c> challenge to send, or <see langword="null"/>.</summary>
    public string? WwwAuthenticate { get; }

    /// <summary>Why the request was refused or the authorizer failed, for logs; never sent to the client.</summary>
    public string? Reason { get; }

    /// <summary>The exception behind a failure, for logs.</summary>
    public Exception? Exception { get; }

    /// <summary>Whether the decision came from the authorizer's cache.</summary>
    public bool FromCache { get; }

    /// <summary>The request is allowed.</summary>
    /// <param name="context">What the integration receives as <c>requestContext.authorizer</c>; <see langword="null"/> for nothing.</param>
    /// <returns>The result.</returns>
    public static AuthorizationResult Allow(AuthorizerContext? context) => new(AuthorizationOutcome.Allowed, context, null, null, null, false);

    /// <summary>401 <c>{"message":"Unauthorized"}</c>.</summary>
    /// <param name="wwwAuthenticate">The challenge, e.g. <c>Bearer scope="" error="invalid_token" error_description="..."</c>; <see langword="null"/> for none.</param>
    /// <param name="reason">Why, for logs.</param>
    /// <returns>The result.</returns>
    public static AuthorizationResult Unauthorized(string? wwwAuthenticate = null, string? reason = null)
        => new(AuthorizationOutcome.Unauthorized, null, wwwAuthenticate, reason, null, false);

    /// <summary>403 <c>{"message":"Forbidden"}</c>: valid credentials that do not grant the route.</summary>
    /// <param name="reason">Why, for logs.</param>
    /// <returns>The result.</returns>
    public static AuthorizationResult Forbidden(string? reason = null) => new(AuthorizationOutcome.Forbidden, null, null, reason, null, false);

    /// <summary>500 <c>{"message":"Internal Server Error"}</c>: the authorizer failed.</summary>
    /// <param name="reason">What failed, for logs.</param>
    /// <param name="exception">The cause, for logs.</param>
    /// <returns>The result.</returns>
    public static AuthorizationResult Failed(string reason, Exception? exception = null) => new(AuthorizationOutcome.Failed, null, null, reason, exception, false);

    /// <summary>The same decision, marked as coming from a cache.</summary>
    internal AuthorizationResult FromCacheHit() => new(Outcome, Context, WwwAuthenticate, Reason, Exception, true);
}
