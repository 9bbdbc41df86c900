namespace Routing.Integrations.Lambda;

/// <summary>What a Lambda authorizer's event adds to the request event.</summary>
/// <param name="Arn">The <c>routeArn</c> (2.0) or <c>methodArn</c> (1.0): <c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}</c>.</param>
/// <param name="IdentitySource">The identity-source values, in the authorizer's order.</param>
internal sealed record AuthorizerEventFields(string Arn, IReadOnlyList<string> IdentitySource);
