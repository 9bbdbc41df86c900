using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Routing.Definitions;
using Routing.Pipeline;

namespace Routing.Authorization.Jwt;

/// <summary>
/// The compiled JWT authorizer of a deployment, as API Gateway's: reads the token from the identity source, checks it
/// against the issuer's JWKS (through the API's shared <see cref="OidcKeySource"/>) and the configured issuer,
/// audiences, algorithms and clock skew, then the route's scopes. 401 with a <c>www-authenticate</c> challenge for any
/// problem with the token, 403 when a valid token has none of the route's scopes.
/// </summary>
/// <remarks>
/// <para>Order of checks: the token is read and refused when over <see cref="JwtAuthorizerDefinition.MaxTokenBytes"/>
/// before anything is decoded; then its structure (a compact JWS of base64url segments, no JWE), its header (allowed
/// <c>alg</c>, no <c>crit</c>, a <c>kid</c>) and the JSON types of its registered claims are checked without touching
/// the network; then the key that <c>kid</c> names is looked up (one throttled refresh when it is unknown and the token
/// names this issuer); then <see cref="JsonWebTokenHandler.ValidateTokenAsync(SecurityToken, TokenValidationParameters)"/>
/// checks the signature, lifetime, audience and issuer with this authorizer's own <see cref="TokenValidationParameters"/>.</para>
/// <para>Each instance serves one deployment; the keys it uses belong to the key source and outlive it.</para>
/// </remarks>
internal sealed partial class JwtAuthorizer : IAuthorizer
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private static readonly IReadOnlyList<SecurityKey> NoKeys = [];

    private readonly JwtIdentitySource _identitySource;
    private readonly OidcConfigurationManager _keys;
    private readonly TokenValidationParameters _parameters;
    private readonly FrozenSet<string> _audiences;
    private readonly FrozenSet<string> _algorithms;
    private readonly TimeProvider _time;
    private readonly TimeSpan _skew;
    private readonly int _maxTokenBytes;

    /// <summary>Compiles a definition that <see cref="Validate"/> accepted.</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="definition">The definition.</param>
    /// <param name="keySource">Where the issuer's keys come from (shared across deployments).</param>
    /// <param name="time">The clock that token lifetimes are checked against.</param>
    /// <exception cref="ArgumentException">The definition is not valid.</exception>
    public JwtAuthorizer(string id, JwtAuthorizerDefinition definition, OidcKeySource keySource, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(keySource);
        ArgumentNullException.ThrowIfNull(time);
        var errors = Validate(id, definition);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(static e => e.Message)), nameof(definition));
        }

        _identitySource = JwtIdentitySource.TryParse(definition.IdentitySource, out var identitySource)
            ? identitySource
            : throw new ArgumentException($"JWT authorizer '{id}' has an invalid identity source.", nameof(definition));
        Id = id;
        Definition = definition;
        DiscoveryAddress = GetDiscoveryAddress(definition);
        _keys = keySource.GetManager(DiscoveryAddress);
        _audiences = definition.Audiences.ToFrozenSet(StringComparer.Ordinal);
        _algorithms = definition.AllowedAlgorithms.ToFrozenSet(StringComparer.Ordinal);
        _time = time;
        _skew = definition.ClockSkew;
        _maxTokenBytes = definition.MaxTokenBytes;
        _parameters = CreateParameters(definition);
    }

    public string Id { get; }

    public JwtAuthorizerDefinition Definition { get; }

    /// <summary>Where the issuer's discovery document is fetched.</summary>
    public string DiscoveryAddress { get; }

    /// <summary>The configuration manager (shared through the key source) that holds the issuer's keys.</summary>
    internal OidcConfigurationManager Keys => _keys;

    /// <summary>
    /// The discovery address of an authorizer: <see cref="JwtAuthorizerDefinition.DiscoveryUri"/>, or the issuer with
    /// any trailing <c>/</c> removed and <c>/.well-known/openid-configuration</c> appended (OIDC Discovery 4).
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The absolute address.</returns>
    public static string GetDiscoveryAddress(JwtAuthorizerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.DiscoveryUri?.AbsoluteUri ?? definition.Issuer.TrimEnd('/') + "/.well-known/openid-configuration";
    }

    /// <inheritdoc />
    public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken)
        => AuthorizeAsync(request.Request, request.Scopes, cancellationToken);

    /// <summary>Decides a request. Never throws for client input; an issuer that cannot be reached is a 401.</summary>
    /// <param name="request">The matched request (headers, query string, route).</param>
    /// <param name="routeScopes">The route's authorization scopes; empty when it has none.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The decision.</returns>
    public ValueTask<AuthorizationResult> AuthorizeAsync(IntegrationRequest request, IReadOnlyList<string> routeScopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeScopes);
        string? failure;
        TokenCandidate? candidate;
        try
        {
            failure = Read(request, out candidate);
        }
