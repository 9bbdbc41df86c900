using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routing.OpenApi.Import;

/// <summary>One import: its options and the diagnostics found so far, with the helpers every reader uses.</summary>
internal sealed class ImportSession(OpenApiImportOptions options)
{
    private readonly List<OpenApiDiagnostic> _diagnostics = [];

    public OpenApiImportOptions Options { get; } = options;

    public IReadOnlyList<OpenApiDiagnostic> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Exists(static d => d.Severity == OpenApiDiagnosticSeverity.Error);

    public bool HasWarnings => _diagnostics.Exists(static d => d.Severity == OpenApiDiagnosticSeverity.Warning);

    public void Info(string code, string pointer, string message) => _diagnostics.Add(new(OpenApiDiagnosticSeverity.Info, code, pointer, message));

    public void Warn(string code, string pointer, string message) => _diagnostics.Add(new(OpenApiDiagnosticSeverity.Warning, code, pointer, message));

    public void Error(string code, string pointer, string message) => _diagnostics.Add(new(OpenApiDiagnosticSeverity.Error, code, pointer, message));

    /// <summary>The JSON pointer of a member: RFC 6901 escapes <c>~</c> as <c>~0</c> and <c>/</c> as <c>~1</c>.</summary>
    public static string Pointer(string parent, string member) => parent + "/" + member.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>A member's text: a JSON string as it is, a number or boolean as written (YAML's <c>1.0</c> stays <c>1.0</c>); otherwise <see langword="null"/>.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        }
        : null;

    /// <summary>A list of strings from an array of strings, or from one string split at commas; <see langword="null"/> when it is neither.</summary>
    public static List<string>? TextList(JsonNode? node, bool splitCommas)
    {
        switch (node)
        {
            case JsonArray array:
                var items = new List<string>(array.Count);
                foreach (var item in array)
                {
                    if (Text(item) is not { } text)
                    {
                        return null;
                    }

                    items.Add(text.Trim());
                }

                return items;
            case JsonValue when Text(node) is { } single:
                return splitCommas
                    ? [.. single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
                    : [single];
            default:
                return null;
        }
    }

    /// <summary>A member that must be text: its value, or <see langword="null"/> with an error naming the pointer when it is another kind.</summary>
    public string? RequireText(JsonObject owner, string member, string ownerPointer, string code)
    {
        if (!owner.TryGetPropertyValue(member, out var node) || node is null)
        {
            return null;
        }

        if (Text(node) is { } text)
        {
            return text;
        }

        Error(code, Pointer(ownerPointer, member), $"'{member}' must be a string; found {node.GetValueKind()}.");
        return null;
    }
}
