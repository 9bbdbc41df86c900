using System.Text.Json.Nodes;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations;
using Routing.Pipeline;

namespace Routing.OpenApi.Tests.Export;

public sealed class OpenApiExporterTests
{
    private static HttpApiDefinition Pets()
    {
        var definition = new HttpApiDefinition { Name = "Pets" };
        definition.Integrations["list"] = new IntegrationDefinition { IntegrationUri = "arn:aws:lambda:us-east-1:123456789012:function:list" };
        definition.Integrations["proxy"] = new IntegrationDefinition { IntegrationType = IntegrationType.HttpProxy, IntegrationUri = "https://example.com", PayloadFormatVersion = PayloadFormatVersion.V1 };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /pets", IntegrationId = "list" });
        definition.Routes.Add(new RouteDefinition { RouteKey = "ANY /files/{proxy+}", IntegrationId = "proxy" });
        return definition;
    }

    [Fact]
    public void Export_SameApiWithRoutesInAnotherOrder_WritesTheSameText()
    {
        // Arrange
        var first = Pets();
        var second = Pets();
        second.Routes.Reverse();

        // Act
        string a = OpenApiExporter.Export(first).Document;
        string b = OpenApiExporter.Export(second).Document;

        // Assert
        Assert.Equal(a, b);
    }

    [Fact]
    public void Export_ApiWithoutVersion_WritesTheVersionOption()
    {
        // Act
        var document = JsonNode.Parse(OpenApiExporter.Export(Pets(), new OpenApiExportOptions { VersionWhenUnset = "2026-12-08 10:00:00UTC" }).Document)!;

        // Assert
        Assert.Equal("2026-12-08 10:00:00UTC", (string?)document["info"]!["version"]);
        Assert.Equal("/{basePath}", (string?)document["servers"]![0]!["url"]);
    }

    [Fact]
    public void Export_GreedyRoute_DeclaresItsParameterWithThePlus()
    {
        // Act
        var document = JsonNode.Parse(OpenApiExporter.Export(Pets()).Document)!;

        // Assert
        var item = document["paths"]!["/files/{proxy+}"]!;
        Assert.Equal("proxy+", (string?)item["parameters"]![0]!["name"]);
        Assert.Equal("http_proxy", (string?)item["x-amazon-apigateway-any-method"]!["x-amazon-apigateway-integration"]!["type"]);
    }

    [Fact]
    public void Export_InProcessHandlerAndMock_WarnsWithThePointerAndWritesTheRouteWithoutIntegration()
    {
        // Arrange
        var definition = Pets();
        definition.Integrations["handler"] = new IntegrationDefinition { Integration = new MockIntegration(200) };
        definition.Integrations["mock"] = new IntegrationDefinition { IntegrationType = IntegrationType.Mock };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /in-process", IntegrationId = "handler" });
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /mock", IntegrationId = "mock" });

        // Act
        var export = OpenApiExporter.Export(definition);

        // Assert
        Assert.Equal(
            ["/paths/~1in-process/get/x-amazon-apigateway-integration", "/paths/~1mock/get/x-amazon-apigateway-integration"],
            export.Diagnostics.Select(static d => d.JsonPointer).Order(StringComparer.Ordinal));
        Assert.All(export.Diagnostics, static d => Assert.Equal("integration-not-exportable", d.Code));
        var document = JsonNode.Parse(export.Document)!;
        Assert.NotNull(document["paths"]!["/mock"]!["get"]);
        Assert.Null(document["paths"]!["/mock"]!["get"]!["x-amazon-apigateway-integration"]);
    }

    [Fact]
    public void Export_Stage_WritesTheDeploymentItServesNotTheDraft()
    {
        // Arrange
        var api = new HttpApi(Pets(), AnyFunction.Options);
        api.AddStage(new Stage { Name = "prod", Deployment = api.Deploy("v1") });
        api.Update(static d => d.Routes.Add(new RouteDefinition { RouteKey = "POST /pets", IntegrationId = "list" }));

        // Act
        var stage = JsonNode.Parse(OpenApiExporter.Export(api, new OpenApiExportOptions { StageName = "prod" }).Document)!;
        var draft = JsonNode.Parse(OpenApiExporter.Export(api).Document)!;

        // Assert
        Assert.Null(stage["paths"]!["/pets"]!["post"]);
        Assert.Equal("prod", (string?)stage["servers"]![0]!["variables"]!["basePath"]!["default"]);
        Assert.NotNull(draft["paths"]!["/pets"]!["post"]);
    }

    [Fact]
    public void Export_UnknownStage_ThrowsNamingTheStages()
    {
        // Arrange
        var api = new HttpApi(Pets(), AnyFunction.Options);
        api.AddStage(new Stage { Name = "prod", Deployment = api.Deploy() });

        // Act
        var error = Assert.Throws<ArgumentException>(() => OpenApiExporter.Export(api, new OpenApiExportOptions { StageName = "dev" }));

        // Assert
        Assert.Contains("'dev'", error.Message, StringComparison.Ordinal);
        Assert.Contains("prod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Yaml_KeepsVersionsAsStrings()
    {
        // Act
        string yaml = OpenApiExporter.Export(Pets(), new OpenApiExportOptions { OutputType = OpenApiOutputType.Yaml }).Document;
        var again = OpenApiImporter.Import(yaml);

        // Assert
        Assert.StartsWith("openapi:", yaml, StringComparison.Ordinal);
        Assert.True(again.Succeeded, string.Join('\n', again.Diagnostics));
        Assert.Equal(PayloadFormatVersion.V2, again.Definition!.Integrations["GET /pets"].PayloadFormatVersion);
    }

    [Fact]
    public void Export_RouteThatRequiresAnApiKey_WarnsThatHttpApisHaveNone()
    {
        var definition = Pets();
        definition.Routes[0] = definition.Routes[0] with { ApiKeyRequired = true };

        var diagnostic = Assert.Single(OpenApiExporter.Export(definition).Diagnostics);

        Assert.Equal(("api-key-not-exportable", "/paths/~1pets/get"), (diagnostic.Code, diagnostic.JsonPointer));
    }
}
