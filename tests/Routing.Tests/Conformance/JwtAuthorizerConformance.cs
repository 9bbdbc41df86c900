namespace Routing.Tests.Conformance;

/// <summary>The <c>jwt-authorizer</c> cases.</summary>
public sealed class JwtAuthorizerConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "jwt-authorizer");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}
