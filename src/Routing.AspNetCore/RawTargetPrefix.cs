using Microsoft.AspNetCore.Http;

namespace Routing.AspNetCore;

/// <summary>
/// The path prefix under which <c>MapHttpApi</c> serves an API, removed from the RAW request-target (so the gateway
/// still decodes the rest exactly once). The prefix is compared ordinally against the raw characters: an encoded or
/// differently cased spelling of it is not the API's.
/// </summary>
internal static class RawTargetPrefix
{
    /// <summary>Checks and normalizes a prefix: <c>/</c> becomes empty, a trailing <c>/</c> is dropped.</summary>
    public static string Normalize(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string trimmed = prefix.Length > 1 && prefix[^1] == '/' ? prefix[..^1] : prefix;
        if (trimmed == "/")
        {
            return string.Empty;
        }

        bool valid = trimmed.Length > 1 && trimmed[0] == '/';
        if (valid)
        {
            foreach (string segment in trimmed[1..].Split('/'))
            {
                if (segment.Length == 0 || segment is "." or ".." || !segment.All(IsUnreserved))
                {
                    valid = false;
                    break;
                }
            }
        }

        return valid
            ? trimmed
            : throw new ArgumentException(
                $"The HTTP API prefix '{prefix}' is not valid: use '/' followed by segments of letters, digits, '-', '.', '_' and '~' (e.g. '/api'), or '/' for none.",
                nameof(prefix));
    }

    /// <summary>
    /// The raw request-target the API serves: the one the client sent without the host's path base
    /// (<c>UsePathBase</c>) and without <paramref name="prefix"/>.
    /// </summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="prefix">A prefix from <see cref="Normalize"/>; empty for none.</param>
    /// <param name="target">The target to dispatch.</param>
    /// <returns>Whether the raw target spells the path base and the prefix (otherwise it is not the API's).</returns>
    public static bool TryGetApiTarget(HttpContext context, string prefix, out string target)
    {
        string rawTarget = context.GetRawTarget();
        var pathBase = context.Request.PathBase;

        // The path base is decoded; its raw spelling must match what was sent, or the request is not the API's.
        string fullPrefix = pathBase.HasValue ? pathBase.ToUriComponent() + prefix : prefix;
        return TryStrip(rawTarget, fullPrefix, out target);
    }

    /// <summary>
    /// Removes the prefix from a raw request-target. Origin-form targets are used as sent; an absolute-form target
    /// (<c>http://host/prefix/x</c>) is reduced to its path first. The prefix must be followed by <c>/</c>, <c>?</c> or
    /// the end, so <c>/prefixX</c> is not under <c>/prefix</c>.
    /// </summary>
    /// <param name="rawTarget">The raw request-target.</param>
    /// <param name="prefix">A prefix from <see cref="Normalize"/>; empty for none.</param>
    /// <param name="remainder">The target without the prefix, starting with <c>/</c>.</param>
    /// <returns>Whether the target is under the prefix.</returns>
    public static bool TryStrip(string rawTarget, string prefix, out string remainder)
    {
        remainder = rawTarget;
        if (prefix.Length == 0)
        {
            return true;
        }

        var target = rawTarget.AsSpan();
        if (target.IsEmpty)
        {
            return false;
        }

        if (target[0] != '/')
        {
            int scheme = target.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0 || !(target[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase)
                                 || target[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            var afterAuthority = target[(scheme + 3)..];
            int pathStart = afterAuthority.IndexOf('/');
            if (pathStart < 0)
            {
                return false;
            }

            target = afterAuthority[pathStart..];
        }

        if (!target.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = target[prefix.Length..];
        if (rest.IsEmpty)
        {
            remainder = "/";
            return true;
        }

        switch (rest[0])
        {
            case '/':
                remainder = rest.ToString();
                return true;
            case '?':
                remainder = string.Concat("/", rest);
                return true;
            default:
                return false;
        }
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
