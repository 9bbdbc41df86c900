using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>Builds compact JWS tokens byte by byte, valid or broken on purpose.</summary>
internal static class TestJwt
{
    /// <summary>The API clock of the unit tests: 2030-01-01T00:00:00Z (the adversarial corpus's <c>now</c>).</summary>
    public const long Now = 1893456000;

    /// <summary>A new fake clock at <see cref="Now"/>; it moves only when the test advances it.</summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.FromUnixTimeSeconds(Now));

    public const string Issuer = "https://issuer.example.test";

    public const string Audience = "api://pets";

    /// <summary>A payload that passes every check at <see cref="Now"/>.</summary>
    public static JsonObject Claims(Action<JsonObject>? edit = null)
    {
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = "user-1",
            ["aud"] = Audience,
            ["iat"] = Now - 60,
            ["nbf"] = Now - 60,
            ["exp"] = Now + 3600,
        };
        edit?.Invoke(claims);
        return claims;
    }

    /// <summary>A header with <c>alg</c>, <c>typ</c> and <c>kid</c> (omitted when null).</summary>
    public static JsonObject Header(string alg = "RS256", string? kid = "k1")
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        return header;
    }

    /// <summary>Signs header and claims with a key, using the header's <c>alg</c>.</summary>
    public static string Sign(TestKey key, JsonObject? claims = null, JsonObject? header = null)
    {
        header ??= Header(kid: key.Kid);
        string alg = header["alg"]!.GetValue<string>();
        return SignRaw(header.ToJsonString(), (claims ?? Claims()).ToJsonString(), input => key.Sign(alg, input));
    }

    /// <summary>Signs with HMAC (SHA-256) and a shared secret.</summary>
    public static string SignHmac(byte[] secret, JsonObject? claims = null, JsonObject? header = null)
        => SignRaw((header ?? Header("HS256")).ToJsonString(), (claims ?? Claims()).ToJsonString(), input => HMACSHA256.HashData(secret, input));

    /// <summary>Builds a token from exact header and payload text; the signature covers them as encoded.</summary>
    public static string SignRaw(string headerJson, string payloadJson, Func<byte[], byte[]> sign)
        => SignRawBytes(Encoding.UTF8.GetBytes(headerJson), Encoding.UTF8.GetBytes(payloadJson), sign);

    public static string SignRawBytes(byte[] header, byte[] payload, Func<byte[], byte[]> sign)
    {
        string input = TestKey.B64(header) + "." + TestKey.B64(payload);
        return input + "." + TestKey.B64(sign(Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>An unsigned token (<c>alg</c> as given, empty signature).</summary>
    public static string Unsigned(JsonObject header, JsonObject? claims = null)
        => TestKey.B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + TestKey.B64(Encoding.UTF8.GetBytes((claims ?? Claims()).ToJsonString())) + ".";

    /// <summary>Flips one bit of the signature's last byte.</summary>
    public static string CorruptSignature(string token)
    {
        int dot = token.LastIndexOf('.');
        byte[] signature = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        signature[^1] ^= 0x01;
        return token[..(dot + 1)] + TestKey.B64(signature);
    }
}
