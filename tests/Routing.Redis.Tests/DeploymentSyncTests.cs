using System.Diagnostics;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>Three instances of one API sharing a real redis-server: a deployment or a rollback on one is served by all three within a second.</summary>
[Trait("Category", "Redis")]
[Collection(nameof(FleetTests))]
public sealed class DeploymentSyncTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpApi Instance()
    {
        var definition = new HttpApiDefinition();
        definition.Integrations["pets"] = new IntegrationDefinition { Integration = new MockIntegration(200, "pets") };
        definition.Integrations["legacy"] = new IntegrationDefinition { IntegrationType = Routing.Pipeline.IntegrationType.HttpProxy, IntegrationUri = "http://127.0.0.1:1/{proxy}", PayloadFormatVersion = PayloadFormatVersion.V1 };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /v1", IntegrationId = "pets" });
        var api = new HttpApi(definition);
        api.AddStage(new Stage { Name = "prod", Deployment = api.Deploy("initial") });
        return api;
    }

    [Fact]
    public async Task DeployAndRollbackOnOneInstance_AreServedByAllThreeWithinASecond()
    {
        // Arrange
        string name = "test:deployments:" + Guid.NewGuid().ToString("N");
        HttpApi[] apis = [Instance(), Instance(), Instance()];
        var connections = new List<ConnectionMultiplexer>();
        var syncs = new List<RedisDeploymentSync>();
        foreach (var api in apis)
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            connections.Add(connection);
            syncs.Add(await RedisDeploymentSync.StartAsync(api, connection, name));
        }

        try
        {
            var first = apis[0].Stages.Single().Deployment!;

            // Act 1: a new route (and stage variables) deployed to prod on the first instance.
            apis[0].Update(static d =>
            {
                d.Routes.Add(new RouteDefinition { RouteKey = "GET /v2", IntegrationId = "pets" });
                d.Routes.Add(new RouteDefinition { RouteKey = "ANY /legacy/{proxy+}", IntegrationId = "legacy" });
            });
            apis[0].Deploy("v2", "prod");
            apis[0].UpdateStage("prod", static s => s with { StageVariables = new Dictionary<string, string> { ["tier"] = "gold" } });
            var published = Stopwatch.StartNew();
            await syncs[0].PublishAsync();
            await EveryInstance(apis, 200, published);

            // Assert 1
            Assert.All(apis, static api => Assert.Equal("gold", api.Stages.Single().StageVariables["tier"]));

            // Act 2: a rollback on the first instance.
            apis[0].Rollback("prod", first.Id);
            published.Restart();
            await syncs[0].PublishAsync();

            // Assert 2
            await EveryInstance(apis, 404, published);
        }
        finally
        {
            foreach (var sync in syncs)
            {
                await sync.DisposeAsync();
            }

            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until every instance answers GET /prod/v2 with the status, and fails if that takes more than a second.</summary>
    private static async Task EveryInstance(HttpApi[] apis, int status, Stopwatch published)
    {
        while (true)
        {
            int[] statuses = new int[apis.Length];
            for (int i = 0; i < apis.Length; i++)
            {
                await using var response = await new HttpApiDispatcher(apis[i]).DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = "/prod/v2" }, Ct);
                statuses[i] = response.StatusCode;
            }

            if (statuses.All(s => s == status))
            {
                return;
            }

            Assert.True(published.Elapsed < TimeSpan.FromSeconds(1), $"After {published.Elapsed.TotalMilliseconds:F0} ms the instances answer [{string.Join(", ", statuses)}], not {status} everywhere.");
            await Task.Delay(20, Ct);
        }
    }
}
