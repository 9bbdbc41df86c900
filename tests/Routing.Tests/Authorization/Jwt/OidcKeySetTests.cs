using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Routing.Authorization.Jwt;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>Which keys of a JWKS the authorizer may use.</summary>
public sealed class OidcKeySetTests
{
    private static readonly TestKey K1 = JwtTestContext.K1;
    private static readonly TestKey K2 = JwtTestContext.K2;
    private static readonly TestKey E1 = JwtTestContext.E1;

    [Fact]
    public void Create_RsaAndEcSigningKeys_AreUsable()
    {
        var set = Create(K1, K2, E1);

        Assert.Equal(["e1", "k1", "k2"], set.KeyIds.Order(StringComparer.Ordinal));
        Assert.True(set.TryGetKey("k1", out var k1));
        Assert.True(k1.CanVerify("RS256"));
        Assert.False(k1.CanVerify("RS512")); // the JWK says alg RS256
        Assert.True(set.TryGetKey("e1", out var e1));
        Assert.True(e1.CanVerify("ES256"));
        Assert.False(e1.CanVerify("ES384"));
        Assert.False(e1.CanVerify("RS256"));
        Assert.False(set.TryGetKey("K1", out _));
    }

    [Fact]
    public void Create_KeyWithoutAlg_VerifiesEveryAlgorithmOfItsType()
    {
        var key = K1.WithKid("free");
        key.JwkMembers["alg"] = null;

        Assert.True(Create(key).TryGetKey("free", out var free));
        Assert.True(free.CanVerify("RS512"));
        Assert.True(free.CanVerify("PS256"));
        Assert.False(free.CanVerify("ES256"));
    }

    [Fact]
    public void Create_DuplicateKid_MakesThatKidUnusableButKeepsTheOthers()
    {
        var set = Create(K1, K2.WithKid("k1"), E1);

        Assert.False(set.TryGetKey("k1", out _));
        Assert.True(set.TryGetKey("e1", out _));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Create_EncryptionKeysAndKeysWithoutVerify_AreIgnored()
    {
        var enc = K1.WithKid("x1");
        enc.JwkMembers["use"] = "enc";
        var signOnly = K2.WithKid("ops");
        signOnly.JwkMembers["use"] = null;

        var set = CreateFromJwks(enc.PublicJwk(), With(signOnly.PublicJwk(), "key_ops", new JsonArray("sign")), With(K2.PublicJwk(), "key_ops", new JsonArray("verify")));

        Assert.Equal(["k2"], set.KeyIds);
    }

    [Fact]
    public void Create_WeakOrBrokenRsaKeys_AreIgnored()
    {
        var small = TestKey.Rsa("small", bits: 1024);
        var exponentOne = With(K1.WithKid("e-one").PublicJwk(), "e", "AQ");
        var evenExponent = With(K1.WithKid("e-even").PublicJwk(), "e", "AAEAAA");
        var badBase64 = With(K1.WithKid("bad").PublicJwk(), "n", "not*base64");
        var noKid = With(K1.PublicJwk(), "kid", string.Empty);

        var set = CreateFromJwks(small.PublicJwk(), exponentOne, evenExponent, badBase64, noKid, K2.PublicJwk());

        Assert.Equal(["k2"], set.KeyIds);
    }

    [Fact]
    public void Create_BrokenEcKeysAndOtherKeyTypes_AreIgnored()
    {
        var wrongCurve = With(E1.WithKid("curve").PublicJwk(), "crv", "P-384");
        var offCurve = With(E1.WithKid("off").PublicJwk(), "y", TestKey.B64(new byte[32]));
        var secp256k1 = With(E1.WithKid("k256").PublicJwk(), "crv", "secp256k1");
        var oct = new JsonObject { ["kty"] = "oct", ["kid"] = "hmac", ["k"] = TestKey.B64(new byte[32]) };
        var okp = new JsonObject { ["kty"] = "OKP", ["kid"] = "ed", ["crv"] = "Ed25519", ["x"] = TestKey.B64(new byte[32]) };

        var set = CreateFromJwks(wrongCurve, offCurve, secp256k1, oct, okp, E1.PublicJwk());

        Assert.Equal(["e1"], set.KeyIds);
    }

    [Fact]
    public void Create_NoJwks_IsEmpty()
    {
        Assert.Equal(0, OidcKeySet.Create(new OpenIdConnectConfiguration(), 0).Count);
    }

    private static OidcKeySet Create(params TestKey[] keys) => CreateFromJwks([.. keys.Select(static k => k.PublicJwk())]);

    private static OidcKeySet CreateFromJwks(params JsonObject[] jwks)
    {
        string json = new JsonObject { ["keys"] = new JsonArray([.. jwks.Select(static j => (JsonNode)j.DeepClone())]) }.ToJsonString();
        var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = new JsonWebKeySet(json) };
        return OidcKeySet.Create(configuration, 0);
    }

    private static JsonObject With(JsonObject jwk, string name, JsonNode value)
    {
        jwk[name] = value;
        return jwk;
    }
}
