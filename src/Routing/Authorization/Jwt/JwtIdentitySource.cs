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
    private const string HeaderPrefix = "$request.header.";
    private const string QueryPrefix = "$request.querystring.";
    private const string BearerPrefix = "Bearer ";

    private JwtIdentitySource(string name, bool isHeader)
    {
        Name = name;
        IsHeader = isHeader;
    }

    /// <summary>The header or parameter name.</summary>
    public string Name { get; }

    /// <summary>Whether the token is in a header (else in the query string).</summary>
    public bool IsHeader { get; }

    /// <summary>Parses an identity source expression.</summary>
    /// <param name="expression">E.g. <c>$request.header.Authorization</c>.</param>
    /// <param name="source">The parsed source.</param>
    /// <returns>Whether the expression is a header or query-string source with a valid name.</returns>
    public static bool TryParse(string? expression, [NotNullWhen(true)] out JwtIdentitySource? source)
    {
        source = null;
        if (expression is null)
        {
            return false;
        }

        if (expression.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            string name = expression[HeaderPrefix.Length..];
            if (name.Length > 0 && IsHeaderName(name))
            {
                source = new JwtIdentitySource(name, isHeader: true);
            }
        }
        else if (expression.StartsWith(QueryPrefix, StringComparison.Ordinal))
        {
            string name = expression[QueryPrefix.Length..];
            if (name.Length > 0 && IsQueryName(name))
            {
                source = new JwtIdentitySource(name, isHeader: false);
            }
        }

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
        string? value = null;
        if (IsHeader)
        {
            foreach (var header in request.Headers)
            {
                if (string.Equals(header.Key, Name, StringComparison.OrdinalIgnoreCase))
                {
                    if (value is not null)
                    {
                        return JwtChallenge.Ambiguous;
                    }

                    value = header.Value;
                }
            }
        }
        else if (!TryReadQuery(request.RawQueryString, Name, out value))
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

    /// <summary>Finds one parameter in a raw query string (<c>a=1&amp;b=2</c>), decoding names and values once.</summary>
    /// <returns><see langword="false"/> when the parameter appears more than once.</returns>
    private static bool TryReadQuery(string rawQuery, string name, out string? value)
    {
        value = null;
        var rest = rawQuery.AsSpan();
        while (!rest.IsEmpty)
        {
            int amp = rest.IndexOf('&');
            var pair = amp < 0 ? rest : rest[..amp];
            rest = amp < 0 ? default : rest[(amp + 1)..];
            int eq = pair.IndexOf('=');
            var rawName = eq < 0 ? pair : pair[..eq];
            if (!string.Equals(Decode(rawName), name, StringComparison.Ordinal))
            {
                continue;
            }

            if (value is not null)
            {
                return false;
            }

            value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
        }

        return true;
    }

    private static string Decode(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOfAny('%', '+') < 0)
        {
            return raw.ToString();
        }

        return Uri.UnescapeDataString(raw.ToString().Replace('+', ' '));
    }

    private static bool IsHeaderName(string name)
    {
        foreach (char c in name)
        {
            bool tchar = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
            if (!tchar)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsQueryName(string name)
    {
        foreach (char c in name)
        {
            if (c <= ' ' || c == '\u007f' || c is '&' or '=' or '#' or '?')
            {
                return false;
            }
        }

        return true;
    }
}
