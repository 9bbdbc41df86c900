namespace Routing.Definitions;

/// <summary>How a route authorizes requests, as API Gateway's <c>AuthorizationType</c>.</summary>
public enum AuthorizationType
{
    /// <summary>Open route: no authorizer runs.</summary>
    None,

    /// <summary>A JWT authorizer validates a bearer token; the route may require scopes.</summary>
    Jwt,
}
