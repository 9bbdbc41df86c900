using System.Text;

namespace Routing.Transforms;

/// <summary>
/// A parsed mapping value: static text with variables in it. A variable is written <c>$request.header.x</c> (it
/// ends at the first character that is not a letter, digit, <c>_</c>, <c>-</c>, <c>.</c>, <c>[</c> or <c>]</c>, and
/// a trailing <c>.</c> is text) or <c>${request.header.x}</c>. A <c>$</c> not followed by a letter or <c>{</c> is
/// text. Parsed once at deploy time; evaluating it never parses.
/// </summary>
internal sealed class MappingExpression
{
    private readonly Part[] _parts;

    private MappingExpression(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
        foreach (var part in parts)
        {
            UsesRequestBody |= part.Variable?.Source == MappingSource.RequestBody;
            UsesResponseBody |= part.Variable?.Source == MappingSource.ResponseBody;
        }
    }

    /// <summary>The value as configured.</summary>
    public string Text { get; }

    /// <summary>Whether evaluating it reads the request body.</summary>
    public bool UsesRequestBody { get; }

    /// <summary>Whether evaluating it reads the response body.</summary>
    public bool UsesResponseBody { get; }

    /// <summary>Whether the value is static text only.</summary>
    public bool IsStatic => _parts.All(static p => p.Variable is null);

    /// <summary>Parses a value.</summary>
    /// <param name="text">The value as configured.</param>
    /// <param name="side">Which variables it may read.</param>
    /// <param name="expression">The parsed value.</param>
    /// <param name="error">Why it is not valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string text, MappingSide side, out MappingExpression? expression, out string? error)
    {
        expression = null;
        error = null;
        var parts = new List<Part>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            string? variableText = null;
            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                int close = FindClosingBrace(text, i + 2);
                if (close < 0)
                {
                    error = $"'${{' at position {i} has no closing '}}'";
                    return false;
                }

                variableText = text[(i + 2)..close];
                i = close + 1;
            }
            else if (c == '$' && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]))
            {
                int end = i + 1;
                while (end < text.Length && IsBareVariableChar(text[end]))
                {
                    // A bracket takes everything to its ']', so ['a b'] works without braces.
                    end = text[end] == '[' ? SkipBracket(text, end) : end + 1;
                }

                while (text[end - 1] == '.')
                {
                    end--;
                }

                variableText = text[(i + 1)..end];
                i = end;
            }
            else
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (!MappingVariable.TryParse(variableText, side, out var variable, out error))
            {
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null));
                literal.Clear();
            }

            parts.Add(new Part(null, variable));
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null));
        }

        expression = new MappingExpression(text, [.. parts]);
        return true;
    }

    /// <summary>Evaluates the value; a variable with no value reads as empty text.</summary>
    /// <param name="context">The request (and response) to read.</param>
    /// <returns>The value.</returns>
    public string Evaluate(MappingContext context)
    {
        if (_parts.Length == 1)
        {
            return _parts[0].Literal ?? context.Resolve(_parts[0].Variable!) ?? string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            builder.Append(part.Literal ?? context.Resolve(part.Variable!));
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsBareVariableChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '[' or ']';

    private static int SkipBracket(string text, int open)
    {
        char quote = '\0';
        for (int i = open + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private static int FindClosingBrace(string text, int start)
    {
        char quote = '\0';
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '}')
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Part(string? Literal, MappingVariable? Variable);
}
