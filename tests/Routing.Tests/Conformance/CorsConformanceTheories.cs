namespace Routing.Tests.Conformance;

/// <summary>The <c>cors</c> cases: configuration checks, the gateway's preflight answers and CORS headers on integration answers.</summary>
public sealed class CorsConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "cors");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}
