using System.Collections.Frozen;
using System.Text;
using Routing.Http;

namespace Routing.Transforms;

/// <summary>
/// An integration's compiled request mappings (<c>requestParameters</c>). Every value is evaluated against the
/// request as the client sent it; then removals, overwrites and appends are applied in that order. An
/// <c>overwrite</c> whose value is empty (or holds a control character) removes the parameter, so a client's own
/// value never survives an overwrite; an <c>append</c> whose value is empty does nothing.
/// </summary>
internal sealed class MappingRequestSet
{
    private readonly MappingOperation[] _headers;
    private readonly MappingOperation[] _query;

    /// <summary>Creates the set.</summary>
    /// <param name="operations">The compiled mappings.</param>
    public MappingRequestSet(IEnumerable<MappingOperation> operations)
    {
        var all = operations.ToList();
        all.Sort(MappingOperation.CompareForApply);
        _headers = [.. all.Where(static o => o.Target == MappingTarget.Header)];
        _query = [.. all.Where(static o => o.Target == MappingTarget.QueryString)];
        Path = all.FirstOrDefault(static o => o.Target == MappingTarget.Path)?.Value;
        OverwrittenHeaderNames = _headers.Any(static o => o.Action == MappingAction.Overwrite)
            ? _headers.Where(static o => o.Action == MappingAction.Overwrite).Select(static o => o.Name).ToFrozenSet(StringComparer.OrdinalIgnoreCase)
            : null;
        UsesRequestBody = all.Any(static o => o.Value?.UsesRequestBody == true);
    }

    /// <summary>The headers an <c>overwrite:header.*</c> sets; <see langword="null"/> when there are none.</summary>
    public FrozenSet<string>? OverwrittenHeaderNames { get; }

    /// <summary>The <c>overwrite:path</c> value, or <see langword="null"/>.</summary>
    public MappingExpression? Path { get; }

    /// <summary>Whether a value reads the request body.</summary>
    public bool UsesRequestBody { get; }

    /// <summary>Applies the header mappings to a header list.</summary>
    /// <param name="headers">The headers to change (for an HTTP proxy: the client's headers after hop-by-hop removal).</param>
    /// <param name="context">What the values read.</param>
    public void ApplyHeaders(List<KeyValuePair<string, string>> headers, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (_headers.Length == 0)
        {
            return;
        }

        string?[] values = Evaluate(_headers, context);
        for (int i = 0; i < _headers.Length; i++)
        {
            var operation = _headers[i];
            string name = operation.Name;
            if (operation.Action != MappingAction.Append)
            {
                headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            }

            if (values[i] is { Length: > 0 } value && HttpSyntax.IsFieldValue(value))
            {
                headers.Add(new(name, value));
            }
        }
    }

    /// <summary>Applies the query string mappings to a raw query string.</summary>
    /// <param name="rawQuery">The query string as sent, without <c>?</c>.</param>
    /// <param name="context">What the values read.</param>
    /// <returns>The query string to send: untouched parameters keep their encoding, mapped ones are percent-encoded.</returns>
    public string ApplyQuery(string rawQuery, MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        if (_query.Length == 0)
        {
            return rawQuery;
        }

        string?[] values = Evaluate(_query, context);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string pair in rawQuery.Split('&'))
        {
            if (pair.Length > 0)
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                pairs.Add(new(QueryString.Decode(equals < 0 ? pair : pair[..equals]), pair));
            }
        }

        for (int i = 0; i < _query.Length; i++)
        {
            var operation = _query[i];
            string name = operation.Name;
            if (operation.Action != MappingAction.Append)
            {
                pairs.RemoveAll(p => string.Equals(p.Key, name, StringComparison.Ordinal));
            }

            if (values[i] is { Length: > 0 } value)
            {
                pairs.Add(new(name, Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value)));
            }
        }

        var builder = new StringBuilder();
        foreach (var pair in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(pair.Value);
        }

        return builder.ToString();
    }

    private static string?[] Evaluate(MappingOperation[] operations, MappingContext context)
    {
        var values = new string?[operations.Length];
        for (int i = 0; i < operations.Length; i++)
        {
            values[i] = operations[i].Value?.Evaluate(context);
        }

        return values;
    }
}
