namespace Routing.Authorization;

/// <summary>How an authorizer decided.</summary>
public enum AuthorizationOutcome
{
    /// <summary>The request goes on to the integration.</summary>
    Allowed,

    /// <summary>401 <c>{"message":"Unauthorized"}</c>: no credentials, or invalid ones.</summary>
    Unauthorized,

    /// <summary>403 <c>{"message":"Forbidden"}</c>: valid credentials that do not grant this route.</summary>
    Forbidden,

    /// <summary>500 <c>{"message":"Internal Server Error"}</c>: the authorizer itself failed.</summary>
    Failed,
}
