namespace Routing.Tests.Conformance;

/// <summary>The <c>payload-v2-event</c> cases: the payload format 2.0 event a Lambda integration sends.</summary>
public sealed class PayloadV2EventConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "payload-v2-event");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}

/// <summary>The <c>payload-v1-event</c> cases: the payload format 1.0 event (HTTP API flavour).</summary>
public sealed class PayloadV1EventConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "payload-v1-event");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}

/// <summary>The <c>response-mapping</c> cases: a Lambda result (or failure) to the client's response.</summary>
public sealed class ResponseMappingConformance
{
    public static IEnumerable<TheoryDataRow<string>> Cases() => ConformanceTheoryData.ForCategory(ConformanceCorpus.Default, "response-mapping");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Cases))]
    public void Case(string key) => ConformanceRunner.Check(key);
}
