namespace Routing.Http;

/// <summary>Look-ups on header lines kept as an ordered list (names compared case-insensitively).</summary>
internal static class HeaderLines
{
    /// <summary>The value of the first line named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static string? First(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return headers[i].Value;
            }
        }

        return null;
    }

    /// <summary>Every line named <paramref name="name"/>, joined with <c>,</c> in order; <see langword="null"/> when there is none.</summary>
    /// <param name="headers">The header lines.</param>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <param name="count">How many lines have the name.</param>
    /// <returns>The joined value.</returns>
    public static string? Join(IReadOnlyList<KeyValuePair<string, string>> headers, string name, out int count)
    {
        string? result = null;
        count = 0;
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                result = result is null ? headers[i].Value : result + "," + headers[i].Value;
                count++;
            }
        }

        return result;
    }

    /// <summary>Every line named <paramref name="name"/>, joined with <c>,</c> in order; <see langword="null"/> when there is none.</summary>
    /// <param name="headers">The header lines.</param>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The joined value.</returns>
    public static string? Join(IReadOnlyList<KeyValuePair<string, string>> headers, string name) => Join(headers, name, out _);
}
