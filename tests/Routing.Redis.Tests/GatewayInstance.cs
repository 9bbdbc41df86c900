using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations;
using Routing.Traffic;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>
/// One gateway instance of a fleet: its own Kestrel server, its own connection to the shared Redis, its own usage-plan
/// store, and the same API as its siblings: <c>GET /limited</c> with a stage route limit, <c>GET /metered</c> with an API
/// key whose plan has a daily quota.
/// </summary>
internal sealed class GatewayInstance : IAsyncDisposable
{
    public const string Key = "fleet0123456789abcdefghijKLMN";

    private readonly WebApplication _app;
    private readonly ConnectionMultiplexer _redis;

    private GatewayInstance(WebApplication app, ConnectionMultiplexer redis, Uri url)
    {
        _app = app;
        _redis = redis;
        Client = new HttpClient { BaseAddress = url };
    }

    public HttpClient Client { get; }

    /// <summary>Whether this instance's connection to Redis is up.</summary>
    public bool IsConnected => _redis.IsConnected;

    public static async Task<GatewayInstance> StartAsync(RedisServer server, string prefix, double rate, int burst, int quota, RedisFailureMode failureMode = RedisFailureMode.FailOpen)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var store = new RedisTrafficStore(redis, prefix, failureMode);
        var plans = new UsagePlanStore(trafficStore: store);
        plans.AddApiKey(new ApiKey { Id = "fleet", Value = Key, Enabled = true });
        plans.AddUsagePlan(new UsagePlan { Id = "plan", Quota = new QuotaSettings(quota, QuotaPeriod.Day), ApiStages = [new UsagePlanApiStage { ApiId = "fleet", Stage = Stage.DefaultName }] });
        plans.AddUsagePlanKey("plan", "fleet");
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200, "ok") };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /limited", IntegrationId = "mock" });
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /metered", IntegrationId = "mock", ApiKeyRequired = true });
        var api = new HttpApi(definition, new HttpApiOptions
        {
            TrafficStore = store,
            UsagePlans = plans,
            Identity = new Routing.Pipeline.ApiIdentity("fleet", "123456789012", "fleet.example.com"),
        });
        api.AddStage(new Stage
        {
            Name = Stage.DefaultName,
            AutoDeploy = true,
            RouteSettings = new Dictionary<string, RouteSettings> { ["GET /limited"] = new() { ThrottlingRateLimit = rate, ThrottlingBurstLimit = burst } },
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(static k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpApiRouting(api);
        var app = builder.Build();
        app.UseHttpApi();
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new GatewayInstance(app, redis, url);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
