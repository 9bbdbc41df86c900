using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Routing.OpenApi.Tests.Corpus;

namespace Routing.LocalGateway.Tests;

/// <summary>
/// The tool serves every definition of the corpus that imports (the public AWS, SAM and Terraform definitions under
/// <c>real/</c>, and any the folder named by <c>ROUTING_OPENAPI_DIR</c> adds), with the template variables its
/// expectation gives: it lists the routes the expectation names, and a request to each Lambda or AWS service route
/// reaches a loopback Lambda Invoke API endpoint with the event of that route.
/// </summary>
public sealed partial class RealDefinitionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each file's own case (not its variants) whose import is expected to succeed.</summary>
    public static TheoryData<string> Definitions() =>
    [
        .. OpenApiCorpus.Cases.Values
            .Where(static c => c.Problem is null && c.Variant is null && (string?)c.Root!["expect"]?["outcome"] != "rejected")
            .Select(static c => c.Id),
    ];

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task Serve_CorpusDefinition_ListsItsRoutesAndSendsEachFunctionItsEvent(string id)
    {
        // Arrange
        var testCase = OpenApiCorpus.Cases[id];
        var root = testCase.Root!;
        var arguments = new List<string> { Path.GetFullPath(Path.Combine(Path.GetDirectoryName(testCase.File)!, (string)root["definition"]!)) };
        var import = root["import"] as JsonObject ?? [];
        foreach (var (key, value) in import["templateVariables"] as JsonObject ?? [])
        {
            arguments.AddRange(["--template-variable", $"{key}={(string?)value}"]);
        }

        AddIfGiven("--basepath", (string?)import["basepath"]);
        AddIfGiven("--name", (string?)import["name"]);
        AddIfGiven("--region", (string?)import["awsVariables"]?["AWS::Region"]);
        AddIfGiven("--account-id", (string?)import["awsVariables"]?["AWS::AccountId"]);
        await using var invoke = await InvokeApiServer.StartAsync();
        arguments.AddRange(["--port", "0", "--functions-endpoint", invoke.Url]);
        await using var tool = LocalGatewayProcess.Start([.. arguments]);
        var url = await tool.WaitForListeningAsync(Ct);

        // Assert: the routes.
        var listed = tool.ListedRoutes();
        if (root["expect"]?["routes"] is JsonObject expected)
        {
            var names = expected.Select(static p => p.Key).ToHashSet(StringComparer.Ordinal);
            Assert.Subset(listed.Select(static r => r.RouteKey).ToHashSet(StringComparer.Ordinal), names);
            if ((bool?)root["expect"]?["routesExact"] ?? true)
            {
                Assert.Equal(names.Order(StringComparer.Ordinal), listed.Select(static r => r.RouteKey).Order(StringComparer.Ordinal));
            }
        }

        // Act and assert: each function route, without authorization or stage variables, gets its event.
        using var client = new HttpClient { BaseAddress = url };
        foreach (var (routeKey, target) in listed)
        {
            if (FunctionOf(target) is not { } function || target.Contains("[auth:", StringComparison.Ordinal) || target.Contains("${stageVariables.", StringComparison.Ordinal))
            {
                continue;
            }

            var (method, path) = Probe(routeKey);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);
            string body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(201 == (int)response.StatusCode, $"{method} {path} ({routeKey} -> {function}): {(int)response.StatusCode} {body}\n{tool.Output}");
            Assert.Equal($"from {function}", body);
            Assert.True(invoke.Invocations.TryDequeue(out var invocation), $"{routeKey}: the Invoke API endpoint was not called");
            Assert.Equal(function, invocation.Function);
            Assert.Equal(routeKey, (string?)invocation.Event["routeKey"] ?? (string?)invocation.Event["requestContext"]?["resourceId"]);
        }

        void AddIfGiven(string option, string? value)
        {
            if (value is not null)
            {
                arguments.AddRange([option, value]);
            }
        }
    }

    /// <summary>The function a listed target calls: the name in a Lambda ARN (or the name itself), or the AWS service action.</summary>
    private static string? FunctionOf(string target)
    {
        if (target.StartsWith("AWS service ", StringComparison.Ordinal))
        {
            return target["AWS service ".Length..].Split(' ')[0];
        }

        if (!target.StartsWith("Lambda ", StringComparison.Ordinal))
        {
            return null;
        }

        string uri = target["Lambda ".Length..].Split(' ')[0];
        var match = FunctionName().Match(uri);
        return match.Success ? match.Groups["name"].Value : uri;
    }

    /// <summary>A request the route takes: parameters filled in, ANY as GET, $default on a path nothing else takes.</summary>
    private static (string Method, string Path) Probe(string routeKey)
    {
        if (routeKey == "$default")
        {
            return ("GET", "/apigw-local-probe/nothing-else-matches");
        }

        string[] parts = routeKey.Split(' ', 2);
        string path = GreedyParameter().Replace(Parameter().Replace(parts[1], "p1"), "a/b");
        return (parts[0] == "ANY" ? "GET" : parts[0], path);
    }

    [GeneratedRegex(@":function:(?<name>[A-Za-z0-9_-]+)")]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"\{[^}+]+\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\{[^}]+\+\}")]
    private static partial Regex GreedyParameter();
}
