namespace Routing.Definitions;

/// <summary>How a route authorizes requests, as API Gateway's <c>authorizationType</c>.</summary>
public enum AuthorizationType
{
    /// <summary><c>NONE</c>: an open route; no authorizer runs.</summary>
    None,

    /// <summary><c>JWT</c>: a <see cref="JwtAuthorizerDefinition"/> validates a bearer token; the route may require scopes.</summary>
    Jwt,

    /// <summary><c>CUSTOM</c>: a <see cref="LambdaAuthorizerDefinition"/> decides.</summary>
    Custom,

    /// <summary>
    /// <c>AWS_IAM</c>: the caller signs the request with SigV4. The gateway cannot check AWS credentials itself, so a
    /// deployment with such a route is refused unless the host supplies a verifier (<c>HttpApiOptions.IamAuthorizer</c>).
    /// </summary>
    AwsIam,
}
