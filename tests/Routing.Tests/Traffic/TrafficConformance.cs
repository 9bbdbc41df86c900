using System.Text.Json.Nodes;
using Routing.Tests.Conformance;

namespace Routing.Tests.Traffic;

/// <summary>
/// The traffic corpus (<c>../shared/traffic-cases</c>, copied to <c>Conformance/traffic-cases</c>, or the folder named by
/// <c>ROUTING_TRAFFIC_DIR</c>): every case of every file, dispatched on the file's <c>category</c>, as a test named
/// <c>ID: title</c>. A category or an input the runner cannot run yet is skipped with the reason, never passed.
/// </summary>
public static partial class TrafficCorpus
{
    /// <summary>The corpus's folder, variable and format; <c>defaults</c> merge shallowly.</summary>
    public static readonly CorpusSource Source = new("ROUTING_TRAFFIC_DIR", "traffic-cases", "apigw-traffic/1", ShallowMerge: true);

    private static readonly Lazy<ConformanceCorpus> Corpus =
        new(() => ConformanceCorpus.Load(ConformanceCorpus.ResolveDirectory(Environment.GetEnvironmentVariable, Source), Source), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Each category the runner runs, with its runner.</summary>
    private static readonly Dictionary<string, Func<ConformanceCase, ConformanceVerdict>> Runners = new(StringComparer.Ordinal)
    {
        ["throttling"] = ThrottlingCases.Run,
        ["access-log"] = AccessLogCases.Run,
        ["api-mappings"] = ApiMappingCases.Run,
        ["usage-plans"] = UsagePlanCases.Run,
    };

    /// <summary>Categories of this corpus that are not built yet, with the reason their cases are skipped.</summary>
    private static readonly Dictionary<string, string> NotYetBuilt = new(StringComparer.Ordinal)
    {
    };

    public static ConformanceCorpus Default => Corpus.Value;

    public static IEnumerable<TheoryDataRow<string>> Rows() => Default.Cases.Select(static c => new TheoryDataRow<string>(c.Key)
    {
        TestDisplayName = c.DisplayName,
        Skip = SkipReason(c),
    });

    public static string? SkipReason(ConformanceCase testCase)
    {
        if (testCase.LoadSkipReason is { } load)
        {
            return load;
        }

        if (Runners.ContainsKey(testCase.Category))
        {
            return null;
        }

        return NotYetBuilt.TryGetValue(testCase.Category, out string? why)
            ? $"category {testCase.Category} (file {testCase.FileName}): {why}"
            : $"category {testCase.Category} (file {testCase.FileName}) is unknown to the traffic runner";
    }

    public static void Check(string key)
    {
        var testCase = Default.Find(key) ?? throw new InvalidOperationException($"traffic case '{key}' is not in '{Default.Directory}'");
        var verdict = Runners[testCase.Category](testCase);
        switch (verdict.Kind)
        {
            case ConformanceVerdictKind.Failed:
                Assert.Fail(verdict.Message);
                break;
            case ConformanceVerdictKind.Skipped:
                Assert.Skip(verdict.Message);
                break;
        }
    }

    /// <summary>The case's members a runner does not read, each noted (the case is then skipped, never passed).</summary>
    internal static List<string> UnhandledInput(JsonObject data, IReadOnlySet<string> known) =>
        [.. data.Where(p => !known.Contains(p.Key)).Select(static p => $"input field '{p.Key}' is not handled by the runner")];

    /// <summary>
    /// Compares what <paramref name="expect"/> names with <paramref name="actual"/>: <c>message</c> as a part of ours (our
    /// words may say more), <c>valueLength</c> as a <c>{min, max}</c> range, <c>key</c> member by member, anything else as equal JSON.
    /// </summary>
    internal static void Compare(string where, JsonObject expect, JsonObject actual, List<string> differences)
    {
        foreach (var (name, expected) in expect)
        {
            bool same = name switch
            {
                "message" => ((string?)actual["message"])?.Contains((string?)expected ?? string.Empty, StringComparison.Ordinal) == true,
                "valueLength" => (int?)actual["valueLength"] is { } length && length >= ((int?)expected?["min"] ?? 0) && length <= ((int?)expected?["max"] ?? int.MaxValue),
                "key" => expected is JsonObject wanted && wanted.All(p => JsonNode.DeepEquals(p.Value, actual["key"]?[p.Key])),
                _ => JsonNode.DeepEquals(expected, actual[name]),
            };
            if (!same)
            {
                differences.Add($"{where}{name}: expected {expected?.ToJsonString()}, got {actual[name]?.ToJsonString() ?? "nothing"}");
            }
        }
    }

    /// <summary>A refusal in the corpus's words: API Gateway's error class, which the library's messages name in parentheses.</summary>
    internal static JsonObject Refusal(string message, string validMember = "valid")
    {
        var match = ErrorClass().Match(message);
        string error = match.Success ? match.Groups[1].Value : "BadRequestException";
        return new JsonObject
        {
            [validMember] = false,
            ["error"] = error,
            ["status"] = error switch { "NotFoundException" => 404, "ConflictException" => 409, _ => 400 },
            ["message"] = message,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\((\w+Exception)\)")]
    private static partial System.Text.RegularExpressions.Regex ErrorClass();

    /// <summary>The verdict for outcomes compared with the case's: a difference fails a must-pass case, and only reports an informational one.</summary>
    internal static ConformanceVerdict Verdict(ConformanceCase testCase, List<string> differences, List<string> unhandled, JsonNode? actual)
    {
        string who = $"{testCase.Id} ({testCase.Confidence})";
        if (unhandled.Count > 0)
        {
            return ConformanceVerdict.Skip($"{who}: {string.Join("; ", unhandled)}");
        }

        if (differences.Count == 0)
        {
            return ConformanceVerdict.Passed;
        }

        string message = $"{who} in {testCase.FileName}: {string.Join("; ", differences)}. In full, we returned {actual?.ToJsonString()}";
        if (testCase.MustPass)
        {
            return ConformanceVerdict.Fail(message);
        }

        string alternatives = testCase.Data["alternatives"] is JsonArray list && list.OfType<JsonObject>().Any(a => JsonNode.DeepEquals(a["expect"], actual))
            ? "it equals one of the case's alternatives"
            : "it equals none of the case's alternatives";
        return ConformanceVerdict.Skip($"informational: {message}; {alternatives}");
    }
}

/// <summary>Every case of the traffic corpus.</summary>
public sealed class TrafficConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => TrafficCorpus.Rows();

    [Fact]
    public void Corpus_LoadsWithoutErrors()
    {
        Assert.NotEmpty(TrafficCorpus.Default.Cases);
        Assert.Empty(TrafficCorpus.Default.LoadErrors);
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => TrafficCorpus.Check(key);
}
