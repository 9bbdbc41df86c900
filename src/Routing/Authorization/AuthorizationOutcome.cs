namespace Routing.Authorization;

/// <summary>How an authorizer decided.</summary>
public enum AuthorizationOutcome
{
    /// <summary>500 <c>{"message":"Internal Server Error"}</c>: the authorizer itself failed. Also what a
    /// <see langword="default"/> <see cref="AuthorizationResult"/> means: an authorizer that forgot to decide fails closed.</summary>
    Failed = 0,

    /// <summary>The request goes on to the integration.</summary>
    Allowed,

    /// <summary>401 <c>{"message":"Unauthorized"}</c>: no credentials, or invalid ones.</summary>
    Unauthorized,

    /// <summary>403 <c>{"message":"Forbidden"}</c>: valid credentials that do not grant this route.</summary>
    Forbidden,
}
