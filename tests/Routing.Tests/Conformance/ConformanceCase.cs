using System.Text.Json.Nodes;

namespace Routing.Tests.Conformance;

/// <summary>One case of the conformance corpus, with the file's <c>defaults</c> already merged in.</summary>
public sealed class ConformanceCase
{
    /// <summary>Unique within a corpus: the file name and the case's position in it, e.g. <c>route-selection.json#0</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The file the case came from (name only).</summary>
    public required string FileName { get; init; }

    /// <summary>The file's <c>category</c>.</summary>
    public required string Category { get; init; }

    /// <summary>The case's <c>id</c> (e.g. <c>RS-001</c>), or a stand-in made from <see cref="Key"/> when it has none.</summary>
    public required string Id { get; init; }

    /// <summary>The case's <c>title</c>.</summary>
    public required string Title { get; init; }

    /// <summary>The case's <c>confidence</c> as written (<c>documented</c>, <c>disputed</c>, ...).</summary>
    public required string Confidence { get; init; }

    /// <summary>The case after the shallow merge of the file's <c>defaults</c>. Treat as read-only.</summary>
    public required JsonObject Data { get; init; }

    /// <summary>Set when the whole file cannot be run (e.g. an unknown format): the case is reported as skipped.</summary>
    public string? LoadSkipReason { get; init; }

    /// <summary>What the test reports: <c>RS-001: title</c>.</summary>
    public string DisplayName => $"{Id}: {Title}";

    /// <summary>
    /// Whether a mismatch fails the build. Only <c>disputed</c> and <c>unknown</c> are informational; every other
    /// value (the four must-pass ones, and any value this runner does not know) must pass.
    /// </summary>
    public bool MustPass => !IsInformational(Confidence);

    /// <summary>
    /// The <c>expect</c> object, when the case has one; for a step-based case (REST corpus), <c>{"steps": [...]}</c>
    /// with each step's <c>expect</c>.
    /// </summary>
    public JsonObject? Expect => Data["expect"] as JsonObject ?? StepExpectations(Data["steps"]);

    /// <summary>The expectations of a step-based case as one object, <c>{"steps": [expect, ...]}</c>; <see langword="null"/> when there are none.</summary>
    /// <param name="steps">The case's <c>steps</c>, or an alternative's list of expectations.</param>
    /// <returns>The object.</returns>
    public static JsonObject? StepExpectations(JsonNode? steps)
    {
        if (steps is not JsonArray array || array.Count == 0)
        {
            return null;
        }

        var expectations = new JsonArray();
        foreach (var step in array)
        {
            expectations.Add((step is JsonObject withExpect && withExpect["expect"] is JsonObject expect ? expect : step)?.DeepClone());
        }

        return new JsonObject { ["steps"] = expectations };
    }

    /// <summary>Whether a confidence value only warns (<c>disputed</c>, <c>unknown</c>).</summary>
    /// <param name="confidence">The confidence value.</param>
    /// <returns><see langword="true"/> for <c>disputed</c> and <c>unknown</c>.</returns>
    public static bool IsInformational(string confidence) => confidence is "disputed" or "unknown";

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
