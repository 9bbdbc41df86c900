using System.Buffers;
using Routing.Definitions;

namespace Routing.Cors;

/// <summary>
/// The grammar of a serialized origin, as browsers send it in <c>Origin</c>: <c>scheme://host[:port]</c>, nothing
/// else. Used to check configured origins and, for the scheme wildcards, the request's <c>Origin</c> before it is
/// echoed. Linear in the input; no allocation; no regular expression.
/// </summary>
/// <remarks>
/// The host is a DNS name (labels of letters, digits, <c>-</c> and <c>_</c>, separated by single dots, no empty label
/// and no trailing dot) or a bracketed IP literal (<c>[::1]</c>). Letters may be in either case here; matching decides
/// what case means. Non-ASCII hosts are refused: browsers send the punycode (<c>xn--</c>) form.
/// </remarks>
internal static class CorsOrigin
{
    private const int MaxLabelLength = 63;

    private static readonly SearchValues<char> SchemeChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    private static readonly SearchValues<char> LabelChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    private static readonly SearchValues<char> IpLiteralChars =
        SearchValues.Create("0123456789abcdefABCDEF:.");

    /// <summary>Checks an origin string.</summary>
    /// <param name="origin">The text, e.g. <c>https://app.example.com:8443</c>.</param>
    /// <returns><see cref="CorsOriginSyntax.Valid"/>, or what is wrong first.</returns>
    public static CorsOriginSyntax Check(ReadOnlySpan<char> origin)
    {
        if (origin.IsWhiteSpace())
        {
            return CorsOriginSyntax.Empty;
        }

        if (origin.Length > CorsConfiguration.MaxOriginLength)
        {
            return CorsOriginSyntax.TooLong;
        }

        foreach (char c in origin)
        {
            if (c is <= ' ' or >= '\u007f')
            {
                return CorsOriginSyntax.BadCharacter;
            }
        }

        if (origin.Contains('*'))
        {
            return CorsOriginSyntax.Pattern;
        }

        int separator = origin.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !char.IsAsciiLetter(origin[0]) || origin[..separator].ContainsAnyExcept(SchemeChars))
        {
            return CorsOriginSyntax.NoScheme;
        }

        var authority = origin[(separator + 3)..];
        int end = authority.IndexOfAny('/', '?', '#');
        if (end >= 0)
        {
            return CorsOriginSyntax.Path;
        }

        if (authority.Contains('@'))
        {
            return CorsOriginSyntax.UserInfo;
        }

        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0)
            {
                return CorsOriginSyntax.BadHost;
            }

            host = authority[..(close + 1)];
            var rest = authority[(close + 1)..];
            if (rest.IsEmpty)
            {
                port = default;
            }
            else if (rest[0] == ':')
            {
                port = rest[1..];
                if (port.IsEmpty)
                {
                    return CorsOriginSyntax.BadPort;
                }
            }
            else
            {
                return CorsOriginSyntax.BadHost;
            }

            if (!IsIpLiteral(host))
            {
                return CorsOriginSyntax.BadHost;
            }
        }
        else
        {
            int colon = authority.IndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? default : authority[(colon + 1)..];
            if (colon >= 0 && port.IsEmpty)
            {
                return CorsOriginSyntax.BadPort;
            }

            if (!IsHostName(host))
            {
                return CorsOriginSyntax.BadHost;
            }
        }

        return port.IsEmpty || IsPort(port) ? CorsOriginSyntax.Valid : CorsOriginSyntax.BadPort;
    }

    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.IsEmpty || label.Length > MaxLabelLength || label.ContainsAnyExcept(LabelChars))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIpLiteral(ReadOnlySpan<char> bracketed)
    {
        var inner = bracketed[1..^1];
        return inner.Length >= 2 && inner.Contains(':') && !inner.ContainsAnyExcept(IpLiteralChars);
    }

    private static bool IsPort(ReadOnlySpan<char> port)
    {
        if (port.Length > 5 || port.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        int value = 0;
        foreach (char c in port)
        {
            value = (value * 10) + (c - '0');
        }

        return value is >= 1 and <= 65535;
    }
}
