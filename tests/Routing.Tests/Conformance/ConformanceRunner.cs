using System.Text.Json.Nodes;

namespace Routing.Tests.Conformance;

/// <summary>How one case came out.</summary>
public enum ConformanceVerdictKind
{
    /// <summary>Everything the case asserts was checked and matched.</summary>
    Passed,

    /// <summary>A must-pass case differed from its <c>expect</c>.</summary>
    Failed,

    /// <summary>Not run, not fully checked, or an informational case that differed: visible but never a failure.</summary>
    Skipped,
}

/// <summary>The outcome of one case and the reason shown in the test report.</summary>
/// <param name="Kind">Passed, failed or skipped.</param>
/// <param name="Message">What differed, or why the case was skipped; empty when it passed.</param>
public sealed record ConformanceVerdict(ConformanceVerdictKind Kind, string Message)
{
    internal static ConformanceVerdict Passed { get; } = new(ConformanceVerdictKind.Passed, string.Empty);

    internal static ConformanceVerdict Fail(string message) => new(ConformanceVerdictKind.Failed, message);

    internal static ConformanceVerdict Skip(string message) => new(ConformanceVerdictKind.Skipped, message);
}

/// <summary>
/// Runs conformance cases through the library's public API and decides pass / fail / skip as the corpus README's
/// "The runner" section asks.
/// </summary>
/// <remarks>
/// <para>Each handled category has a <see cref="CategoryHandler"/> that turns a case's input into an "actual"
/// object in the shape of the category's <c>expect</c>. Every field of <c>expect</c> is then compared with the
/// field of the same name (deep JSON equality; <c>messageContains</c> is an ordinal substring test of
/// <c>message</c>).</para>
/// <para>Nothing is passed unchecked: an <c>expect</c> field the handler does not produce, an input field it does
/// not read, or a whole category without a handler makes the case skipped with that reason.</para>
/// <para><c>documented</c>, <c>captured</c>, <c>reported</c> and <c>inferred</c> cases (and any confidence
/// value this runner does not know) fail on a difference. <c>disputed</c> and <c>unknown</c> cases are skipped
/// instead, with what we returned and whether it equals one of the case's <c>alternatives</c>.</para>
/// </remarks>
public static class ConformanceRunner
{
    private static readonly HashSet<string> CommonFields = new(StringComparer.Ordinal)
    {
        "id", "title", "expect", "confidence", "sources", "notes", "alternatives", "kind",
    };

    private static readonly Dictionary<string, CategoryHandler> Handlers = new CategoryHandler[]
    {
        new RouteSelectionHandler(),
        new StageSelectionEventHandler(),
        new RouteKeyValidationHandler(),
        new PayloadV2EventHandler(),
        new PayloadV1EventHandler(),
        new ResponseMappingHandler(),
        new CorsHandler(),
        new JwtAuthorizerHandler(),
        new LambdaAuthorizerHandler(),
    }.ToDictionary(static h => h.Category, StringComparer.Ordinal);

    /// <summary>Categories of the corpora that the library cannot run yet, with the reason their cases are skipped.</summary>
    private static readonly Dictionary<string, string> NotYetBuilt = new(StringComparer.Ordinal)
    {
        ["mapping-templates"] = "REST APIs (VTL mapping templates) are not built yet; they come with the REST API issue",
        ["request-validation"] = "REST APIs (models and request validators) are not built yet; they come with the REST API issue",
        ["integration-responses"] = "REST APIs (integration and method responses) are not built yet; they come with the REST API issue",
        ["gateway-responses"] = "REST APIs (gateway responses) are not built yet; they come with the REST API issue",
        ["rest-routing"] = "REST APIs (the resource tree) are not built yet; they come with the REST API issue",
        ["mock-integration"] = "REST APIs (MOCK integrations with templates) are not built yet; they come with the REST API issue",
        ["binary-media"] = "REST APIs (binary media types, contentHandling) are not built yet; they come with the REST API issue",
        ["canary"] = "REST APIs (canary releases) are not built yet; they come with the REST API issue",
    };

    /// <summary>The categories this runner runs.</summary>
    public static IReadOnlyCollection<string> HandledCategories => Handlers.Keys;

    /// <summary>Whether a category has a handler.</summary>
    /// <param name="category">The file's category.</param>
    /// <returns><see langword="true"/> when its cases are run.</returns>
    public static bool IsHandled(string category) => Handlers.ContainsKey(category);

    /// <summary>Why a case is skipped without being run, or <see langword="null"/> when it is run.</summary>
    /// <param name="testCase">The case.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? SkipReasonBeforeRun(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (testCase.LoadSkipReason is not null)
        {
            return testCase.LoadSkipReason;
        }

        if (IsHandled(testCase.Category))
        {
            return null;
        }

