namespace Routing.Http;

/// <summary>
/// The query-string grammar of the gateway, written once: <c>&amp;</c> separates parameters, the first <c>=</c>
/// separates a name from its value, <c>+</c> is a space, and percent escapes are decoded once as UTF-8 (a malformed
/// escape stays as written). A name without <c>=</c> has the value <c>""</c>; empty pieces are skipped.
/// </summary>
internal static class QueryString
{
    /// <summary>Decodes one name or value: <c>+</c> is a space, then percent escapes as UTF-8.</summary>
    /// <param name="component">The raw text.</param>
    /// <returns>The decoded text.</returns>
    public static string Decode(ReadOnlySpan<char> component)
    {
        if (!component.ContainsAny('+', '%'))
        {
            return component.ToString();
        }

        return Uri.UnescapeDataString(component.ToString().Replace('+', ' '));
    }

    /// <summary>Whether a name can be a query parameter's: not empty, no controls, spaces, <c>&amp;</c>, <c>=</c>, <c>#</c> or <c>?</c>.</summary>
    /// <param name="name">The decoded name.</param>
    /// <returns>Whether it can.</returns>
    public static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c <= ' ' || c == '\u007f' || c is '&' or '=' or '#' or '?')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits a raw query string into decoded name/value pairs, in request order.</summary>
    /// <param name="rawQuery">The query string as sent, without <c>?</c>.</param>
    /// <returns>The pairs; empty when there are none.</returns>
    public static List<KeyValuePair<string, string>> Parse(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var piece = rawQuery.AsSpan(range);
            if (!piece.IsEmpty)
            {
                int equals = piece.IndexOf('=');
                pairs.Add(new(Decode(equals < 0 ? piece : piece[..equals]), equals < 0 ? string.Empty : Decode(piece[(equals + 1)..])));
            }
        }

        return pairs;
    }

    /// <summary>
    /// Splits a raw query string into decoded names and values with repeated names grouped, in order of first
    /// appearance.
    /// </summary>
    /// <param name="rawQuery">The query string as sent, without <c>?</c>.</param>
    /// <returns>The parameters; <see langword="null"/> when there are none.</returns>
    public static List<KeyValuePair<string, List<string>>>? ParseGrouped(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return null;
        }

        List<KeyValuePair<string, List<string>>>? parameters = null;
        Dictionary<string, int>? index = null;
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var piece = rawQuery.AsSpan(range);
            if (piece.IsEmpty)
            {
                continue;
            }

            int equals = piece.IndexOf('=');
            string name = Decode(equals < 0 ? piece : piece[..equals]);
            string value = equals < 0 ? string.Empty : Decode(piece[(equals + 1)..]);
            parameters ??= [];
            index ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (index.TryGetValue(name, out int at))
            {
                parameters[at].Value.Add(value);
            }
            else
            {
                index.Add(name, parameters.Count);
                parameters.Add(new(name, [value]));
            }
        }

        return parameters;
    }

    /// <summary>The decoded values of one parameter (name compared ordinally after decoding), in order.</summary>
    /// <param name="rawQuery">The query string as sent, without <c>?</c>.</param>
    /// <param name="name">The decoded name.</param>
    /// <returns>The values; <see langword="null"/> when the parameter is absent.</returns>
    public static List<string>? GetValues(string rawQuery, string name)
    {
        List<string>? values = null;
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var piece = rawQuery.AsSpan(range);
            if (piece.IsEmpty)
            {
                continue;
            }

            int equals = piece.IndexOf('=');
            if (string.Equals(Decode(equals < 0 ? piece : piece[..equals]), name, StringComparison.Ordinal))
            {
                (values ??= []).Add(equals < 0 ? string.Empty : Decode(piece[(equals + 1)..]));
            }
        }

        return values;
    }
}
