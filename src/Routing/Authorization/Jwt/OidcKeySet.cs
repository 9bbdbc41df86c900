using System.Buffers.Text;
using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Routing.Authorization.Jwt;

/// <summary>
/// The usable signing keys of one fetched OIDC configuration, by <c>kid</c>: immutable, built once per fetch, read by
/// every request without locks. The rules are in <see cref="OidcKeySource"/>'s remarks.
/// </summary>
internal sealed class OidcKeySet
{
    private const int MinRsaBits = 2048;
    private const int MaxRsaBits = 16384;

    private readonly FrozenDictionary<string, OidcSigningKey> _keys;

    private OidcKeySet(OpenIdConnectConfiguration configuration, FrozenDictionary<string, OidcSigningKey> keys, long fetchedAt)
    {
        Configuration = configuration;
        _keys = keys;
        FetchedAt = fetchedAt;
    }

    /// <summary>The configuration the keys came from.</summary>
    public OpenIdConnectConfiguration Configuration { get; }

    /// <summary>When it was fetched (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long FetchedAt { get; }

    /// <summary>How many keys are usable.</summary>
    public int Count => _keys.Count;

    /// <summary>The key ids, for diagnostics and tests.</summary>
    public IEnumerable<string> KeyIds => _keys.Keys;

    /// <summary>Looks a key up by <c>kid</c> (ordinal, case-sensitive).</summary>
    /// <param name="kid">The token's key id.</param>
    /// <param name="key">The key.</param>
    /// <returns>Whether the set has a usable key with that id.</returns>
    public bool TryGetKey(string kid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OidcSigningKey? key) => _keys.TryGetValue(kid, out key);

    /// <summary>Picks the usable keys of a configuration's JWKS.</summary>
    /// <param name="configuration">The fetched configuration.</param>
    /// <param name="fetchedAt">When it was fetched.</param>
    /// <returns>The set (possibly empty).</returns>
    public static OidcKeySet Create(OpenIdConnectConfiguration configuration, long fetchedAt)
    {
        var usable = new Dictionary<string, OidcSigningKey>(StringComparer.Ordinal);
        if (configuration.JsonWebKeySet?.Keys is { Count: > 0 } keys)
        {
            // A kid published twice is ambiguous: it is unusable, whichever of its keys is valid (never "first wins").
            var published = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var jwk in keys)
            {
                if (!string.IsNullOrEmpty(jwk.Kid))
                {
                    published[jwk.Kid] = published.GetValueOrDefault(jwk.Kid) + 1;
                }
            }

            foreach (var jwk in keys)
            {
                if (!string.IsNullOrEmpty(jwk.Kid) && published[jwk.Kid] == 1 && TryCreate(jwk) is { } key)
                {
                    usable.Add(jwk.Kid, key);
                }
            }
        }

        var frozen = usable.ToFrozenDictionary(StringComparer.Ordinal);
        return new OidcKeySet(configuration, frozen, fetchedAt);
    }

    private static OidcSigningKey? TryCreate(JsonWebKey jwk)
    {
        if (!string.IsNullOrEmpty(jwk.Use) && !string.Equals(jwk.Use, JsonWebKeyUseNames.Sig, StringComparison.Ordinal))
        {
            return null;
        }

        if (jwk.KeyOps.Count > 0 && !jwk.KeyOps.Contains("verify"))
        {
            return null;
        }

        string? algorithm = string.IsNullOrEmpty(jwk.Alg) ? null : jwk.Alg;
        try
        {
            return jwk.Kty switch
            {
                JsonWebAlgorithmsKeyTypes.RSA => CreateRsa(jwk, algorithm),
                JsonWebAlgorithmsKeyTypes.EllipticCurve => CreateEc(jwk, algorithm),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static OidcSigningKey? CreateRsa(JsonWebKey jwk, string? algorithm)
    {
        if (string.IsNullOrEmpty(jwk.N) || string.IsNullOrEmpty(jwk.E))
        {
            return null;
        }

        byte[] modulus = TrimLeadingZeros(Base64Url.DecodeFromChars(jwk.N));
        byte[] exponent = TrimLeadingZeros(Base64Url.DecodeFromChars(jwk.E));
        int bits = modulus.Length == 0 ? 0 : ((modulus.Length - 1) * 8) + (32 - int.LeadingZeroCount(modulus[0]));
        bool exponentOk = exponent.Length is > 0 and <= 8 && (exponent[^1] & 1) == 1 && !(exponent.Length == 1 && exponent[0] == 1);
        if (bits is < MinRsaBits or > MaxRsaBits || !exponentOk)
        {
            return null;
        }

        var parameters = new RSAParameters { Modulus = modulus, Exponent = exponent };
        using (var check = RSA.Create())
        {
            check.ImportParameters(parameters);
        }

        return new OidcSigningKey(new RsaSecurityKey(parameters) { KeyId = jwk.Kid }, JwtAlgorithms.Rsa, null, algorithm);
    }

    private static OidcSigningKey? CreateEc(JsonWebKey jwk, string? algorithm)
    {
        var (curve, size) = jwk.Crv switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, 32),
            "P-384" => (ECCurve.NamedCurves.nistP384, 48),
            "P-521" => (ECCurve.NamedCurves.nistP521, 66),
            _ => (default(ECCurve), 0),
        };
        if (size == 0 || string.IsNullOrEmpty(jwk.X) || string.IsNullOrEmpty(jwk.Y))
        {
            return null;
        }

        byte[] x = Base64Url.DecodeFromChars(jwk.X);
        byte[] y = Base64Url.DecodeFromChars(jwk.Y);
        if (x.Length != size || y.Length != size)
        {
            return null;
        }

        // Importing checks that the point is on the curve. The instance lives as long as the key set.
        var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
        return new OidcSigningKey(new ECDsaSecurityKey(ecdsa) { KeyId = jwk.Kid }, JwtAlgorithms.EllipticCurve, jwk.Crv, algorithm);
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        int start = 0;
        while (start < value.Length && value[start] == 0)
        {
            start++;
        }

        return start == 0 ? value : value[start..];
    }
}

/// <summary>A usable signing key of an issuer's JWKS.</summary>
/// <param name="Key">The key (public part only).</param>
/// <param name="KeyType">Its <c>kty</c>: <c>RSA</c> or <c>EC</c>.</param>
/// <param name="Curve">Its <c>crv</c> for an EC key.</param>
/// <param name="Algorithm">The JWK's <c>alg</c>, when it declares one: then only that algorithm may use the key.</param>
internal sealed record OidcSigningKey(SecurityKey Key, string KeyType, string? Curve, string? Algorithm)
{
    /// <summary>The key as the one-element list a key resolver returns (allocated once).</summary>
    public IReadOnlyList<SecurityKey> AsList { get; } = [Key];

    /// <summary>Whether the key may verify a token signed with the algorithm.</summary>
    /// <param name="algorithm">The token's <c>alg</c>.</param>
    /// <returns><see langword="true"/> when the key type, curve and declared <c>alg</c> fit.</returns>
    public bool CanVerify(string algorithm)
        => JwtAlgorithms.Fits(algorithm, KeyType, Curve)
            && (Algorithm is null || string.Equals(Algorithm, algorithm, StringComparison.Ordinal));
}
