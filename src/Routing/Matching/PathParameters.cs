using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Routing.Matching;

/// <summary>
/// A route's path parameters for one request: the route's parameter names (shared) beside this request's values. A
/// route has a handful of parameters, so look-ups scan; nothing is hashed or copied per request.
/// </summary>
internal sealed class PathParameters : IReadOnlyDictionary<string, string>
{
    /// <summary>No parameters.</summary>
    public static readonly PathParameters Empty = new([], []);

    private readonly string[] _names;
    private readonly string[] _values;

    /// <summary>Pairs names and values by position.</summary>
    /// <param name="names">The names (not copied; never changed).</param>
    /// <param name="values">The values, as many as the names.</param>
    public PathParameters(string[] names, string[] values)
    {
        _names = names;
        _values = values;
    }

    /// <inheritdoc />
    public int Count => _names.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _names;

    /// <inheritdoc />
    public IEnumerable<string> Values => _values;

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"The route has no path parameter '{key}'.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => Array.IndexOf(_names, key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        int index = Array.IndexOf(_names, key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    /// <summary>A new dictionary of the parameters, each name and value passed through <paramref name="text"/>.</summary>
    /// <param name="text">Applied to each name and value.</param>
    /// <returns>The dictionary (default comparer, as a JSON deserializer makes).</returns>
    public Dictionary<string, string> ToDictionary(Func<string, string> text)
    {
        var map = new Dictionary<string, string>(_names.Length);
        for (int i = 0; i < _names.Length; i++)
        {
            map[text(_names[i])] = text(_values[i]);
        }

        return map;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int i = 0; i < _names.Length; i++)
        {
            yield return new(_names[i], _values[i]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
