using System.Globalization;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;

namespace Routing.Tests.Conformance;

/// <summary>JSON helpers for comparing expected and actual outcomes.</summary>
internal static class ConformanceJson
{
    /// <summary>Deep equality: object key order is irrelevant, numbers compare by value.</summary>
    public static bool DeepEquals(JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        switch (expected)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject || expectedObject.Count != actualObject.Count)
                {
                    return false;
                }

                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(name, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray || expectedArray.Count != actualArray.Count)
                {
                    return false;
                }

                for (int i = 0; i < expectedArray.Count; i++)
                {
                    if (!DeepEquals(expectedArray[i], actualArray[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                var kind = expected.GetValueKind();
                if (actual is not JsonValue || actual.GetValueKind() != kind)
                {
                    return false;
                }

                return kind switch
                {
                    JsonValueKind.String => string.Equals(expected.GetValue<string>(), actual.GetValue<string>(), StringComparison.Ordinal),
                    JsonValueKind.Number => NumberEquals(expected.ToJsonString(), actual.ToJsonString()),
                    _ => true, // true, false, null: the kinds already agree
                };
        }
    }

    // Messages are read by people: keep '+', '<', non-ASCII and the like as they are.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON text of a node, <c>null</c> for a JSON null.</summary>
    public static string Show(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";

    /// <summary>A string value, or <see langword="null"/> when the node is missing or not a string.</summary>
    public static string? AsString(JsonNode? node)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool NumberEquals(string expected, string actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return true;
        }

        return decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal a)
            && decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal b)
            && a == b;
    }
}