#pragma warning disable CA1031 // Client input never throws out of an authorizer: whatever went wrong, the answer is 401.
        catch (Exception)
#pragma warning restore CA1031
        {
            failure = JwtChallenge.Malformed;
            candidate = null;
        }

        return failure is not null
            ? ValueTask.FromResult(AuthorizationResult.Unauthorized(failure))
            : ValidateAsync(candidate!, routeScopes, cancellationToken);
    }

    private async ValueTask<AuthorizationResult> ValidateAsync(TokenCandidate candidate, IReadOnlyList<string> routeScopes, CancellationToken cancellationToken)
    {
        try
        {
            var keys = await _keys.GetKeysAsync(cancellationToken).ConfigureAwait(false);
            if (keys is null)
            {
                return AuthorizationResult.Unauthorized(JwtChallenge.KeysUnavailable);
            }

            if (!keys.TryGetKey(candidate.KeyId, out var key))
            {
                // Only a token that names this issuer may make its keys be fetched again (still throttled).
                if (!candidate.IssuerMatches)
                {
                    return AuthorizationResult.Unauthorized(JwtChallenge.UnknownKeyId);
                }

                keys = await _keys.RefreshAsync(keys, cancellationToken).ConfigureAwait(false);
                if (keys is null || !keys.TryGetKey(candidate.KeyId, out key))
                {
                    return AuthorizationResult.Unauthorized(JwtChallenge.UnknownKeyId);
                }
            }

            if (!key.CanVerify(candidate.Algorithm))
            {
                return AuthorizationResult.Unauthorized(JwtChallenge.KeyMismatch);
            }

            var token = new JsonWebToken(candidate.Token);
            var result = await Handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
            if (!result.IsValid)
            {
                return AuthorizationResult.Unauthorized(Describe(result.Exception));
            }

            return Decide(candidate.Claims, routeScopes);
        }
#pragma warning disable CA1031 // Client input never throws out of an authorizer (a cancelled wait included): 401.
        catch (Exception)
#pragma warning restore CA1031
        {
            return AuthorizationResult.Unauthorized(JwtChallenge.Invalid);
        }
    }

    /// <summary>The route's scope check: any one of the route's scopes in <c>scope</c> or <c>scp</c> suffices.</summary>
    private static AuthorizationResult Decide(JsonObject claims, IReadOnlyList<string> routeScopes)
    {
        if (routeScopes.Count == 0)
        {
            // API Gateway sends scopes: null when the route requires none, whatever the token holds.
            return AuthorizationResult.Allow(new AuthorizerContext { JwtClaims = claims });
        }

        var scopes = ReadScopes(claims);
        foreach (string wanted in routeScopes)
        {
            if (scopes.Contains(wanted, StringComparer.Ordinal))
            {
                return AuthorizationResult.Allow(new AuthorizerContext { JwtClaims = claims, JwtScopes = scopes });
            }
        }

        return AuthorizationResult.Forbidden("The token carries none of the route's scopes.");
    }

    /// <summary>
    /// The token's scopes: <c>scope</c> as a space-delimited string (RFC 6749 3.3: only the space separates), then
    /// <c>scp</c> as an array of strings or a space-delimited string. A <c>scope</c> that is not a string is ignored.
    /// Case-sensitive, duplicates dropped, in token order.
    /// </summary>
    internal static List<string> ReadScopes(JsonObject claims)
    {
        var scopes = new List<string>();
        if (claims["scope"] is JsonValue scope && scope.TryGetValue(out string? spaced))
        {
            AddSpaceDelimited(scopes, spaced);
        }

        switch (claims["scp"])
        {
            case JsonValue value when value.TryGetValue(out string? text):
                AddSpaceDelimited(scopes, text);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonValue element && element.TryGetValue(out string? one) && one.Length > 0 && !scopes.Contains(one, StringComparer.Ordinal))
                    {
                        scopes.Add(one);
                    }
                }

                break;
        }

        return scopes;
    }

    private static void AddSpaceDelimited(List<string> scopes, string text)
    {
        foreach (var range in text.AsSpan().Split(' '))
        {
            string one = text[range];
            if (one.Length > 0 && !scopes.Contains(one, StringComparer.Ordinal))
            {
                scopes.Add(one);
            }
        }
    }

    /// <summary>The challenge for a failure that IdentityModel reported.</summary>
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => JwtChallenge.UnknownKeyId,
        SecurityTokenInvalidSignatureException => JwtChallenge.Signature,
        SecurityTokenInvalidAlgorithmException => JwtChallenge.Algorithm,
        SecurityTokenInvalidIssuerException => JwtChallenge.Issuer,
        SecurityTokenInvalidAudienceException => JwtChallenge.Audience,
        SecurityTokenNoExpirationException => JwtChallenge.MissingExpiration,
        SecurityTokenExpiredException => JwtChallenge.Expired,
        SecurityTokenNotYetValidException => JwtChallenge.NotYetValid,
        SecurityTokenInvalidLifetimeException => JwtChallenge.IssuedInFuture,
        SecurityTokenDecryptionFailedException or SecurityTokenMalformedException => JwtChallenge.Malformed,
        _ => JwtChallenge.Invalid,
    };

    /// <summary>
    /// This authorizer's validation parameters, the Microsoft.IdentityModel defaults changed where API Gateway's rules
    /// (and SECURITY.md section 6) differ: exact issuer and audiences, the allowed algorithms only, keys only from the
    /// JWKS and only by <c>kid</c>, lifetimes against the API's clock with the configured skew, and no decryption.
    /// </summary>
    private TokenValidationParameters CreateParameters(JwtAuthorizerDefinition definition) => new()
    {
        ValidIssuer = definition.Issuer,
        ValidIssuers = null,
        ValidAudiences = definition.Audiences,
        IgnoreTrailingSlashWhenValidatingAudience = false,
        IgnoreCaseWhenValidatingAudience = false,
        AudienceValidator = ValidateAudience,
        ValidAlgorithms = definition.AllowedAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        TryAllIssuerSigningKeys = false,
        IssuerSigningKeyResolver = ResolveSigningKey,
        LifetimeValidator = ValidateLifetime,
        ClockSkew = definition.ClockSkew,
        TryAllDecryptionKeys = false,
        SaveSigninToken = false,
        ValidateActor = false,
        ValidateTokenReplay = false,
        LogValidationExceptions = false,
    };

    /// <summary>Keys come only from the issuer's JWKS, only by the token's <c>kid</c>, and only if the key fits the token's <c>alg</c>.</summary>
    private IReadOnlyList<SecurityKey> ResolveSigningKey(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
        => !string.IsNullOrEmpty(kid)
            && _keys.CurrentKeys is { } keys
            && keys.TryGetKey(kid, out var key)
            && securityToken is JsonWebToken jwt
            && key.CanVerify(jwt.Alg)
            ? key.AsList
            : NoKeys;

    /// <summary>
    /// API Gateway's audience rule: <c>aud</c> (a string, or an array of which any element may match) when the token has
    /// one; only when it has none, <c>client_id</c>. Exact, case-sensitive comparison: no trailing-slash tolerance.
    /// </summary>
    private bool ValidateAudience(IEnumerable<string> audiences, SecurityToken securityToken, TokenValidationParameters parameters)
    {
        if (securityToken is not JsonWebToken jwt)
        {
            return false;
        }

        if (jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Aud, out object? _))
        {
            foreach (string audience in audiences)
            {
                if (_audiences.Contains(audience))
                {
                    return true;
                }
            }

            return false;
        }

        return jwt.TryGetPayloadValue("client_id", out string? clientId) && clientId is not null && _audiences.Contains(clientId);
    }

    /// <summary>
    /// Lifetime against the API's clock: <c>exp</c> required and after now (RFC 7519 4.1.4: now must be before it, so a
    /// token whose <c>exp</c> equals now is expired), <c>nbf</c> not after now, <c>iat</c> not after now; each with the
    /// authorizer's clock skew (default zero).
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken securityToken, TokenValidationParameters parameters)
    {
        DateTime now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no exp claim.");
        }

        if (Subtract(now, _skew) >= exp)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        }

        DateTime latest = Add(now, _skew);
        if (notBefore is { } nbf && nbf > latest)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }

        if (securityToken is JsonWebToken jwt && jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Iat, out object? _) && jwt.IssuedAt > latest)
        {
            throw new SecurityTokenInvalidLifetimeException("The token was issued in the future.");
        }

        return true;
    }

    private static DateTime Add(DateTime time, TimeSpan span)
        => span.Ticks > DateTime.MaxValue.Ticks - time.Ticks ? DateTime.MaxValue : time + span;

    private static DateTime Subtract(DateTime time, TimeSpan span)
        => span.Ticks > time.Ticks - DateTime.MinValue.Ticks ? DateTime.MinValue : time - span;
}
