using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;

namespace Routing.OpenApi.Tests;

public sealed class ReimportTests
{
    private const string First = """
        {"openapi": "3.0.1", "info": {"title": "A", "version": "1"},
         "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": "fn-a", "payloadFormatVersion": "2.0"}}}},
         "x-amazon-apigateway-cors": {"allowOrigins": ["https://x.example.com"]}}
        """;

    private const string Second = """
        {"openapi": "3.0.1", "info": {"title": "B", "version": "2"},
         "paths": {"/b": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": "fn-b", "payloadFormatVersion": "2.0"}}}}}
        """;

    private static HttpApi Api()
    {
        var api = new HttpApi(OpenApiImporter.Import(First).Definition!, AnyFunction.Options);
        api.AddStage(new Stage { Name = "live", AutoDeploy = true, StageVariables = new Dictionary<string, string> { ["v"] = "1" } });
        api.AddStage(new Stage { Name = "pinned", Deployment = api.Deploy("first") });
        return api;
    }

    [Fact]
    public void Reimport_NewDefinition_ReplacesEverythingAndAutoDeploysKeepingStages()
    {
        // Arrange
        var api = Api();
        var pinned = api.Stages.Single(static s => s.Name == "pinned").Deployment;

        // Act
        var result = OpenApiImporter.Reimport(api, Second);

        // Assert
        Assert.True(result.Succeeded);
        Assert.Equal(["GET /b"], api.Definition.Routes.Select(static r => r.RouteKey));
        Assert.Null(api.Definition.Cors);
        Assert.Equal("B", api.Definition.Name);
        Assert.Equal(["live", "pinned"], api.Stages.Select(static s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal("1", api.Stages.Single(static s => s.Name == "live").StageVariables["v"]);
        Assert.Equal(["GET /b"], api.Stages.Single(static s => s.Name == "live").Deployment!.GetDefinition().Routes.Select(static r => r.RouteKey));
        Assert.Same(pinned, api.Stages.Single(static s => s.Name == "pinned").Deployment);
    }

    [Fact]
    public void Reimport_WarningWithFailOnWarnings_ChangesNothing()
    {
        // Arrange
        var api = Api();
        string warned = Second.Replace("\"2.0\"}}}}", "\"2.0\", \"timeoutInMillis\": 1}}}}", StringComparison.Ordinal);

        // Act
        var result = OpenApiImporter.Reimport(api, warned, new OpenApiImportOptions { FailOnWarnings = true });

        // Assert
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, static d => d.Code == "timeout-out-of-range");
        Assert.Equal(["GET /a"], api.Definition.Routes.Select(static r => r.RouteKey));
        Assert.NotNull(api.Definition.Cors);
    }

    [Fact]
    public void Reimport_DefinitionTheApiCannotDeploy_ChangesNothingAndSaysWhy()
    {
        // Arrange: IAM authorization needs a verifier this API does not have.
        var api = Api();
        string iam = Second.Replace("{\"get\": {", "{\"get\": {\"x-amazon-apigateway-auth\": {\"type\": \"AWS_IAM\"}, ", StringComparison.Ordinal);

        // Act
        var result = OpenApiImporter.Reimport(api, iam);

        // Assert
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, static d => d.Severity == OpenApiDiagnosticSeverity.Error);
        Assert.Equal("definition-not-deployable", error.Code);
        Assert.Contains("AWS_IAM", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /a"], api.Stages.Single(static s => s.Name == "live").Deployment!.GetDefinition().Routes.Select(static r => r.RouteKey));
    }
}
