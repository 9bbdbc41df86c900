using Routing.Pipeline;



namespace Routing.Authorization;

/// <summary>What an authorizer decided: allow (with what it hands to the integration), 401 or 403.</summary>
public readonly struct AuthorizationResult
{
    private AuthorizationResult(int statusCode, AuthorizerContext? context, string? wwwAuthenticate)
    {
        StatusCode = statusCode;
        Context = context;
        WwwAuthenticate = wwwAuthenticate;
    }

    /// <summary>Whether the request may go on to the integration.</summary>
    public bool IsAllowed => StatusCode == 200;

    /// <summary>200 when allowed, 401 <c>{"message":"Unauthorized"}</c> or 403 <c>{"message":"Forbidden"}</c>.</summary>
    public int StatusCode { get; }

    /// <summary>When allowed: the claims, scopes or context forwarded to the integration.</summary>
    public AuthorizerContext? Context { get; }

    /// <summary>For a 401: the <c>www-authenticate</c> challenge to send.</summary>
    public string? WwwAuthenticate { get; }

    /// <summary>The request is allowed.</summary>
    /// <param name="context">What the integration receives as <c>requestContext.authorizer</c>.</param>
    /// <returns>The result.</returns>
    public static AuthorizationResult Allow(AuthorizerContext context) => new(200, context, null);

    /// <summary>401 <c>{"message":"Unauthorized"}</c>.</summary>
    /// <param name="wwwAuthenticate">The challenge, e.g. <c>Bearer scope="" error="invalid_token" error_description="..."</c>.</param>
    /// <returns>The result.</returns>
    public static AuthorizationResult Unauthorized(string wwwAuthenticate) => new(401, null, wwwAuthenticate);

    /// <summary>403 <c>{"message":"Forbidden"}</c>: a valid token without any of the route's scopes.</summary>
    /// <returns>The result.</returns>
    public static AuthorizationResult Forbidden() => new(403, null, null);
}
