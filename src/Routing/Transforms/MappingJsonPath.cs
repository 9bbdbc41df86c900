using System.Globalization;
using System.Text.Json.Nodes;

namespace Routing.Transforms;

/// <summary>
/// The JSONPath subset API Gateway's parameter mapping accepts after <c>$request.body</c> / <c>$response.body</c>:
/// member names (<c>.name</c>, <c>['name']</c>, <c>["name"]</c>) and array indexes (<c>[0]</c>). Recursive descent
/// (<c>..</c>), filters (<c>[?(...)]</c>) and wildcards (<c>*</c>) are refused, as API Gateway refuses the first two.
/// </summary>
internal sealed class MappingJsonPath
{
    private readonly Step[] _steps;

    private MappingJsonPath(Step[] steps) => _steps = steps;

    /// <summary>The path that selects the whole body.</summary>
    public static MappingJsonPath Root { get; } = new([]);

    /// <summary>Whether the path selects the whole body.</summary>
    public bool IsRoot => _steps.Length == 0;

    /// <summary>Parses the text after <c>body</c>, e.g. <c>.pets[0]['name']</c>.</summary>
    /// <param name="text">The path; empty selects the whole body.</param>
    /// <param name="result">The parsed path.</param>
    /// <param name="error">Why it is not valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string text, out MappingJsonPath result, out string? error)
    {
        result = Root;
        error = null;
        var steps = new List<Step>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '.')
            {
                if (i + 1 < text.Length && text[i + 1] == '.')
                {
                    error = "recursive descent ('..') is not supported";
                    return false;
                }

                int start = i + 1;
                int end = start;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }

                string name = text[start..end];
                if (!CheckName(name, out error))
                {
                    return false;
                }

                steps.Add(new Step(name, -1));
                i = end;
            }
            else if (c == '[')
            {
                if (!TryParseBracket(text, ref i, steps, out error))
                {
                    return false;
                }
            }
            else
            {
                error = $"expected '.' or '[' at position {i} of the JSON path";
                return false;
            }
        }

        result = steps.Count == 0 ? Root : new MappingJsonPath([.. steps]);
        return true;
    }

    /// <summary>Selects a value from a parsed body.</summary>
    /// <param name="document">The body, or <see langword="null"/> when it is not JSON.</param>
    /// <returns>The selected node, or <see langword="null"/> when nothing is there.</returns>
    public JsonNode? Select(JsonNode? document)
    {
        var node = document;
        foreach (var step in _steps)
        {
            node = step.Index >= 0
                ? node is JsonArray array && step.Index < array.Count ? array[step.Index] : null
                : node is JsonObject obj && obj.TryGetPropertyValue(step.Name!, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static bool TryParseBracket(string text, ref int i, List<Step> steps, out string? error)
    {
        error = null;
        int open = i;
        i++;
        if (i >= text.Length)
        {
            error = $"'[' at position {open} of the JSON path is not closed";
            return false;
        }

        char c = text[i];
        if (c is '\'' or '"')
        {
            int close = text.IndexOf(c, i + 1);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ']')
            {
                error = $"'[' at position {open} of the JSON path is not closed";
                return false;
            }

            string name = text[(i + 1)..close];
            if (name.Length == 0)
            {
                error = "a JSON path member name is empty";
                return false;
            }

            steps.Add(new Step(name, -1));
            i = close + 2;
            return true;
        }

        if (c == '?')
        {
            error = "filter expressions ('[?(...)]') are not supported";
            return false;
        }

        if (c == '*')
        {
            error = "wildcards ('*') are not supported";
            return false;
        }

        int end = i;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end == i || end >= text.Length || text[end] != ']'
            || !int.TryParse(text.AsSpan(i, end - i), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            error = $"'[' at position {open} of the JSON path must hold an array index or a quoted member name";
            return false;
        }

        steps.Add(new Step(null, index));
        i = end + 1;
        return true;
    }

    private static bool CheckName(string name, out string? error)
    {
        error = name.Length == 0 ? "a JSON path member name is empty"
            : name == "*" ? "wildcards ('*') are not supported"
            : null;
        return error is null;
    }

    private readonly record struct Step(string? Name, int Index);
}
