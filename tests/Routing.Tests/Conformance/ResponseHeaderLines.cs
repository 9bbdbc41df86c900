using System.Text.Json.Nodes;
using Routing.Http;

namespace Routing.Tests.Conformance;

/// <summary>How the runner reports a response's headers, shared by the categories that check responses.</summary>
internal static class ResponseHeaderLines
{
    /// <summary>Every line of a header, in order (name compared case-insensitively).</summary>
    public static List<string> Lines(GatewayResponse response, string name)
        => response.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(static h => h.Value).ToList();

    /// <summary>For each header the case names: null when absent, the value when one line, all lines when several.</summary>
    public static JsonObject DescribeSingle(GatewayResponse response, JsonObject expectedHeaders)
    {
        var single = new JsonObject();
        foreach (var (name, _) in expectedHeaders)
        {
            var lines = Lines(response, name);
            single[name] = lines.Count switch
            {
                0 => null,
                1 => lines[0],
                _ => new JsonArray([.. lines.Select(static l => JsonValue.Create(l))]),
            };
        }

        return single;
    }
}
