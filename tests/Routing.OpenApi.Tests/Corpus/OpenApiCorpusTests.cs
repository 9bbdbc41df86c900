namespace Routing.OpenApi.Tests.Corpus;

/// <summary>Every case of the definitions corpus as a test named by its id.</summary>
public sealed class OpenApiCorpusTests
{
    public static TheoryData<string> CaseIds() => [.. OpenApiCorpus.Cases.Keys];

    [Fact]
    public void Corpus_IsFound()
    {
        Assert.NotEmpty(OpenApiCorpus.Cases);
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case(string id)
    {
        var testCase = OpenApiCorpus.Cases[id];
        if (testCase.Problem is { } problem)
        {
            Assert.Fail(problem);
        }

        var verdict = OpenApiCaseRunner.Run(testCase);
        if (verdict.Failures.Count > 0)
        {
            Assert.Fail($"{id} ({testCase.File}):\n- " + string.Join("\n- ", verdict.Failures.Concat(verdict.Informational)));
        }

        if (verdict.Unchecked.Count > 0 || verdict.Informational.Count > 0)
        {
            Assert.Skip($"{id}: everything checked passed, but " + string.Join("; ", verdict.Unchecked.Concat(verdict.Informational)));
        }
    }
}
