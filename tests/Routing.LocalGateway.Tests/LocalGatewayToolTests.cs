using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Routing.LocalGateway.Tests;

/// <summary>The tool as a user meets it: the echo, a changed file, and the errors for a bad file, a taken port, a dead function.</summary>
public sealed class LocalGatewayToolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("apigw-local-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Definition(string path, string payloadFormatVersion = "2.0", string method = "post")
    {
        string file = Path.Combine(_folder, "api.yaml");
        File.WriteAllText(file, $$"""
            openapi: "3.0.1"
            info: { title: local, version: "1" }
            paths:
              {{path}}:
                {{method}}:
                  x-amazon-apigateway-integration:
                    type: aws_proxy
                    uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:items/invocations
                    payloadFormatVersion: "{{payloadFormatVersion}}"
            """);
        return file;
    }

    [Fact]
    public async Task Serve_FunctionBoundToNothing_AnswersWithThePayload20EventItWouldGet()
    {
        // Arrange
        await using var tool = LocalGatewayProcess.Start(Definition("/items/{id}"), "--port", "0", "--stage-variable", "color=blue");
        using var client = new HttpClient { BaseAddress = await tool.WaitForListeningAsync(Ct) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/items/42?q=1&q=2") { Content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Custom", "yes");

        // Act
        using var response = await client.SendAsync(request, Ct);
        var echoed = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo", response.Headers.GetValues("x-apigw-local").Single());
        Assert.Equal("2.0", (string?)echoed["version"]);
        Assert.Equal("POST /items/{id}", (string?)echoed["routeKey"]);
        Assert.Equal("/items/42", (string?)echoed["rawPath"]);
        Assert.Equal("q=1&q=2", (string?)echoed["rawQueryString"]);
        Assert.Equal("1,2", (string?)echoed["queryStringParameters"]!["q"]);
        Assert.Equal("yes", (string?)echoed["headers"]!["x-custom"]);
        Assert.Equal("42", (string?)echoed["pathParameters"]!["id"]);
        Assert.Equal("blue", (string?)echoed["stageVariables"]!["color"]);
        Assert.Equal("POST", (string?)echoed["requestContext"]!["http"]!["method"]);
        Assert.Equal("$default", (string?)echoed["requestContext"]!["stage"]);
        Assert.Equal("123456789012", (string?)echoed["requestContext"]!["accountId"]);
        Assert.Equal("{\"a\":1}", (string?)echoed["body"]);
        Assert.False((bool?)echoed["isBase64Encoded"]);
        Assert.Contains(tool.Lines, static l => l.Contains("items -> echo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_FunctionBoundToAnInvokeEndpoint_PostsTheEventThereAndAnswersWithItsResult()
    {
        // Arrange
        await using var invoke = await InvokeApiServer.StartAsync();
        string invocations = invoke.Url + "/2015-03-31/functions/items/invocations";
        await using var tool = LocalGatewayProcess.Start(Definition("/items", "1.0", "get"), "--port", "0", "--function", "items=" + invocations);
        using var client = new HttpClient { BaseAddress = await tool.WaitForListeningAsync(Ct) };

        // Act
        using var response = await client.GetAsync("/items", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("items", response.Headers.GetValues("x-function").Single());
        Assert.True(invoke.Invocations.TryDequeue(out var invocation));
        Assert.Equal("1.0", (string?)invocation.Event["version"]);
        Assert.Equal("/items", (string?)invocation.Event["resource"]);
        Assert.Contains(tool.Lines, l => l.Contains("items -> " + invocations, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_UnreachableFunction_Answers500AndLogsWhereItLooked()
    {
        // Arrange: nothing listens on port 1.
        await using var tool = LocalGatewayProcess.Start(Definition("/items", method: "get"), "--port", "0", "--functions-endpoint", "http://127.0.0.1:1");
        using var client = new HttpClient { BaseAddress = await tool.WaitForListeningAsync(Ct) };

        // Act
        using var response = await client.GetAsync("/items", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("{\"message\":\"Internal Server Error\"}", await response.Content.ReadAsStringAsync(Ct));
        await tool.WaitForLineAsync(static l => l.Contains("Function 'items' cannot be reached at http://127.0.0.1:1/2015-03-31/functions/items/invocations", StringComparison.Ordinal), Ct);
    }

    [Fact]
    public async Task Serve_DefinitionRewritten_ServesTheNewRoutesAndKeepsThemOnABadRewrite()
    {
        // Arrange
        string file = Definition("/before", method: "get");
        await using var tool = LocalGatewayProcess.Start(file, "--port", "0");
        using var client = new HttpClient { BaseAddress = await tool.WaitForListeningAsync(Ct) };

        // Act
        Definition("/after", method: "get");
        await tool.WaitForLineAsync(static l => l.StartsWith("The definition changed", StringComparison.Ordinal), Ct);
        using var after = await client.GetAsync("/after", Ct);
        using var before = await client.GetAsync("/before", Ct);
        await File.WriteAllTextAsync(file, "openapi: \"3.0.1\"\ninfo: { title: t, version: \"1\" }\npaths:\n  /broken:\n    get:\n      x-amazon-apigateway-integration: { type: aws_proxy, uri: f }\n", Ct);
        await tool.WaitForLineAsync(static l => l.Contains("payload-format-version-missing", StringComparison.Ordinal), Ct);
        using var stillAfter = await client.GetAsync("/after", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillAfter.StatusCode);
    }

    [Fact]
    public async Task Serve_BadDefinition_ExitsWithEveryDiagnosticAndItsPointer()
    {
        // Arrange
        string file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, """{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": "f"}}}}}""", Ct);

        // Act
        await using var tool = LocalGatewayProcess.Start(file, "--port", "0");
        int exitCode = await tool.WaitForExitAsync(Ct);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains(tool.Lines, l => l.Contains($"{file}#/paths/~1a/get/x-amazon-apigateway-integration: payload-format-version-missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsSayingSoAndHowToChoose()
    {
        // Arrange
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        string port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Act
        await using var tool = LocalGatewayProcess.Start(Definition("/a"), "--port", port);
        int exitCode = await tool.WaitForExitAsync(Ct);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains(tool.Lines, l => l.Contains($"cannot listen on 127.0.0.1:{port}", StringComparison.Ordinal) && l.Contains("--port", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--bogus", "Unknown option '--bogus'")]
    [InlineData("--port", "--port needs a value")]
    [InlineData("--function", "--function needs a value")]
    public async Task Serve_BadArguments_ExitsWithUsage(string argument, string message)
    {
        // Act
        await using var tool = LocalGatewayProcess.Start(Definition("/a"), argument);
        int exitCode = await tool.WaitForExitAsync(Ct);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains(tool.Lines, l => l.Contains(message, StringComparison.Ordinal));
        Assert.Contains(tool.Lines, static l => l.StartsWith("Usage: apigw-local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_ConfigurationFileWithSettingsFile_ServesItsRoutesWithTheSettingsFunctions()
    {
        // Arrange
        await using var invoke = await InvokeApiServer.StartAsync();
        string configuration = Path.Combine(_folder, "gateway.json");
        await File.WriteAllTextAsync(configuration, """
            { "HttpApi": {
                "name": "configured",
                "routes": [ { "routeKey": "GET /orders/{id}", "target": "integrations/orders" } ],
                "integrations": { "orders": { "integrationType": "AWS_PROXY", "integrationUri": "orders-fn", "payloadFormatVersion": "2.0" } },
                "stages": { "$default": { "autoDeploy": true } } } }
            """, Ct);
        string settings = Path.Combine(_folder, "local.json");
        await File.WriteAllTextAsync(settings, $$"""{ "functionsEndpoint": "{{invoke.Url}}", "stageVariables": { "tier": "local" } }""", Ct);
        await using var tool = LocalGatewayProcess.Start(configuration, "--port", "0", "--settings", settings);
        using var client = new HttpClient { BaseAddress = await tool.WaitForListeningAsync(Ct) };

        // Act
        using var response = await client.GetAsync("/orders/7", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(invoke.Invocations.TryDequeue(out var invocation));
        Assert.Equal("orders-fn", invocation.Function);
        Assert.Equal("7", (string?)invocation.Event["pathParameters"]!["id"]);
        Assert.Equal("local", (string?)invocation.Event["stageVariables"]!["tier"]);
        Assert.Contains(tool.Lines, static l => l.StartsWith("Routes of 'configured'", StringComparison.Ordinal));
    }
}
