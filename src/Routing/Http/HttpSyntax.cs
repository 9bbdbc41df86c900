using System.Buffers;

namespace Routing.Http;

/// <summary>
/// The HTTP grammar the gateway checks names and values against, written once: RFC 9110 tokens (header names,
/// methods, CORS lists, identity sources, mapping keys) and field values (what may be sent in a header).
/// </summary>
internal static class HttpSyntax
{
    /// <summary>The characters a token may hold (RFC 9110 section 5.6.2, <c>tchar</c>).</summary>
    public const string TokenSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>Every <c>tchar</c>: letters, digits and <see cref="TokenSymbols"/>.</summary>
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>The <c>tchar</c>s of a method as the gateway accepts it: no lower-case letters.</summary>
    private static readonly SearchValues<char> MethodChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~");

    /// <summary>Whether the text is a non-empty token (a header name, a method, a CORS list entry).</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    /// <summary>Whether the text is a non-empty token without lower-case letters (a method as sent by clients that the gateway serves).</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsUpperCaseToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(MethodChars);

    /// <summary>Whether a value may be sent in a header: no control characters other than a tab (so never CR, LF or NUL).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it may.</returns>
    public static bool IsFieldValue(ReadOnlySpan<char> value)
    {
        foreach (char c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads a <c>Content-Length</c> value: one or more digits (RFC 9110 section 8.6), surrounding spaces and tabs
    /// ignored; no sign, no list, at most <see cref="long.MaxValue"/>.
    /// </summary>
    /// <param name="value">The header value.</param>
    /// <param name="length">The length when it is valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParseContentLength(ReadOnlySpan<char> value, out long length)
    {
        value = value.Trim(" \t");
        length = 0;
        return !value.IsEmpty && !value.ContainsAnyExceptInRange('0', '9')
            && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length);
    }
}
