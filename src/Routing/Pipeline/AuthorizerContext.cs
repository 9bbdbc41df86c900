using System.Text.Json.Nodes;

namespace Routing.Pipeline;

/// <summary>What an authorizer that accepted the request hands to the integration (<c>requestContext.authorizer</c>).</summary>
public sealed class AuthorizerContext
{
    /// <summary>For a JWT authorizer: the token's claims as JSON (stringified in the event as API Gateway does).</summary>
    public JsonObject? JwtClaims { get; init; }

    /// <summary>For a JWT authorizer: the token's scopes when the route requires scopes; otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<string>? JwtScopes { get; init; }

    /// <summary>For a Lambda authorizer's IAM policy response: its <c>principalId</c>.</summary>
    public string? PrincipalId { get; init; }

    /// <summary>For a Lambda authorizer's IAM policy response: the API key it chose (<c>usageIdentifierKey</c>), for usage plans whose API takes keys from the authorizer.</summary>
    public string? UsageIdentifierKey { get; init; }

    /// <summary>For a Lambda authorizer: the <c>context</c> it returned, forwarded as <c>requestContext.authorizer.lambda</c>.</summary>
    public JsonObject? LambdaContext { get; init; }
}
