using System.Text.Json.Nodes;

namespace Routing.Tests.Conformance;

/// <summary>Self-tests of the conformance runner, on made-up case files in a temporary folder.</summary>
public sealed class ConformanceLoaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "routing-conformance-" + Guid.NewGuid().ToString("N"));

    public ConformanceLoaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ResolveDirectory_prefers_the_environment_variable()
    {
        string resolved = ConformanceCorpus.ResolveDirectory(name => name == ConformanceCorpus.DirectoryVariable ? _folder : null);

        Assert.Equal(Path.GetFullPath(_folder), resolved);
    }

    [Fact]
    public void ResolveDirectory_defaults_to_the_copied_cases()
    {
        string resolved = ConformanceCorpus.ResolveDirectory(static _ => null);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Conformance", "cases"), resolved);
    }

    [Fact]
    public void Load_reads_every_case_file_of_the_folder_except_sources()
    {
        Write("made-up.json", File("route-selection", null,
            Case("XX-001", "documented", """{ "routes": ["GET /a"], "request": { "method": "GET", "path": "/a" }, "expect": { "result": "route", "routeKey": "GET /a", "pathParameters": null } }""")));
        Write("sources.json", """{ "sources": [ { "id": "D1" } ] }""");

        var corpus = ConformanceCorpus.Load(_folder);

        Assert.Empty(corpus.LoadErrors);
        var only = Assert.Single(corpus.Cases);
        Assert.Equal("XX-001", only.Id);
        Assert.Equal("route-selection", only.Category);
        Assert.Equal("XX-001: made-up", only.DisplayName);
        Assert.Equal(ConformanceVerdictKind.Passed, ConformanceRunner.Run(only).Kind);
    }

    [Fact]
    public void Defaults_are_merged_shallowly_per_top_level_key()
    {
        const string defaults = """{ "routes": ["GET /a", "GET /b"], "request": { "method": "POST", "path": "/a" } }""";
        Write("defaults.json", File("route-selection", defaults,
            Case("XX-002", "documented", """{ "request": { "method": "GET", "path": "/b" }, "expect": { "result": "route", "routeKey": "GET /b" } }""")));

        var testCase = Assert.Single(ConformanceCorpus.Load(_folder).Cases);

        Assert.Equal(2, testCase.Data["routes"]!.AsArray().Count);
        Assert.Equal("/b", testCase.Data["request"]!["path"]!.GetValue<string>());
        Assert.Equal("GET", testCase.Data["request"]!["method"]!.GetValue<string>());
        Assert.Equal(ConformanceVerdictKind.Passed, ConformanceRunner.Run(testCase).Kind);
    }

    [Fact]
    public void Unknown_category_yields_skipped_rows_not_passes()
    {
        Write("new-category.json", File("made-up-category", null,
            Case("NC-001", "documented", """{ "expect": { "anything": true } }"""),
            Case("NC-002", "documented", """{ "expect": { "anything": false } }""")));

        var corpus = ConformanceCorpus.Load(_folder);
        var rows = ConformanceTheoryData.ForUnhandledCategories(corpus).ToList();

        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Contains("made-up-category", row.Skip, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.StartsWith("NC-00", row.TestDisplayName, StringComparison.Ordinal));
        Assert.All(corpus.Cases, c => Assert.Equal(ConformanceVerdictKind.Skipped, ConformanceRunner.Run(c).Kind));
        Assert.Empty(ConformanceTheoryData.ForCategory(corpus, "route-selection"));
    }

    [Fact]
    public void Must_pass_mismatch_fails_with_what_differed()
    {
        Write("rs.json", File("route-selection", null,
            Case("XX-003", "inferred", """{ "routes": ["GET /a"], "request": { "method": "GET", "path": "/b" }, "expect": { "result": "route", "routeKey": "GET /a" } }""")));

        var verdict = ConformanceRunner.Run(Assert.Single(ConformanceCorpus.Load(_folder).Cases));

        Assert.Equal(ConformanceVerdictKind.Failed, verdict.Kind);
        Assert.Contains("result: expected \"route\", got \"not_found\"", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disputed_mismatch_is_skipped_and_names_the_matching_alternative()
    {
        Write("rs.json", File("route-selection", null,
            Case("XX-004", "disputed", """
                { "routes": ["GET /a"], "request": { "method": "GET", "path": "/b" },
                  "expect": { "result": "route", "routeKey": "GET /a" },
                  "alternatives": [ { "expect": { "result": "route", "routeKey": "GET /b" }, "sources": ["X1"] },
                                    { "expect": { "result": "not_found", "status": 404, "body": { "message": "Not Found" } }, "sources": ["X2"] } ] }
                """)));

        var verdict = ConformanceRunner.Run(Assert.Single(ConformanceCorpus.Load(_folder).Cases));

        Assert.Equal(ConformanceVerdictKind.Skipped, verdict.Kind);
        Assert.Contains("alternative #2 (sources: \"X2\")", verdict.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alternative #1", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_assertions_are_checked_with_the_routing_part()
    {
        const string stages = """ "stages": [ { "name": "dev" } ], "routes": ["GET /pets"], "request": { "method": "GET", "path": "/dev/pets" } """;
        Write("st.json", File("stage-selection", null,
            Case("XX-005", "documented", "{" + stages + """, "expect": { "result": "route", "stage": "dev", "routingPath": "/pets", "routeKey": "GET /pets", "event": { "/rawPath": "/dev/pets" } } }"""),
            Case("XX-006", "documented", "{" + stages + """, "expect": { "result": "route", "stage": "dev", "routingPath": "/other", "routeKey": "GET /pets", "event": { "/rawPath": "/dev/pets" } } }""")));

        var cases = ConformanceCorpus.Load(_folder).Cases;
        var good = ConformanceRunner.Run(cases[0]);
        var bad = ConformanceRunner.Run(cases[1]);

        Assert.Equal(ConformanceVerdictKind.Passed, good.Kind);
        Assert.Equal(ConformanceVerdictKind.Failed, bad.Kind);
        Assert.Contains("routingPath", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unread_input_or_expect_field_is_never_a_pass()
    {
        Write("rs.json", File("route-selection", null,
            Case("XX-007", "documented", """{ "routes": ["GET /a"], "request": { "method": "GET", "path": "/a", "headers": { "x": "1" } }, "expect": { "result": "route", "routeKey": "GET /a" } }"""),
            Case("XX-008", "documented", """{ "routes": ["GET /a"], "request": { "method": "GET", "path": "/a" }, "expect": { "result": "route", "routeKey": "GET /a", "status": 200 } }""")));

        var cases = ConformanceCorpus.Load(_folder).Cases;

        Assert.All(cases, c => Assert.Equal(ConformanceVerdictKind.Skipped, ConformanceRunner.Run(c).Kind));
    }

    [Fact]
    public void Malformed_files_are_load_errors()
    {
        Write("broken.json", "{ not json");
        Write("no-category.json", """{ "format": "apigw-httpapi-conformance/1", "cases": [] }""");

        var corpus = ConformanceCorpus.Load(_folder);

        Assert.Equal(2, corpus.LoadErrors.Count);
        Assert.Empty(corpus.Cases);
    }

    private void Write(string name, string text) => System.IO.File.WriteAllText(Path.Combine(_folder, name), text);

    private static string File(string category, string? defaults, params string[] cases)
    {
        var envelope = new JsonObject
        {
            ["format"] = ConformanceCorpus.SupportedFormat,
            ["category"] = category,
            ["description"] = "made up for the runner's self-test",
        };
        if (defaults is not null)
        {
            envelope["defaults"] = JsonNode.Parse(defaults);
        }

        envelope["cases"] = new JsonArray([.. cases.Select(static c => JsonNode.Parse(c))]);
        return envelope.ToJsonString();
    }

    private static string Case(string id, string confidence, string body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node["id"] = id;
        node["title"] = "made-up";
        node["confidence"] = confidence;
        node["sources"] = new JsonArray("X1");
        return node.ToJsonString();
    }
}
