using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Domains;
using Routing.Integrations;
using Routing.Pipeline;

namespace Routing.AspNetCore.Tests;

/// <summary>Several APIs behind one Kestrel, chosen by Host and API mapping; other hosts reach the app's own endpoints.</summary>
public sealed class ApiGatewayHostMiddlewareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpApi Api(string id, string body)
    {
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200, body) };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /items/{id}", IntegrationId = "mock" });
        var api = new HttpApi(definition, new HttpApiOptions { Identity = new ApiIdentity(id, "123456789012", $"{id}.execute-api.us-east-1.amazonaws.com") });
        api.AddStage(new Stage { Name = "prod", AutoDeploy = true });
        return api;
    }

    [Fact]
    public async Task UseApiGatewayHost_TwoApisOneDomain_RoutesByMappingAndLeavesOtherHostsToTheApp()
    {
        // Arrange
        var gateway = new ApiGatewayHost();
        gateway.AddApi(Api("orders0001", "orders"));
        gateway.AddApi(Api("pets000002", "pets"));
        gateway.AddDomain(new CustomDomainName
        {
            DomainName = "api.example.com",
            ApiMappings = [new ApiMapping { ApiMappingKey = "orders", ApiId = "orders0001", Stage = "prod" }, new ApiMapping { ApiMappingKey = "pets/v1", ApiId = "pets000002", Stage = "prod" }],
        });
        await using var host = await KestrelHost.StartAsync(_ => { }, app =>
        {
            app.UseApiGatewayHost(gateway);
            app.MapGet("/items/{id}", () => "the app's own");
        });

        // Act
        string orders = await Get("api.example.com", "/orders/items/1");
        string pets = await Get("api.example.com", "/pets/v1/items/2");
        string unmapped = await Get("api.example.com", "/cats/items/3");
        string executeApi = await Get("pets000002.execute-api.us-east-1.amazonaws.com", "/prod/items/4");
        string own = await Get("localhost", "/items/5");

        // Assert
        Assert.Equal("200 orders", orders);
        Assert.Equal("200 pets", pets);
        Assert.Equal("403 {\"message\":\"Forbidden\"}", unmapped);
        Assert.Equal("200 pets", executeApi);
        Assert.Equal("200 the app's own", own);

        async Task<string> Get(string hostName, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = hostName;
            using var response = await host.Client.SendAsync(request, Ct);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}";
        }
    }
}
