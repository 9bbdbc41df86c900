namespace Routing.Definitions;

/// <summary>
/// An authorizer of an API definition, named by the routes it protects: a <see cref="JwtAuthorizerDefinition"/>
/// (routes with <see cref="AuthorizationType.Jwt"/>) or a <see cref="LambdaAuthorizerDefinition"/> (routes with
/// <see cref="AuthorizationType.Custom"/>).
/// </summary>
public abstract record AuthorizerDefinition
{
    private protected AuthorizerDefinition()
    {
    }

    /// <summary>The authorization type of the routes that may name this authorizer.</summary>
    public abstract AuthorizationType AuthorizationType { get; }
}
