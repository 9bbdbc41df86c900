using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>A signing key made for a test run (RSA or EC), with its public JWK and signing for any JWS algorithm.</summary>
internal sealed class TestKey
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private TestKey(string kid, RSA? rsa, ECDsa? ec, string curve)
    {
        Kid = kid;
        _rsa = rsa;
        _ec = ec;
        Curve = curve;
    }

    public string Kid { get; }

    public string Curve { get; }

    public bool IsRsa => _rsa is not null;

    /// <summary>Extra members of the published JWK (<c>alg</c>, <c>use</c>, ...), or members to remove (value null).</summary>
    public Dictionary<string, string?> JwkMembers { get; } = new(StringComparer.Ordinal) { ["use"] = "sig" };

    public static TestKey Rsa(string kid, int bits = 2048, string? alg = "RS256")
    {
        var key = new TestKey(kid, RSA.Create(bits), null, string.Empty);
        if (alg is not null)
        {
            key.JwkMembers["alg"] = alg;
        }

        return key;
    }

    public static TestKey Ec(string kid, string curve = "P-256", string? alg = "ES256")
    {
        var named = curve switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "unknown curve"),
        };
        var key = new TestKey(kid, null, ECDsa.Create(named), curve);
        if (alg is not null)
        {
            key.JwkMembers["alg"] = alg;
        }

        return key;
    }

    /// <summary>The same key material published under another kid (or with other JWK members).</summary>
    public TestKey WithKid(string kid)
    {
        var copy = new TestKey(kid, _rsa, _ec, Curve);
        foreach (var (name, value) in JwkMembers)
        {
            copy.JwkMembers[name] = value;
        }

        return copy;
    }

    /// <summary>The public JWK as the issuer publishes it.</summary>
    public JsonObject PublicJwk()
    {
        JsonObject jwk;
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = Kid, ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
        }
        else
        {
            var p = _ec!.ExportParameters(false);
            jwk = new JsonObject { ["kty"] = "EC", ["kid"] = Kid, ["crv"] = Curve, ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!) };
        }

        foreach (var (name, value) in JwkMembers)
        {
            if (value is null)
            {
                jwk.Remove(name);
            }
            else
            {
                jwk[name] = value;
            }
        }

        return jwk;
    }

    /// <summary>Signs the JWS signing input with an algorithm (RS*, PS*, ES*).</summary>
    public byte[] Sign(string alg, byte[] input)
    {
        var hash = alg[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "no hash"),
        };
        return alg[..2] switch
        {
            "RS" => _rsa!.SignData(input, hash, RSASignaturePadding.Pkcs1),
            "PS" => _rsa!.SignData(input, hash, RSASignaturePadding.Pss),
            "ES" => _ec!.SignData(input, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "not a public-key algorithm"),
        };
    }

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>A JWKS document of keys.</summary>
    public static string Jwks(params TestKey[] keys) => new JsonObject { ["keys"] = new JsonArray([.. keys.Select(static k => (JsonNode)k.PublicJwk())]) }.ToJsonString();
}
