using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Pipeline;
using Routing.Traffic;

namespace Routing.Tests.Traffic;

/// <summary>Stage and route throttles on a fake clock: what the corpus leaves to the library's reading, and the refusals.</summary>
public sealed class ThrottlingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));

    private HttpApi Api(Stage stage, AccountThrottle? account = null, params RouteDefinition[] extra)
    {
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200, "ok") };
        definition.Authorizers["jwt"] = new JwtAuthorizerDefinition { Issuer = "https://issuer.invalid", Audiences = ["api"] };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /pets", IntegrationId = "mock" });
        definition.Routes.AddRange(extra);
        var api = new HttpApi(definition, new HttpApiOptions { TimeProvider = _clock, AccountThrottle = account });
        api.AddStage(stage);
        return api;
    }

    private static async Task<int> StatusOf(HttpApi api, string method, string path)
    {
        await using var response = await new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = method, RawTarget = path }, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task Dispatch_RouteSetsOnlyTheBurst_TakesTheRateFromTheStageDefaultThenTheAccount()
    {
        // Arrange: burst 2 from the route, rate 1 from the stage default.
        var api = Api(new Stage
        {
            Name = "$default",
            AutoDeploy = true,
            DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 1 },
            RouteSettings = new Dictionary<string, RouteSettings> { ["GET /pets"] = new() { ThrottlingBurstLimit = 2 } },
        });

        // Act
        int[] first = [await StatusOf(api, "GET", "/pets"), await StatusOf(api, "GET", "/pets"), await StatusOf(api, "GET", "/pets")];
        _clock.Advance(TimeSpan.FromSeconds(1));
        int afterOneSecond = await StatusOf(api, "GET", "/pets");

        // Assert
        Assert.Equal([200, 200, 429], first);
        Assert.Equal(200, afterOneSecond);
    }

    [Fact]
    public async Task Dispatch_ZeroLimits_DoNotTurnA404IntoA429()
    {
        var api = Api(new Stage { Name = "$default", AutoDeploy = true, DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 0, ThrottlingBurstLimit = 0 } });

        Assert.Equal(404, await StatusOf(api, "GET", "/nothing"));
        Assert.Equal(429, await StatusOf(api, "GET", "/pets"));
    }

    [Fact]
    public async Task Dispatch_ThrottledRouteWithAnAuthorizer_AnswersBeforeTheAuthorizer()
    {
        // A token-less request to a JWT route is a 401 unless the throttle answers first.
        var api = Api(
            new Stage { Name = "$default", AutoDeploy = true, DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 0, ThrottlingBurstLimit = 0 } },
            extra: new RouteDefinition { RouteKey = "GET /private", IntegrationId = "mock", AuthorizationType = AuthorizationType.Jwt, AuthorizerId = "jwt" });

        Assert.Equal(429, await StatusOf(api, "GET", "/private"));
    }

    [Fact]
    public async Task Update_AutoDeployWithTheSameLimits_KeepsTheBucketsItHad()
    {
        // Arrange: the only token is spent.
        var api = Api(new Stage { Name = "$default", AutoDeploy = true, DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 0, ThrottlingBurstLimit = 1 } });
        Assert.Equal(200, await StatusOf(api, "GET", "/pets"));

        // Act: a redeploy (a new route) must not hand out new tokens.
        api.Update(static d => d.Routes.Add(new RouteDefinition { RouteKey = "GET /other", IntegrationId = "mock" }));

        // Assert
        Assert.Equal(429, await StatusOf(api, "GET", "/pets"));
        Assert.Equal(200, await StatusOf(api, "GET", "/other"));
    }

    [Fact]
    public async Task UpdateStage_NewLimits_StartAFullBucket()
    {
        var api = Api(new Stage { Name = "$default", AutoDeploy = true, DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 0, ThrottlingBurstLimit = 1 } });
        Assert.Equal(200, await StatusOf(api, "GET", "/pets"));

        api.UpdateStage("$default", static s => s with { DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 0, ThrottlingBurstLimit = 2 } });

        Assert.Equal(200, await StatusOf(api, "GET", "/pets"));
    }

    [Fact]
    public void AddStage_RouteSettingsForAnUnknownRoute_IsRefusedInApiGatewaysWords()
    {
        var error = Assert.Throws<ArgumentException>(() => Api(new Stage
        {
            Name = "$default",
            RouteSettings = new Dictionary<string, RouteSettings> { ["POST /v1/catalog/books"] = new() { ThrottlingBurstLimit = 1 } },
        }));

        Assert.StartsWith("Unable to find Route by key POST /v1/catalog/books within the provided RouteSettings", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200.0, null, "throttlingRateLimit 200 exceeds the account's rate limit, 100")]
    [InlineData(null, 60, "throttlingBurstLimit 60 exceeds the account's burst limit, 50")]
    [InlineData(-1.0, null, "throttlingRateLimit -1 is not a rate")]
    public void AddStage_LimitOverTheAccountOrNegative_IsRefusedNamingTheField(double? rate, int? burst, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Api(
            new Stage { Name = "$default", DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = rate, ThrottlingBurstLimit = burst } },
            new AccountThrottle(100, 50)));

        Assert.Contains("Stage '$default': defaultRouteSettings: " + message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_SharedAccountThrottle_LimitsEveryApiThatNamesIt()
    {
        var account = new AccountThrottle(0, 1);
        var first = Api(new Stage { Name = "$default", AutoDeploy = true }, account);
        var second = Api(new Stage { Name = "$default", AutoDeploy = true }, account);

        Assert.Equal(200, await StatusOf(first, "GET", "/pets"));
        Assert.Equal(429, await StatusOf(second, "GET", "/pets"));
    }
}
