using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Routing.Pipeline;

namespace Routing.Authorization.Jwt;

/// <summary>Reading the token and checking its shape, before any key is looked up.</summary>
internal sealed partial class JwtAuthorizer
{
    /// <summary>
    /// Strict JSON for header and payload: duplicate member names are refused (RFC 7515 4 / 7519 4 allow refusing them,
    /// and "last wins" is how claim-forgery bugs such as CVE-2022-39227 start), and depth is bounded.
    /// </summary>
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>
    /// Reads the token and checks everything that needs no key: size, compact JWS structure, header, claim types.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="candidate">The token and what was read from it, when it passes.</param>
    /// <returns><see langword="null"/> when the token may be validated; otherwise the challenge to answer with.</returns>
    private string? Read(IntegrationRequest request, out TokenCandidate? candidate)
    {
        candidate = null;
        if (_identitySource.TryRead(request, out var token) is { } ambiguous)
        {
            return ambiguous;
        }

        if (token.IsEmpty)
        {
            return JwtChallenge.Missing;
        }

        // Refused before any decoding. Every character of a valid token is one byte, so the length is the byte count.
        if (token.Length > _maxTokenBytes)
        {
            return JwtChallenge.TooLarge;
        }

        int firstDot = -1;
        int secondDot = -1;
        int dots = 0;
        for (int i = 0; i < token.Length; i++)
        {
            char c = token[i];
            if (c == '.')
            {
                dots++;
                if (dots == 1)
                {
                    firstDot = i;
                }
                else if (dots == 2)
                {
                    secondDot = i;
                }
            }
            else if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                // Padding, the standard alphabet, whitespace and anything else: not base64url (RFC 7515 2).
                return JwtChallenge.Malformed;
            }
        }

        if (dots == 4)
        {
            return JwtChallenge.Encrypted;
        }

        if (dots != 2 || firstDot == 0 || secondDot == firstDot + 1)
        {
            return JwtChallenge.Malformed;
        }

        if (ReadHeader(token[..firstDot], out string? algorithm, out string? keyId) is { } headerFailure)
        {
            return headerFailure;
        }

        if (secondDot == token.Length - 1)
        {
            // No signature at all.
            return JwtChallenge.Signature;
        }

        if (ReadClaims(token[(firstDot + 1)..secondDot], out var claims, out bool issuerMatches) is { } claimsFailure)
        {
            return claimsFailure;
        }

        candidate = new TokenCandidate(token.ToString(), algorithm!, keyId!, claims!, issuerMatches);
        return null;
    }

    private string? ReadHeader(ReadOnlySpan<char> segment, out string? algorithm, out string? keyId)
    {
        algorithm = null;
        keyId = null;
        if (!TryDecode(segment, out byte[]? bytes))
        {
            return JwtChallenge.Malformed;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, StrictJson);
        }
        catch (JsonException)
        {
            return JwtChallenge.Malformed;
        }

        using (document)
        {
            var header = document.RootElement;
            if (header.ValueKind != JsonValueKind.Object)
            {
                return JwtChallenge.Malformed;
            }

            if (header.TryGetProperty("enc", out _) || header.TryGetProperty("zip", out _))
            {
                return JwtChallenge.Encrypted;
            }

            if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || !_algorithms.Contains(alg.GetString()!))
            {
                return JwtChallenge.Algorithm;
            }

            if (header.TryGetProperty("crit", out _))
            {
                return JwtChallenge.Critical;
            }

            // A nested JWT would be a token inside a token; only plain claim sets are accepted.
            if (header.TryGetProperty("cty", out var cty) && (cty.ValueKind != JsonValueKind.String || string.Equals(cty.GetString(), "JWT", StringComparison.OrdinalIgnoreCase)))
            {
                return JwtChallenge.Malformed;
            }

            if (!header.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String || kid.GetString() is not { Length: > 0 } kidText)
            {
                return JwtChallenge.MissingKeyId;
            }

            algorithm = alg.GetString();
            keyId = kidText;
            return null;
        }
    }

    /// <summary>The payload as a JSON object whose registered claims have the types RFC 7519 gives them.</summary>
    private string? ReadClaims(ReadOnlySpan<char> segment, out JsonObject? claims, out bool issuerMatches)
    {
        claims = null;
        issuerMatches = false;
        if (!TryDecode(segment, out byte[]? bytes))
        {
            return JwtChallenge.Malformed;
        }

        try
        {
            claims = JsonNode.Parse(bytes, documentOptions: StrictJson) as JsonObject;
        }
        catch (JsonException)
        {
            return JwtChallenge.Malformed;
        }

        if (claims is null)
        {
            return JwtChallenge.Malformed;
        }

        if (!TryGetString(claims, "iss", out string? issuer))
        {
            return JwtChallenge.Issuer;
        }

        issuerMatches = string.Equals(issuer, Definition.Issuer, StringComparison.Ordinal);
        if (!IsNumber(claims["exp"]))
        {
            return JwtChallenge.MissingExpiration;
        }

        if (claims.TryGetPropertyValue("nbf", out var nbf) && !IsNumber(nbf))
        {
            return JwtChallenge.NotYetValid;
        }

        if (claims.TryGetPropertyValue("iat", out var iat) && !IsNumber(iat))
        {
            return JwtChallenge.IssuedInFuture;
        }

        if (claims.TryGetPropertyValue("aud", out var aud))
        {
            bool wellTyped = aud switch
            {
                JsonValue value => value.GetValueKind() == JsonValueKind.String,
                JsonArray array => array.All(static item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String),
                _ => false,
            };
            if (!wellTyped)
            {
                return JwtChallenge.Audience;
            }
        }
        else if (claims.ContainsKey("client_id") && !TryGetString(claims, "client_id", out _))
        {
            return JwtChallenge.Audience;
        }

        return null;
    }

    /// <summary>Base64url without padding (the caller has checked the alphabet), then strict UTF-8.</summary>
    private static bool TryDecode(ReadOnlySpan<char> segment, out byte[]? bytes)
    {
        bytes = null;
        if (segment.IsEmpty || segment.Length % 4 == 1)
        {
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(segment);
        }
        catch (FormatException)
        {
            return false;
        }

        return Utf8.IsValid(bytes);
    }

    private static bool TryGetString(JsonObject claims, string name, out string? value)
    {
        value = null;
        return claims[name] is JsonValue node && node.GetValueKind() == JsonValueKind.String && node.TryGetValue(out value);
    }

    private static bool IsNumber(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number;

    /// <summary>A token that passed every check that needs no key.</summary>
    /// <param name="Token">The compact JWS.</param>
    /// <param name="Algorithm">Its <c>alg</c>, one of the allowed ones.</param>
    /// <param name="KeyId">Its <c>kid</c>.</param>
    /// <param name="Claims">Its payload.</param>
    /// <param name="IssuerMatches">Whether <c>iss</c> is this authorizer's issuer (only then may an unknown kid cause a refresh).</param>
    private sealed record TokenCandidate(string Token, string Algorithm, string KeyId, JsonObject Claims, bool IssuerMatches);
}
