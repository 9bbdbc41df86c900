using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;

namespace Routing.Tests.Apis;

public sealed class HttpApiTests
{
    private static async Task<(int Status, string Body)> GetAsync(HttpApi api, string target)
    {
        await using var response = await new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = target });
        return (response.StatusCode, response.GetBodyText());
    }

    [Fact]
    public void Update_ManyAutoDeploys_KeepsABoundedHistoryAndWhatStagesServe()
    {
        // Arrange: prod stays on the first deployment while $default auto-deploys every edit.
        var api = HttpApi.QuickCreate(new MockIntegration(200));
        var first = api.Deployments[0];
        api.AddStage(new Stage { Name = "prod", Deployment = first });

        // Act
        for (int i = 0; i < HttpApi.MaxDeploymentHistory + 20; i++)
        {
            int n = i;
            api.Update(d => d.Routes.Add(new RouteDefinition { RouteKey = $"GET /r{n}", IntegrationId = "default" }));
        }

        // Assert
        Assert.Equal(HttpApi.MaxDeploymentHistory, api.Deployments.Count);
        Assert.Contains(first, api.Deployments);
        Assert.Same(api.Stages.Single(static s => s.Name == "$default").Deployment, api.Deployments[^1]);
    }

    private static HttpApiDefinition Definition(params (string RouteKey, string Body)[] routes)
    {
        var definition = new HttpApiDefinition();
        foreach (var (routeKey, body) in routes)
        {
            definition.Integrations[body] = new IntegrationDefinition { Integration = new MockIntegration(200, body) };
            definition.Routes.Add(new RouteDefinition { RouteKey = routeKey, IntegrationId = body });
        }

        return definition;
    }

    [Fact]
    public async Task QuickCreate_Target_ServesEveryPathFromAnAutoDeployingDefaultStage()
    {
        var api = HttpApi.QuickCreate(new MockIntegration(200, "hello"));

        var stage = Assert.Single(api.Stages);
        Assert.Equal("$default", stage.Name);
        Assert.True(stage.AutoDeploy);
        Assert.Equal("$default", Assert.Single(api.Definition.Routes).RouteKey);
        Assert.Equal((200, "hello"), await GetAsync(api, "/any/path?x=1"));
    }

    [Fact]
    public async Task Update_AutoDeployStage_DeploysAndSwapsAtOnce()
    {
        var api = new HttpApi(Definition(("GET /a", "a")));
        api.AddStage(new Stage { Name = "$default", AutoDeploy = true });

        api.Update(d =>
        {
            d.Integrations["b"] = new IntegrationDefinition { Integration = new MockIntegration(200, "b") };
            d.Routes.Add(new RouteDefinition { RouteKey = "GET /b", IntegrationId = "b" });
        });

        Assert.Equal(2, api.Deployments.Count);
        Assert.Equal((200, "b"), await GetAsync(api, "/b"));
        Assert.Equal((200, "a"), await GetAsync(api, "/a"));
    }

    [Fact]
    public async Task Update_InvalidWithAutoDeploy_ThrowsAndChangesNothing()
    {
        var api = new HttpApi(Definition(("GET /a", "a")));
        api.AddStage(new Stage { Name = "$default", AutoDeploy = true });

        var error = Assert.Throws<HttpApiValidationException>(() =>
            api.Update(d => d.Routes.Add(new RouteDefinition { RouteKey = "GET /b", IntegrationId = "missing" })));

        Assert.Equal(
            "routes[GET /b].integrationId: Route 'GET /b' names the integration 'missing', which the API does not define.",
            Assert.Single(error.Errors).ToString());
        Assert.Single(api.Definition.Routes);
        Assert.Single(api.Deployments);
        Assert.Equal(404, (await GetAsync(api, "/b")).Status);
    }

    [Fact]
    public async Task Deploy_WithoutStage_LeavesLiveStagesAlone_ThenRollbackServesAnEarlierDeployment()
    {
        var api = new HttpApi(Definition(("GET /v", "one")));
        var first = api.Deploy("first");
        api.AddStage(new Stage { Name = "prod", Deployment = first });
        api.Update(d => d.Integrations["one"] = new IntegrationDefinition { Integration = new MockIntegration(200, "two") });

        var second = api.Deploy("second");
        var beforeSwitch = await GetAsync(api, "/prod/v");
        api.Rollback("prod", second.Id);
        var afterSwitch = await GetAsync(api, "/prod/v");
        api.Rollback("prod", first.Id);
        var afterRollback = await GetAsync(api, "/prod/v");

        Assert.Equal((200, "one"), beforeSwitch);
        Assert.Equal((200, "two"), afterSwitch);
        Assert.Equal((200, "one"), afterRollback);
        Assert.Equal(["first", "second"], api.Deployments.Select(static d => d.Description));
    }

    [Fact]
    public void Rollback_UnknownDeployment_ThrowsNamingIt()
    {
        var api = HttpApi.QuickCreate(new MockIntegration(200));

        var error = Assert.Throws<ArgumentException>(() => api.Rollback("$default", "nope42"));

        Assert.StartsWith("Deployment 'nope42' does not exist in this API.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStage_DuplicateOrInvalid_Throws()
    {
        var api = HttpApi.QuickCreate(new MockIntegration(200));

        var duplicate = Assert.Throws<ArgumentException>(() => api.AddStage(new Stage { Name = "$default" }));
        var invalid = Assert.Throws<ArgumentException>(() => api.AddStage(new Stage { Name = "bad stage" }));

        Assert.StartsWith("Stage '$default' is added twice; each stage needs its own name.", duplicate.Message, StringComparison.Ordinal);
        Assert.StartsWith("Stage name 'bad stage' is not valid", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_CreatedDate_ComesFromTheTimeProvider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 10, 19, 19, 5, TimeSpan.Zero));
        var api = new HttpApi(Definition(("GET /a", "a")), new HttpApiOptions { TimeProvider = clock });

        var deployment = api.Deploy();

        Assert.Equal(clock.GetUtcNow(), deployment.CreatedDate);
        Assert.Matches("^[a-z0-9]{6}$", deployment.Id);
    }

    [Fact]
    public void Builder_InvalidEverywhere_ReportsEveryErrorAtOnce()
    {
        var builder = new HttpApiBuilder()
            .AddIntegration("a", new MockIntegration(200))
            .AddIntegration("a", new MockIntegration(201))
            .AddRoute("GET pets", "a")
            .AddRoute("GET /x", "missing")
            .AddStage("bad stage");

        var error = Assert.Throws<HttpApiValidationException>(() => builder.Build());

        Assert.Equal(
            [
                "integrations[a]: Integration 'a' is added twice; each integration id may appear once in an API.",
                "routes[GET pets].routeKey: Route key 'GET pets': the path 'pets' must start with '/'.",
                "routes[GET /x].integrationId: Route 'GET /x' names the integration 'missing', which the API does not define.",
                "stages[bad stage].name: Stage name 'bad stage' is not valid: use '$default' or 1 to 128 letters, digits, '-' and '_'.",
            ],
            error.Errors.Select(static e => e.ToString()));
    }

    [Fact]
    public async Task Builder_Valid_DeploysOnceToEveryStage()
    {
        var api = new HttpApiBuilder()
            .AddIntegration("a", new MockIntegration(200, "a"))
            .AddRoute("GET /a", "a")
            .AddStage("$default")
            .AddStage("prod")
            .Build();

        var deployment = Assert.Single(api.Deployments);
        Assert.All(api.Stages, s => Assert.Same(deployment, s.Deployment));
        Assert.Equal((200, "a"), await GetAsync(api, "/prod/a"));
        Assert.Equal((200, "a"), await GetAsync(api, "/a"));
    }
}
