using System.Text.Json.Nodes;
using Routing.Tests.Conformance;

namespace Routing.Tests.Cors;

/// <summary>
/// Self-tests of the conformance runner's <c>cors</c> handler on made-up cases: it passes what matches, fails a
/// must-pass case that differs (naming the difference), and never passes what it did not check.
/// </summary>
public sealed class CorsHandlerTests : IDisposable
{
    private const string Cors = """
        "cors": { "allowOrigins": ["https://app.example.com"], "allowMethods": ["GET", "POST"], "allowHeaders": ["content-type", "x-a"], "allowCredentials": false },
        "routes": [ { "routeKey": "GET /items", "authorizationType": "NONE" } ]
        """;

    private const string Preflight = """
        "request": { "method": "OPTIONS", "path": "/items", "headers": { "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST" } }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "routing-cors-handler-" + Guid.NewGuid().ToString("N"));

    public CorsHandlerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_HeaderListsInOtherOrderAndCase_Passes()
    {
        // Arrange
        var testCase = Load("inferred", $$"""{ {{Cors}}, {{Preflight}}, "expect": { "handledBy": "gateway_preflight", "status": 204, "headerLists": { "Access-Control-Allow-Headers": ["X-A", "Content-Type"] } } }""");

        // Act
        var verdict = ConformanceRunner.Run(testCase);

        // Assert
        Assert.Equal(ConformanceVerdictKind.Passed, verdict.Kind);
    }

    [Fact]
    public void Run_MustPassCaseDiffers_FailsNamingTheHeader()
    {
        // Arrange
        var testCase = Load("documented", $$"""{ {{Cors}}, {{Preflight}}, "expect": { "handledBy": "gateway_preflight", "headers": { "access-control-allow-origin": "*" }, "headersAbsent": ["access-control-allow-methods"] } }""");

        // Act
        var verdict = ConformanceRunner.Run(testCase);

        // Assert
        Assert.Equal(ConformanceVerdictKind.Failed, verdict.Kind);
        Assert.Contains("""headers: expected {"access-control-allow-origin":"*"}, got {"access-control-allow-origin":"https://app.example.com"}""", verdict.Message, StringComparison.Ordinal);
        Assert.Contains("""headersAbsent: expected ["access-control-allow-methods"], got ["access-control-allow-methods (present: GET,POST)"]""", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownCaseDiffers_SkippedWithWhatWeReturned()
    {
        // Arrange
        var testCase = Load("unknown", $$"""{ {{Cors}}, {{Preflight}}, "expect": { "handledBy": "gateway_preflight", "status": 200 } }""");

        // Act
        var verdict = ConformanceRunner.Run(testCase);

        // Assert
        Assert.Equal(ConformanceVerdictKind.Skipped, verdict.Kind);
        Assert.Contains("status: expected 200, got 204", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnhandledCorsField_SkippedNotPassed()
    {
        // Arrange
        const string cors = """
            "cors": { "allowOrigins": ["https://app.example.com"], "allowPrivateNetwork": true },
            "routes": [ { "routeKey": "GET /items", "authorizationType": "NONE" } ]
            """;
        var testCase = Load("documented", $$"""{ {{cors}}, {{Preflight}}, "expect": { "handledBy": "gateway_preflight" } }""");

        // Act
        var verdict = ConformanceRunner.Run(testCase);

        // Assert
        Assert.Equal(ConformanceVerdictKind.Skipped, verdict.Kind);
        Assert.Contains("input field 'cors.allowPrivateNetwork' is not handled by the runner", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RefusedConfiguration_ReportsTheLibraryMessage()
    {
        // Arrange
        const string cors = """
            "cors": { "allowOrigins": ["https://app.example.com/"] },
            "routes": [ { "routeKey": "GET /items", "authorizationType": "NONE" } ]
            """;
        var testCase = Load("documented", $$"""{ {{cors}}, "request": null, "expect": { "configValid": false, "error": "BadRequestException", "messageContains": "has a path" } }""");

        // Act
        var verdict = ConformanceRunner.Run(testCase);

        // Assert
        Assert.Equal(ConformanceVerdictKind.Passed, verdict.Kind);
    }

    private ConformanceCase Load(string confidence, string body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node["id"] = "CO-900";
        node["title"] = "made-up";
        node["confidence"] = confidence;
        node["sources"] = new JsonArray("X1");
        var envelope = new JsonObject
        {
            ["format"] = ConformanceCorpus.SupportedFormat,
            ["category"] = "cors",
            ["description"] = "made up for the cors handler's self-test",
            ["cases"] = new JsonArray(node),
        };
        File.WriteAllText(Path.Combine(_folder, "cors.json"), envelope.ToJsonString());
        var corpus = ConformanceCorpus.Load(_folder);
        Assert.Empty(corpus.LoadErrors);
        return Assert.Single(corpus.Cases);
    }
}
