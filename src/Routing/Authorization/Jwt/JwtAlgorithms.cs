using System.Collections.Frozen;

namespace Routing.Authorization.Jwt;

/// <summary>
/// The signature algorithms a JWT authorizer can accept: the public-key JWS algorithms (RFC 7518 3.3 to 3.5), each
/// tied to the key type and curve that can verify it. <c>none</c> and the HMAC algorithms are never accepted: the keys
/// come only from the issuer's JWKS, which publishes public keys.
/// </summary>
internal static class JwtAlgorithms
{
    /// <summary>JWK <c>kty</c> of RSA keys.</summary>
    public const string Rsa = "RSA";

    /// <summary>JWK <c>kty</c> of elliptic-curve keys.</summary>
    public const string EllipticCurve = "EC";

    /// <summary>The algorithms an authorizer may allow, with the key type (and curve) that verifies each.</summary>
    private static readonly FrozenDictionary<string, (string KeyType, string? Curve)> Known = new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
    {
        ["RS256"] = (Rsa, null),
        ["RS384"] = (Rsa, null),
        ["RS512"] = (Rsa, null),
        ["PS256"] = (Rsa, null),
        ["PS384"] = (Rsa, null),
        ["PS512"] = (Rsa, null),
        ["ES256"] = (EllipticCurve, "P-256"),
        ["ES384"] = (EllipticCurve, "P-384"),
        ["ES512"] = (EllipticCurve, "P-521"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The supported names, for messages.</summary>
    public const string SupportedList = "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512";

    /// <summary>Whether an authorizer may allow the algorithm (case-sensitive, as JWA names are).</summary>
    /// <param name="algorithm">The algorithm name.</param>
    /// <returns><see langword="true"/> for a supported public-key algorithm.</returns>
    public static bool IsSupported(string algorithm) => Known.ContainsKey(algorithm);

    /// <summary>Whether a key of this type and curve can verify the algorithm.</summary>
    /// <param name="algorithm">The token's <c>alg</c>.</param>
    /// <param name="keyType">The key's <c>kty</c>.</param>
    /// <param name="curve">The key's <c>crv</c>, for EC keys.</param>
    /// <returns><see langword="true"/> when the key fits the algorithm.</returns>
    public static bool Fits(string algorithm, string keyType, string? curve)
        => Known.TryGetValue(algorithm, out var needed)
            && string.Equals(needed.KeyType, keyType, StringComparison.Ordinal)
            && (needed.Curve is null || string.Equals(needed.Curve, curve, StringComparison.Ordinal));

    /// <summary>Whether the name is an HMAC algorithm (<c>HS256</c> and the like), which a JWKS-only authorizer cannot use.</summary>
    /// <param name="algorithm">The algorithm name.</param>
    /// <returns><see langword="true"/> for <c>HS*</c>.</returns>
    public static bool IsHmac(string algorithm) => algorithm.StartsWith("HS", StringComparison.OrdinalIgnoreCase);
}
