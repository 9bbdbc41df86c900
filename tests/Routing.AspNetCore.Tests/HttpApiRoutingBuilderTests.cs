using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Pipeline;

namespace Routing.AspNetCore.Tests;

public sealed class HttpApiRoutingBuilderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> GetAsync(IServiceProvider provider, string rawTarget)
    {
        var dispatcher = provider.GetRequiredService<HttpApiDispatcher>();
        await using var response = await dispatcher.DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = rawTarget }, Ct);
        return $"{response.StatusCode} {response.GetBodyText()}";
    }

    [Fact]
    public async Task AddIntegrationOfT_RegisteredService_IsResolvedFromTheContainer()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddSingleton(new Greeting("hello from DI"));
        services.AddSingleton<GreetingIntegration>();
        services.AddHttpApiRouting().AddIntegration<GreetingIntegration>("greet").AddRoute("GET /hello", "greet");
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        // Act
        string answer = await GetAsync(provider, "/hello");

        // Assert
        Assert.Equal("200 hello from DI", answer);
        var api = provider.GetRequiredService<HttpApi>();
        Assert.Same(provider.GetRequiredService<GreetingIntegration>(), api.Definition.Integrations["greet"].Integration);
    }

    [Fact]
    public async Task AddIntegrationOfT_UnregisteredType_IsScopedAndResolvedPerDispatch()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddSingleton(new Greeting("registered for you"));
        services.AddHttpApiRouting().AddIntegration<GreetingIntegration>("greet", TimeSpan.FromSeconds(2)).AddRoute("$default", "greet");
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        // Act
        string answer = await GetAsync(provider, "/any/path");

        // Assert
        Assert.Equal("200 registered for you", answer);
        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(GreetingIntegration));
        Assert.Equal(ServiceLifetime.Scoped, descriptor.Lifetime);
        Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<HttpApi>().Definition.Integrations["greet"].Timeout);
    }

    [Fact]
    public async Task Quotas_SetInTheRegistration_AreTheApis()
    {
        // Arrange: twelve stages, over AWS's 10, allowed by the registration's quotas.
        var services = new ServiceCollection();
        var api = services.AddHttpApiRouting(o => o.Quotas = ApiQuotas.Aws with { StagesPerApi = 12 })
            .AddIntegration("mock", new MockIntegration(200, "ok"))
            .AddRoute("GET /hello", "mock");
        for (int i = 0; i < 12; i++)
        {
            api.AddStage($"s{i}", autoDeploy: true);
        }

        await using var provider = services.BuildServiceProvider(validateScopes: true);

        // Act
        string answer = await GetAsync(provider, "/s11/hello");

        // Assert
        Assert.Equal("200 ok", answer);
        Assert.Equal(12, provider.GetRequiredService<HttpApi>().Options.Quotas.StagesPerApi);
    }

    [Fact]
    public async Task Build_InvalidConfiguration_ThrowsOneExceptionListingEveryError()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddHttpApiRouting()
            .AddIntegration("mock", new MockIntegration(200))
            .AddIntegration("mock", new MockIntegration(201))
            .AddIntegration("slow", new MockIntegration(200), TimeSpan.FromMinutes(1))
            .AddRoute("GET /pets", "missing")
            .AddRoute("GET /pets", "mock")
            .AddStage("prod")
            .AddStage("bad stage")
            .AddStage("prod", stageVariables: new Dictionary<string, string> { ["bad-name"] = "x" });
        await using var provider = services.BuildServiceProvider();

        // Act
        var error = Assert.Throws<HttpApiValidationException>(() => provider.GetRequiredService<HttpApiDispatcher>());

        // Assert
        Assert.Equal(
            [
                "integrations[mock]: Integration 'mock' is added twice; each integration id may appear once in an API.",
                "routes[GET /pets].integrationId: Route 'GET /pets' names the integration 'missing', which the API does not define.",
                "integrations[slow].timeout: Integration 'slow' has a timeout of 60000 ms; use 50 to 30000 ms.",
                "routes[GET /pets]: Route key 'GET /pets' is defined twice; each route key may appear once in an API.",
                "stages[bad stage].name: Stage name 'bad stage' is not valid: use '$default' or 1 to 128 letters, digits, '-' and '_'.",
                "stages[prod].stageVariables[bad-name]: Stage 'prod': the variable name 'bad-name' is not valid; use 1 to 64 letters, digits and '_'.",
                "stages[prod]: Stage 'prod' is added twice; each stage needs its own name.",
            ],
            error.Errors.Select(e => e.ToString()));
        Assert.StartsWith("The API definition has 7 errors:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_BadRouteKey_IsReportedWithTheOtherErrors()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddHttpApiRouting().AddRoute("GET pets", "nowhere");
        await using var provider = services.BuildServiceProvider();

        // Act
        var error = Assert.Throws<HttpApiValidationException>(() => provider.GetRequiredService<HttpApi>());

        // Assert
        Assert.Equal(2, error.Errors.Count);
        Assert.Equal("routes[GET pets].routeKey", error.Errors[0].Path);
        Assert.Equal(
            "routes[GET pets].integrationId: Route 'GET pets' names the integration 'nowhere', which the API does not define.",
            error.Errors[1].ToString());
    }

    [Fact]
    public async Task AddIntegrationOfT_UnresolvableDependency_IsAValidationErrorAtBuild()
    {
        // Arrange: GreetingIntegration needs a Greeting, which nothing registers.
        var services = new ServiceCollection();
        services.AddHttpApiRouting().AddIntegration<GreetingIntegration>("greet").AddRoute("GET /", "greet");
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        // Act
        var error = Assert.Throws<HttpApiValidationException>(() => provider.GetRequiredService<HttpApi>());

        // Assert: the route that names it is reported too.
        Assert.Equal(2, error.Errors.Count);
        Assert.Equal("integrations[greet]", error.Errors[0].Path);
        Assert.StartsWith(
            $"Integration 'greet': {typeof(GreetingIntegration).FullName} could not be resolved from the service provider: Unable to resolve service for type '{typeof(Greeting).FullName}'",
            error.Errors[0].Message,
            StringComparison.Ordinal);
        Assert.Equal(
            "routes[GET /].integrationId: Route 'GET /' names the integration 'greet', which the API does not define.",
            error.Errors[1].ToString());
    }

    [Fact]
    public async Task AddIntegrationOfT_DispatchedOutsideARequest_GetsAScopeOfItsOwnPerCall()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddScoped<Counter>();
        services.AddHttpApiRouting().AddIntegration<CountingIntegration>("count").AddRoute("GET /", "count");
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var api = provider.GetRequiredService<HttpApi>();
        int createdAtBuild = Counter.Created;
        int disposedAtBuild = Counter.Disposed;

        // Act
        string first = await GetAsync(provider, "/");
        string second = await GetAsync(provider, "/");

        // Assert: one probe at build, then one scope per call, each disposed.
        Assert.NotNull(api);
        Assert.Equal("200 1", first);
        Assert.Equal("200 1", second);
        Assert.Equal(createdAtBuild + 2, Counter.Created);
        Assert.Equal(disposedAtBuild + 2, Counter.Disposed);
    }

    [Fact]
    public async Task Build_NoStage_GetsAnAutoDeployingDefaultStage()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddHttpApiRouting().AddIntegration("mock", new MockIntegration(200, "ok")).AddRoute("GET /", "mock");
        await using var provider = services.BuildServiceProvider();

        // Act
        var api = provider.GetRequiredService<HttpApi>();

        // Assert
        var stage = Assert.Single(api.Stages);
        Assert.Equal(Stage.DefaultName, stage.Name);
        Assert.True(stage.AutoDeploy);
        Assert.NotNull(stage.Deployment);
        Assert.Equal("200 ok", await GetAsync(provider, "/"));
    }

    [Fact]
    public async Task Build_SeveralStages_ShareTheInitialDeployment()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddHttpApiRouting()
            .AddIntegration("mock", new MockIntegration(200, "ok"))
            .AddRoute("GET /", "mock")
            .AddStage("$default", autoDeploy: true)
            .AddStage("v1", autoDeploy: false, new Dictionary<string, string> { ["tier"] = "gold" });
        await using var provider = services.BuildServiceProvider();

        // Act
        var api = provider.GetRequiredService<HttpApi>();
        api.Update(d => d.Routes.Add(new RouteDefinition { RouteKey = "GET /new", IntegrationId = "mock" }));

        // Assert
        Assert.Equal(2, api.Deployments.Count);
        Assert.Equal("Initial deployment", api.Stages[1].Deployment!.Description);
        Assert.Equal("gold", api.Stages[1].StageVariables["tier"]);
        Assert.Equal("200 ok", await GetAsync(provider, "/new"));
        Assert.Equal("404 {\"message\":\"Not Found\"}", await GetAsync(provider, "/v1/new"));
        Assert.Equal("200 ok", await GetAsync(provider, "/v1"));
    }

    [Fact]
    public async Task AddHttpApiRouting_CalledTwice_AddsToTheSameApi()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddHttpApiRouting(o => o.PassThroughUnmatched = true).AddIntegration("mock", new MockIntegration(200, "ok"));
        services.AddHttpApiRouting().AddRoute("GET /", "mock");
        await using var provider = services.BuildServiceProvider();

        // Act
        string answer = await GetAsync(provider, "/");

        // Assert
        Assert.Equal("200 ok", answer);
        Assert.True(provider.GetRequiredService<HttpApiRoutingOptions>().PassThroughUnmatched);
        Assert.Single(services, d => d.ServiceType == typeof(HttpApi) && !d.IsKeyedService);
    }

    [Fact]
    public async Task AddHttpApiRouting_ExistingApi_RegistersThatInstance()
    {
        // Arrange
        var api = HttpApi.QuickCreate(new MockIntegration(202, "accepted"));
        var services = new ServiceCollection();
        services.AddHttpApiRouting(api, o => o.PassThroughUnmatched = true);
        await using var provider = services.BuildServiceProvider();

        // Act
        string answer = await GetAsync(provider, "/x");

        // Assert
        Assert.Equal("202 accepted", answer);
        Assert.Same(api, provider.GetRequiredService<HttpApi>());
        Assert.Same(api, provider.GetRequiredService<HttpApiDispatcher>().Api);
    }

    [Fact]
    public void AddHttpApiRouting_ExistingApiThenCodeFirst_Throws()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddHttpApiRouting(HttpApi.QuickCreate(new MockIntegration(200)));

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => services.AddHttpApiRouting());

        // Assert
        Assert.Equal(
            "HTTP API 'default' was already registered as an existing HttpApi; describe an API either code-first or as an instance, not both.",
            error.Message);
    }

    [Fact]
    public void AddHttpApiRouting_SecondExistingApi_Throws()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddHttpApiRouting(HttpApi.QuickCreate(new MockIntegration(200)));

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => services.AddHttpApiRouting(HttpApi.QuickCreate(new MockIntegration(200))));

        // Assert
        Assert.Equal("HTTP API 'default' was already registered; register another API under a name of its own.", error.Message);
    }

    [Fact]
    public async Task Build_AfterFirstResolution_OptionsAndBuilderAreFrozen()
    {
        // Arrange
        var services = new ServiceCollection();
        var builder = services.AddHttpApiRouting().AddIntegration("mock", new MockIntegration(200)).AddRoute("GET /", "mock");
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<HttpApiRoutingOptions>();

        // Act
        provider.GetRequiredService<HttpApi>();

        // Assert
        Assert.True(options.IsFrozen);
        var optionsError = Assert.Throws<InvalidOperationException>(() => options.PassThroughUnmatched = true);
        Assert.Equal(
            "The HTTP API routing options are frozen: the API was already built from them. Change them in the delegate given to AddHttpApiRouting.",
            optionsError.Message);
        var builderError = Assert.Throws<InvalidOperationException>(() => builder.AddRoute("GET /late", "mock"));
        Assert.Equal(
            "HTTP API 'default' was already built (it is built when first resolved); configure it before the host starts.",
            builderError.Message);
    }

    [Fact]
    public async Task Build_Options_IdentityAndClockReachTheApi()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var identity = new ApiIdentity("abc123", "111122223333", "abc123.execute-api.example.com");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddHttpApiRouting(o => o.Identity = identity).AddIntegration("mock", new MockIntegration(200)).AddRoute("GET /", "mock");
        await using var provider = services.BuildServiceProvider();

        // Act
        var api = provider.GetRequiredService<HttpApi>();

        // Assert
        Assert.Same(clock, api.Options.TimeProvider);
        Assert.Same(identity, api.Options.Identity);
        Assert.Equal(clock.GetUtcNow(), api.Deployments[0].CreatedDate);
    }

    private sealed record Greeting(string Text);

    /// <summary>A scoped service that counts its uses within one scope, and instances made and disposed overall.</summary>
    internal sealed class Counter : IDisposable
    {
        private static int _created;
        private static int _disposed;

        public Counter() => Interlocked.Increment(ref _created);

        public static int Created => Volatile.Read(ref _created);

        public static int Disposed => Volatile.Read(ref _disposed);

        public int Uses { get; set; }

        public void Dispose() => Interlocked.Increment(ref _disposed);
    }

    internal sealed class CountingIntegration(Counter counter) : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            counter.Uses++;
            return ValueTask.FromResult(new GatewayResponse(200, null, System.Text.Encoding.UTF8.GetBytes(counter.Uses.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    private sealed class GreetingIntegration(Greeting greeting) : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new GatewayResponse(200, null, System.Text.Encoding.UTF8.GetBytes(greeting.Text)));
    }
}
