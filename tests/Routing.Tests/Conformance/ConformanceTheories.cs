namespace Routing.Tests.Conformance;

/// <summary>Turns corpus cases into xunit theory rows: one test per case, named <c>ID: title</c>.</summary>
public static class ConformanceTheoryData
{
    /// <summary>The rows for every case of a handled category.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="category">The category.</param>
    /// <returns>One row per case; the row's data is the case key.</returns>
    public static IEnumerable<TheoryDataRow<string>> ForCategory(ConformanceCorpus corpus, string category)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return corpus.Cases.Where(c => string.Equals(c.Category, category, StringComparison.Ordinal)).Select(ToRow);
    }

    /// <summary>The rows for every case whose category the runner does not handle: all skipped, with the reason.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <returns>One skipped row per case.</returns>
    public static IEnumerable<TheoryDataRow<string>> ForUnhandledCategories(ConformanceCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        return corpus.Cases.Where(static c => !ConformanceRunner.IsHandled(c.Category)).Select(ToRow);
    }

    private static TheoryDataRow<string> ToRow(ConformanceCase testCase) => new(testCase.Key)
    {
        TestDisplayName = testCase.DisplayName,
        Skip = ConformanceRunner.SkipReasonBeforeRun(testCase),
    };
}

/// <summary>The <c>route-selection</c> cases.</summary>
public sealed class RouteSelectionConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "route-selection");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}

/// <summary>The <c>stage-selection</c> cases.</summary>
public sealed class StageSelectionConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "stage-selection");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}

/// <summary>The <c>route-key-validation</c> cases.</summary>
public sealed class RouteKeyValidationConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "route-key-validation");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}

/// <summary>Every case of a category the runner does not handle (a new file in the corpus): reported as skipped.</summary>
public sealed class UnknownCategoryConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForUnhandledCategories(ConformanceCorpus.Default);

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}

/// <summary>
/// Every case of the REST corpus whose category the runner does not run yet (REST APIs: mapping templates,
/// validation, gateway responses, ...): reported as skipped with the reason.
/// </summary>
public sealed class RestUnhandledCategoryConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForUnhandledCategories(ConformanceCorpus.Rest);

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(ConformanceCorpus.Rest, key);
}

/// <summary>The <c>lambda-authorizers</c> cases of the REST corpus (HTTP API authorizers run; REST ones are skipped until REST APIs exist).</summary>
public sealed class LambdaAuthorizerConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Rest, "lambda-authorizers");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(ConformanceCorpus.Rest, key);
}

/// <summary>The REST corpus itself: the folder exists and every file is well formed.</summary>
public sealed class RestCorpusConformance
{
    [Fact]
    public void Corpus_files_are_readable()
    {
        var corpus = ConformanceCorpus.Rest;

        Assert.True(corpus.LoadErrors.Count == 0, $"REST corpus '{corpus.Directory}':\n{string.Join("\n", corpus.LoadErrors)}");
        Assert.True(corpus.Cases.Count > 0, $"REST corpus '{corpus.Directory}' has no cases");
    }
}

/// <summary>The corpus itself: the folder exists and every file is well formed.</summary>
public sealed class ConformanceCorpusConformance
{
    [Fact]
    public void Corpus_files_are_readable()
    {
        var corpus = ConformanceCorpus.Default;

        Assert.True(corpus.LoadErrors.Count == 0, $"conformance corpus '{corpus.Directory}':\n{string.Join("\n", corpus.LoadErrors)}");
        Assert.True(corpus.Cases.Count > 0, $"conformance corpus '{corpus.Directory}' has no cases");
    }
}
