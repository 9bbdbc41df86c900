using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Routing.Tests.Conformance;

/// <summary>
/// The corpus's JSON Pointer assertions on a Lambda event (README "JSON Pointer assertions"): <c>equals</c>,
/// <c>absentOrNull</c>, <c>matches</c>, <c>contains</c> and <c>headerNamesAllLowercase</c>.
/// </summary>
/// <remarks>
/// Evaluation returns an "actual" object in the shape of the assertions, so the runner's deep comparison decides:
/// where the event satisfies an assertion the actual value equals the expected one; where it does not, it shows what
/// the event holds (<see cref="Absent"/> for a missing member). An assertion kind not listed here is not produced, so
/// the runner reports it as unchecked (skipped), never as passed.
/// </remarks>
internal static class EventAssertions
{
    /// <summary>Stands for a member the event does not have.</summary>
    public const string Absent = "(absent)";

    /// <summary>Evaluates structured assertions (<c>{"equals":{...},"absentOrNull":[...],...}</c>) on an event.</summary>
    /// <param name="assertions">The assertions.</param>
    /// <param name="eventJson">The event.</param>
    /// <returns>The actual outcome in the same shape.</returns>
    public static JsonObject Evaluate(JsonObject assertions, JsonNode eventJson)
    {
        var actual = new JsonObject();
        foreach (var (kind, expected) in assertions)
        {
            switch (kind)
            {
                case "equals" when expected is JsonObject pointers:
                    var equals = new JsonObject();
                    foreach (var (pointer, _) in pointers)
                    {
                        equals[pointer] = TryResolve(eventJson, pointer, out var value) ? value?.DeepClone() : Absent;
                    }

                    actual[kind] = equals;
                    break;
                case "absentOrNull" when expected is JsonArray pointers:
                    var absent = new JsonArray();
                    foreach (var item in pointers)
                    {
                        string pointer = ConformanceJson.AsString(item) ?? throw new InvalidDataException($"absentOrNull holds {ConformanceJson.Show(item)}, not a pointer");
                        absent.Add(!TryResolve(eventJson, pointer, out var value) || value is null
                            ? pointer
                            : $"{pointer} is present: {ConformanceJson.Show(value)}");
                    }

                    actual[kind] = absent;
                    break;
                case "matches" when expected is JsonObject patterns:
                    var matches = new JsonObject();
                    foreach (var (pointer, pattern) in patterns)
                    {
                        string regex = ConformanceJson.AsString(pattern) ?? throw new InvalidDataException($"matches[{pointer}] is not a string");
                        matches[pointer] = !TryResolve(eventJson, pointer, out var value) ? Absent
                            : ConformanceJson.AsString(value) is { } text && Regex.IsMatch(text, regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5)) ? regex
                            : $"{ConformanceJson.Show(value)} does not match";
                    }

                    actual[kind] = matches;
                    break;
                case "contains" when expected is JsonObject lists:
                    var contains = new JsonObject();
                    foreach (var (pointer, items) in lists)
                    {
                        if (!TryResolve(eventJson, pointer, out var value))
                        {
                            contains[pointer] = Absent;
                        }
                        else if (value is JsonArray array && items is JsonArray wanted
                                 && wanted.All(w => array.Any(a => ConformanceJson.DeepEquals(w, a))))
                        {
                            contains[pointer] = wanted.DeepClone();
                        }
                        else
                        {
                            contains[pointer] = value?.DeepClone();
                        }
                    }

                    actual[kind] = contains;
                    break;
                case "headerNamesAllLowercase":
                    actual[kind] = eventJson["headers"] is JsonObject headers
                        && headers.All(static h => string.Equals(h.Key, h.Key.ToLowerInvariant(), StringComparison.Ordinal));
                    break;
            }
        }

        return actual;
    }

    /// <summary>
    /// Evaluates the flat form of <c>stage-selection</c> (<c>{"/pointer": value, ..., "absentOrNull": [...]}</c>).
    /// </summary>
    /// <param name="assertions">The flat assertions.</param>
    /// <param name="eventJson">The event.</param>
    /// <returns>The actual outcome in the same flat shape.</returns>
    public static JsonObject EvaluateFlat(JsonObject assertions, JsonNode eventJson)
    {
        var equals = new JsonObject();
        var structured = new JsonObject { ["equals"] = equals };
        foreach (var (name, value) in assertions)
        {
            if (name == "absentOrNull")
            {
                structured[name] = value?.DeepClone();
            }
            else
            {
                equals[name] = value?.DeepClone();
            }
        }

        var evaluated = Evaluate(structured, eventJson);
        var actual = new JsonObject();
        foreach (var (pointer, value) in evaluated["equals"]!.AsObject())
        {
            actual[pointer] = value?.DeepClone();
        }

        if (evaluated["absentOrNull"] is { } absent)
        {
            actual["absentOrNull"] = absent.DeepClone();
        }

        return actual;
    }

    /// <summary>Resolves an RFC 6901 pointer.</summary>
    /// <param name="root">The document.</param>
    /// <param name="pointer">The pointer (<c>""</c> is the whole document; <c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>).</param>
    /// <param name="value">The member (possibly a JSON null).</param>
    /// <returns>Whether the member exists.</returns>
    public static bool TryResolve(JsonNode? root, string pointer, out JsonNode? value)
    {
        value = root;
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            throw new InvalidDataException($"'{pointer}' is not a JSON Pointer (it must start with '/')");
        }

        foreach (string raw in pointer[1..].Split('/'))
        {
            string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var member):
                    value = member;
                    break;
                case JsonArray array when int.TryParse(token, out int index) && index >= 0 && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }
}