        return NotYetBuilt.TryGetValue(testCase.Category, out string? why)
            ? $"category {testCase.Category} (file {testCase.FileName}): {why}"
            : $"category {testCase.Category} (file {testCase.FileName}) is unknown to the conformance runner";
    }

    /// <summary>Runs a case of <see cref="ConformanceCorpus.Default"/> as an xunit test: fails or skips through <see cref="Assert"/>.</summary>
    /// <param name="key">The case's <see cref="ConformanceCase.Key"/>.</param>
    public static void Check(string key) => Check(ConformanceCorpus.Default, key);

    /// <summary>Runs a case as an xunit test: fails or skips through <see cref="Assert"/>.</summary>
    /// <param name="corpus">The corpus that holds the case.</param>
    /// <param name="key">The case's <see cref="ConformanceCase.Key"/>.</param>
    public static void Check(ConformanceCorpus corpus, string key)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var testCase = corpus.Find(key);
        if (testCase is null)
        {
            Assert.Fail($"conformance case '{key}' is not in '{corpus.Directory}'");
            return;
        }

        var verdict = Run(testCase);
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

    /// <summary>Runs one case and decides its verdict.</summary>
    /// <param name="testCase">The case.</param>
    /// <returns>The verdict.</returns>
    public static ConformanceVerdict Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (SkipReasonBeforeRun(testCase) is { } reason)
        {
            return ConformanceVerdict.Skip(reason);
        }

        var handler = Handlers[testCase.Category];
        string who = $"{testCase.Id} ({testCase.Confidence})";
        if (testCase.Expect is not { } expect)
        {
            return ConformanceVerdict.Fail($"{who}: the case has no 'expect' object");
        }

        var unhandled = new List<string>();
        foreach (var (name, _) in testCase.Data)
        {
            if (!CommonFields.Contains(name) && !handler.InputFields.Contains(name))
            {
                unhandled.Add($"input field '{name}' is not handled by the runner");
            }
        }

        JsonObject actual;
        try
        {
            actual = handler.Execute(testCase.Data, unhandled);
        }
        catch (Exception e)
        {
            string message = $"{who}: running the case threw {e.GetType().Name}: {e.Message}";
            return testCase.MustPass && unhandled.Count == 0
                ? ConformanceVerdict.Fail(message)
                : ConformanceVerdict.Skip(string.Join("; ", [message, .. unhandled]));
        }

        var uncheckedFields = new List<string>();
        var differences = Compare(expect, actual, handler.DeferredExpectFields, uncheckedFields);
        string returned = $"we returned {ConformanceJson.Show(actual)}";
        if (unhandled.Count > 0)
        {
            // The runner ignored part of the input, so neither a match nor a difference means anything.
            if (actual.Count == 0)
            {
                return ConformanceVerdict.Skip($"{who}: {string.Join("; ", unhandled)}");
            }

            string outcome = differences.Count > 0 ? $"it differs from expect: {string.Join("; ", differences)}"
                : uncheckedFields.Count > 0 ? $"what it produced matches expect, but {string.Join("; ", uncheckedFields)}"
                : "it matches expect";
            return ConformanceVerdict.Skip($"{who}: {string.Join("; ", unhandled)}; {returned}; {outcome}");
        }

        if (differences.Count == 0)
        {
            return uncheckedFields.Count == 0
                ? ConformanceVerdict.Passed
                : ConformanceVerdict.Skip($"{who}: the checked part matches ({returned}), but {string.Join("; ", uncheckedFields)}");
        }

        string differs = string.Join("; ", differences);
        if (testCase.MustPass)
        {
            return ConformanceVerdict.Fail($"{who} in {testCase.FileName}: {differs}. In full, {returned}.");
        }

        return ConformanceVerdict.Skip(
            $"{who}, informational: {returned}, which differs from the primary expect ({differs}); {DescribeAlternatives(testCase, actual, handler)}");
    }

    private static string DescribeAlternatives(ConformanceCase testCase, JsonObject actual, CategoryHandler handler)
    {
        if (testCase.Data["alternatives"] is not JsonArray alternatives || alternatives.Count == 0)
        {
            return "the case lists no alternatives";
        }

        var matched = new List<string>();
        for (int i = 0; i < alternatives.Count; i++)
        {
            var alternativeUnchecked = new List<string>();
            if (alternatives[i] is JsonObject alternative
                && (alternative["expect"] as JsonObject ?? ConformanceCase.StepExpectations(alternative["expect"])) is { } alternativeExpect
                && Compare(alternativeExpect, actual, handler.DeferredExpectFields, alternativeUnchecked).Count == 0)
            {
                string sources = alternative["sources"] is JsonArray list
                    ? string.Join(", ", list.Select(ConformanceJson.Show))
                    : "none given";
                string partly = alternativeUnchecked.Count == 0 ? string.Empty : $", as far as checked: {string.Join("; ", alternativeUnchecked)}";
                matched.Add($"alternative #{i + 1} (sources: {sources}{partly})");
            }
        }

        return matched.Count > 0
            ? $"it equals {string.Join(" and ", matched)}"
            : $"it equals none of the {alternatives.Count} alternatives";
    }

    /// <summary>Compares every field of <paramref name="expect"/> with <paramref name="actual"/>.</summary>
    /// <returns>The differences; fields that could not be compared are added to <paramref name="uncheckedFields"/>.</returns>
    internal static List<string> Compare(
        JsonObject expect,
        JsonObject actual,
        IReadOnlyDictionary<string, string> deferred,
        List<string> uncheckedFields)
    {
        var differences = new List<string>();
        foreach (var (name, expected) in expect)
        {
            if (deferred.TryGetValue(name, out string? reason))
            {
                uncheckedFields.Add(reason);
                continue;
            }

            if (name == "messageContains")
            {
                string? fragment = ConformanceJson.AsString(expected);
                string? message = ConformanceJson.AsString(actual["message"]);
                if (fragment is null)
                {
                    uncheckedFields.Add("expect.messageContains is not a string");
                }
                else if (message is null)
                {
                    differences.Add($"messageContains: expected a message containing '{fragment}', but there is no message");
                }
                else if (!message.Contains(fragment, StringComparison.Ordinal))
                {
                    differences.Add($"messageContains: our message '{message}' does not contain '{fragment}'");
                }

                continue;
            }

            if (!actual.TryGetPropertyValue(name, out var value))
            {
                uncheckedFields.Add($"expect.{name} is not checked by the runner");
                continue;
            }

            if (!ConformanceJson.DeepEquals(expected, value))
            {
                differences.Add($"{name}: expected {ConformanceJson.Show(expected)}, got {ConformanceJson.Show(value)}");
            }
        }

        return differences;
    }
}
