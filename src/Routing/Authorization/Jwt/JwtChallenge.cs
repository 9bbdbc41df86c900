using Routing.Definitions;


namespace Routing.Authorization.Jwt;

/// <summary>
/// The <c>www-authenticate</c> values a JWT authorizer sends with a 401, in API Gateway's captured form:
/// <c>Bearer scope="" error="invalid_token" error_description="..."</c>, attributes separated by spaces (not RFC 6750's
/// commas). Every description is a fixed text: nothing of the token (kid, claims, algorithm) is ever echoed, so no
/// client input can reach a response header. The values are built once; a rejection allocates no header text.
/// </summary>
internal static class JwtChallenge
{
    /// <summary>No token where the identity source points (header or query parameter missing or empty).</summary>
    public static readonly string Missing = Create("the token is missing");

    /// <summary>The identity source appears more than once, so the token is ambiguous.</summary>
    public static readonly string Ambiguous = Create("the token is given more than once");

    /// <summary>Longer than the authorizer's <see cref="JwtAuthorizerDefinition.MaxTokenBytes"/>; refused before decoding.</summary>
    public static readonly string TooLarge = Create("the token is too large");

    /// <summary>Not a compact JWS with base64url segments holding JSON objects.</summary>
    public static readonly string Malformed = Create("the token is malformed");

    /// <summary>A JWE: only signed tokens are accepted, and nothing is decrypted or decompressed.</summary>
    public static readonly string Encrypted = Create("encrypted tokens are not accepted");

    /// <summary><c>alg</c> missing, or not in the authorizer's allowed list.</summary>
    public static readonly string Algorithm = Create("the token's algorithm is not allowed");

    /// <summary>A <c>crit</c> header: no JWS extension is understood (RFC 7515 4.1.11).</summary>
    public static readonly string Critical = Create("the token has critical header parameters that are not supported");

    /// <summary>No <c>kid</c> (a key id is always required, whatever the JWKS holds).</summary>
    public static readonly string MissingKeyId = Create("the token does not have a valid key id");

    /// <summary>The <c>kid</c> names no usable key of the issuer's JWKS, even after a refresh.</summary>
    public static readonly string UnknownKeyId = Create("the token's key id does not match any key of the issuer");

    /// <summary>The issuer's keys could not be fetched and none are cached: fail closed.</summary>
    public static readonly string KeysUnavailable = Create("the issuer's signing keys are not available");

    /// <summary>The key that <c>kid</c> names cannot verify the token's algorithm (wrong type, curve or JWK <c>alg</c>).</summary>
    public static readonly string KeyMismatch = Create("the token's algorithm does not match its key");

    /// <summary>The signature is empty or does not verify.</summary>
    public static readonly string Signature = Create("the token does not have a valid signature");

    /// <summary><c>iss</c> missing, not a string, or not exactly the configured issuer.</summary>
    public static readonly string Issuer = Create("the token does not have a valid issuer");

    /// <summary>The documented one: <c>aud</c> (or, without <c>aud</c>, <c>client_id</c>) names no configured audience.</summary>
    public static readonly string Audience = Create("the token does not have a valid audience");

    /// <summary><c>exp</c> is missing or not a number.</summary>
    public static readonly string MissingExpiration = Create("the token does not have a valid expiration time");

    /// <summary><c>exp</c> is not after now (less the clock skew).</summary>
    public static readonly string Expired = Create("the token has expired");

    /// <summary><c>nbf</c> is after now (plus the clock skew), or not a number.</summary>
    public static readonly string NotYetValid = Create("the token is not valid yet");

    /// <summary><c>iat</c> is after now (plus the clock skew), or not a number.</summary>
    public static readonly string IssuedInFuture = Create("the token does not have a valid issue time");

    /// <summary>Any other failure.</summary>
    public static readonly string Invalid = Create("the token is not valid");

    private static string Create(string description) => $"Bearer scope=\"\" error=\"invalid_token\" error_description=\"{description}\"";
}
