namespace Routing.Definitions;

/// <summary>
/// A JWT authorizer, as API Gateway configures one: where the token is read from, the issuer whose OIDC discovery
/// document and JWKS give the keys, and the audiences accepted. Routes with <see cref="AuthorizationType.Jwt"/>
/// name it and may require scopes.
/// </summary>
public sealed record JwtAuthorizerDefinition : AuthorizerDefinition
{
    /// <summary>The algorithms accepted when none are configured: the RSA ones API Gateway supports.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedAlgorithms = ["RS256", "RS384", "RS512"];

    /// <inheritdoc />
    public override AuthorizationType AuthorizationType => AuthorizationType.Jwt;

    /// <summary>
    /// Where the token is read: <c>$request.header.NAME</c> (name compared case-insensitively) or
    /// <c>$request.querystring.NAME</c> (case-sensitive, decoded once). The value is the token alone or <c>Bearer </c>
    /// and the token (the scheme in any case).
    /// </summary>
    /// <value>The default value is <c>$request.header.Authorization</c>.</value>
    public string IdentitySource { get; init; } = "$request.header.Authorization";

    /// <summary>The issuer; the token's <c>iss</c> must equal it exactly (no trailing-slash or case tolerance).</summary>
    public required string Issuer { get; init; }

    /// <summary>The accepted audiences: the token's <c>aud</c> (or <c>client_id</c> when there is no <c>aud</c>) must name one.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>
    /// Where the OIDC discovery document is fetched. <see langword="null"/> means <c>{Issuer}/.well-known/openid-configuration</c>,
    /// as API Gateway does; set it to serve the document from elsewhere (a loopback issuer in tests).
    /// </summary>
    public Uri? DiscoveryUri { get; init; }

    /// <summary>The signing algorithms accepted; <c>none</c> and the HMAC algorithms are never accepted.</summary>
    /// <value>The default value is <c>RS256</c>, <c>RS384</c> and <c>RS512</c>.</value>
    public IReadOnlyList<string> AllowedAlgorithms { get; init; } = DefaultAllowedAlgorithms;

    /// <summary>The leeway for <c>exp</c> (now must be before <c>exp</c> + skew), <c>nbf</c> and <c>iat</c> (not after now + skew).</summary>
    /// <value>The default value is zero: API Gateway documents no clock skew.</value>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.Zero;

    /// <summary>The longest token accepted, in bytes; a longer one is refused before it is decoded.</summary>
    /// <value>The default value is 16,384.</value>
    public int MaxTokenBytes { get; init; } = 16 * 1024;
}
