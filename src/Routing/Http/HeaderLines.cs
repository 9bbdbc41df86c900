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
}
