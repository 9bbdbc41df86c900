using System.Text.Json.Nodes;

namespace Routing.Tests.Conformance;

/// <summary>
/// Self-tests of the payload, response-mapping and stage-event handlers: a wrong expectation fails, an assertion the
/// runner does not know is skipped, and the file defaults merge field by field.
/// </summary>
public sealed class PayloadConformanceRunnerTests : IDisposable
{
    private const string Defaults = """
        {
          "api": { "apiId": "a1b2c3d4e5", "accountId": "123456789012", "region": "us-east-1", "domainName": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com" },
          "stage": { "name": "$default", "stageVariables": null },
          "request": { "protocol": "HTTP/1.1", "sourceIp": "198.51.100.10", "receivedAt": "2026-07-10T19:19:05.766Z" }
        }
        """;

    private const string GetPets = """
        "route": { "routeKey": "GET /pets/{id}" },
        "request": { "method": "GET", "target": "/pets/7?a=1", "headers": [["Host", "h.example"], ["Cookie", "a=1"]], "body": null }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "routing-payload-conformance-" + Guid.NewGuid().ToString("N"));

    public PayloadConformanceRunnerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void PayloadCase_MatchingAssertions_Passes()
    {
        var verdict = RunSingle("payload-v2-event", Defaults, "{" + GetPets + """
            , "expect": {
                "equals": { "/pathParameters": { "id": "7" }, "/requestContext/http/sourceIp": "198.51.100.10", "/requestContext/time": "10/Jul/2026:19:19:05 +0000" },
                "absentOrNull": ["/body", "/stageVariables", "/headers/cookie"],
                "matches": { "/headers/x-amzn-trace-id": "^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$" },
                "contains": { "/cookies": ["a=1"] },
                "headerNamesAllLowercase": true } }
            """);

        Assert.Equal(ConformanceVerdictKind.Passed, verdict.Kind);
    }

    [Theory]
    [InlineData("""{ "equals": { "/rawPath": "/other" } }""", "\"/rawPath\":\"/pets/7\"")]
    [InlineData("""{ "equals": { "/nothing/here": 1 } }""", "(absent)")]
    [InlineData("""{ "absentOrNull": ["/queryStringParameters"] }""", "/queryStringParameters is present")]
    [InlineData("""{ "matches": { "/routeKey": "^POST" } }""", "does not match")]
    [InlineData("""{ "contains": { "/cookies": ["b=2"] } }""", "\"/cookies\":[\"a=1\"]")]
    public void PayloadCase_WrongAssertion_FailsAndShowsTheEventValue(string expect, string shown)
    {
        var verdict = RunSingle("payload-v2-event", Defaults, "{" + GetPets + ", \"expect\": " + expect + "}");

        Assert.Equal(ConformanceVerdictKind.Failed, verdict.Kind);
        Assert.Contains(shown, verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadCase_UnknownAssertionKind_IsSkippedNotPassed()
    {
        var verdict = RunSingle("payload-v1-event", Defaults, "{" + GetPets + """, "expect": { "equals": { "/version": "1.0" }, "orderedKeys": ["/version"] } }""");

        Assert.Equal(ConformanceVerdictKind.Skipped, verdict.Kind);
        Assert.Contains("expect.orderedKeys is not checked", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadCase_UnknownRequestField_IsSkippedNotPassed()
    {
        var verdict = RunSingle("payload-v2-event", Defaults, """
            { "route": { "routeKey": "$default" }, "request": { "method": "GET", "target": "/", "headers": [], "body": null, "tls": "1.3" },
              "expect": { "equals": { "/version": "2.0" } } }
            """);

        Assert.Equal(ConformanceVerdictKind.Skipped, verdict.Kind);
        Assert.Contains("request.tls", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_CaseObjects_OverrideDefaultsFieldByFieldExceptWholeValueKeys()
    {
        var defaults = JsonNode.Parse("""{ "request": { "sourceIp": "1.2.3.4", "protocol": "HTTP/1.1" }, "placement": { "header": "Authorization", "template": "Bearer {token}" } }""")!.AsObject();
        var item = JsonNode.Parse("""{ "request": { "method": "GET", "protocol": "HTTP/2" }, "placement": { "query": "t", "template": "{token}" } }""")!.AsObject();

        var merged = ConformanceCorpus.Merge(defaults, item);

        Assert.Equal("""{"sourceIp":"1.2.3.4","protocol":"HTTP/2","method":"GET"}""", merged["request"]!.ToJsonString());
        Assert.Equal("""{"query":"t","template":"{token}"}""", merged["placement"]!.ToJsonString());
        Assert.Equal("1.2.3.4", (string?)defaults["request"]!["sourceIp"]);
        Assert.Null(defaults["request"]!["method"]);
    }

    [Fact]
    public void ResponseMappingCase_WrongStatus_Fails()
    {
        var verdict = RunSingle("response-mapping", null, """
            { "payloadFormatVersion": "2.0", "integrationResult": { "kind": "payload", "payload": "{\"statusCode\":0}" },
              "expect": { "status": 200, "body": { "text": "" } } }
            """);

        Assert.Equal(ConformanceVerdictKind.Failed, verdict.Kind);
        Assert.Contains("status: expected 200, got 500", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponseMappingCase_HeadersAndBodyKinds_AreCompared()
    {
        var verdict = RunSingle("response-mapping", null, """
            { "payloadFormatVersion": "1.0",
              "integrationResult": { "kind": "payload", "payload": "{\"statusCode\":200,\"headers\":{\"A\":\"1\"},\"multiValueHeaders\":{\"A\":[\"2\"]},\"isBase64Encoded\":true,\"body\":\"AQI=\"}" },
              "expect": { "status": 200, "headers": { "content-type": "text/plain; charset=utf-8" }, "headerValues": { "a": ["1", "2"] },
                          "headersPresent": ["apigw-requestid", "content-length"], "body": { "base64": "AQI=" } } }
            """);

        Assert.Equal(ConformanceVerdictKind.Passed, verdict.Kind);
    }

    [Fact]
    public void StageCase_WrongEventValue_Fails()
    {
        var verdict = RunSingle("stage-selection", null, """
            { "stages": [ { "name": "dev", "stageVariables": { "v": "1" } } ], "routes": ["GET /pets"], "request": { "method": "GET", "path": "/dev/pets" },
              "expect": { "result": "route", "stage": "dev", "routingPath": "/pets", "routeKey": "GET /pets", "pathParameters": null,
                          "event": { "/stageVariables": { "v": "2" }, "absentOrNull": ["/pathParameters"] } } }
            """);

        Assert.Equal(ConformanceVerdictKind.Failed, verdict.Kind);
        Assert.Contains("\"/stageVariables\":{\"v\":\"1\"}", verdict.Message, StringComparison.Ordinal);
    }

    private ConformanceVerdict RunSingle(string category, string? defaults, string testCase)
    {
        var node = JsonNode.Parse(testCase)!.AsObject();
        node["id"] = "XX-100";
        node["title"] = "made-up";
        node["confidence"] = "captured";
        node["sources"] = new JsonArray("X1");
        var envelope = new JsonObject
        {
            ["format"] = ConformanceCorpus.SupportedFormat,
            ["category"] = category,
            ["cases"] = new JsonArray(node),
        };
        if (defaults is not null)
        {
            envelope["defaults"] = JsonNode.Parse(defaults);
        }

        File.WriteAllText(Path.Combine(_folder, category + ".json"), envelope.ToJsonString());
        var corpus = ConformanceCorpus.Load(_folder);
        Assert.Empty(corpus.LoadErrors);
        return ConformanceRunner.Run(Assert.Single(corpus.Cases));
    }
}
