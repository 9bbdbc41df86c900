using System.Diagnostics.CodeAnalysis;
using Routing.Pipeline;

namespace Routing.Authorization.Jwt;

/// <summary>
/// Where a JWT authorizer reads the token: a request header (<c>$request.header.NAME</c>, name compared
/// case-insensitively) or a query-string parameter (<c>$request.querystring.NAME</c>, name compared case-sensitively
/// after percent-decoding, as API Gateway treats query parameters).
/// </summary>
internal sealed class JwtIdentitySource
{
    private const string BearerPrefix = "Bearer ";

    private readonly IdentitySource _source;

    private JwtIdentitySource(IdentitySource source) => _source = source;

    /// <summary>The header or parameter name.</summary>
    public string Name => _source.Name;

    /// <summary>Whether the token is in a header (else in the query string).</summary>
    public bool IsHeader => _source.Kind == IdentitySourceKind.Header;

    /// <summary>Parses an identity source expression: a header or a query-string parameter.</summary>
    /// <param name="expression">E.g. <c>$request.header.Authorization</c>.</param>
    /// <param name="source">The parsed source.</param>
    /// <returns>Whether the expression is a header or query-string source with a valid name.</returns>
    public static bool TryParse(string? expression, [NotNullWhen(true)] out JwtIdentitySource? source)
    {
        source = IdentitySource.TryParse(expression, out var parsed, out _) && parsed.Kind is IdentitySourceKind.Header or IdentitySourceKind.QueryString
            ? new JwtIdentitySource(parsed)
            : null;
        return source is not null;
    }

    /// <summary>Reads the token from a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="token">The token without a <c>Bearer</c> prefix; empty when the source is missing or empty.</param>
    /// <returns>
    /// <see langword="null"/> when a token (possibly empty) was read; otherwise the challenge to answer with (the source
    /// appears more than once).
    /// </returns>
    /// <remarks>
    /// The value may be the token alone or <c>Bearer </c> and the token (API Gateway's rule). The scheme is matched
    /// case-insensitively, as RFC 9110 11.1 has authentication schemes; any number of spaces may follow it
    /// (<c>Bearer </c> with nothing after it is a missing token). Spaces and
    /// tabs around the value are ignored; anything else (a second word) stays in the token, which then fails as
    /// malformed.
    /// </remarks>
    public string? TryRead(IntegrationRequest request, out ReadOnlySpan<char> token)
    {
        token = default;
        string? value = _source.Read(request, out int count);
        if (count > 1)
        {
            return JwtChallenge.Ambiguous;
        }

        if (value is null)
        {
            return null;
        }

        var span = value.AsSpan().TrimStart(" \t");
        if (span.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            span = span[BearerPrefix.Length..];
        }

        token = span.Trim(" \t");
        return null;
    }
}
