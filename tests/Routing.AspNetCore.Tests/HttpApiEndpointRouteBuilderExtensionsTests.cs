using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Routing.Apis;
using Routing.Integrations;

namespace Routing.AspNetCore.Tests;

public sealed class HttpApiEndpointRouteBuilderExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<KestrelHost> StartAsync() =>
        KestrelHost.StartAsync(
            services => PetsApi.Add(services),
            app =>
            {
                app.MapHttpApi("/api").WithMetadata(new EndpointMarker());
                app.MapGet("/health", () => "ok");
                app.MapGet("/apiX/pets", () => "host apiX");
            });

    [Fact]
    public async Task MapHttpApi_UnderPrefix_DispatchesWithThePrefixRemoved()
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        using var pets = await host.Client.GetAsync("/api/pets", Ct);
        using var health = await host.Client.GetAsync("/health", Ct);

        // Assert
        Assert.Equal(PetsApi.PetsJson, await pets.Content.ReadAsStringAsync(Ct));
        Assert.True(pets.Headers.Contains(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal("ok", await health.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task MapHttpApi_AtTheRoot_TakesWhatTheHostsEndpointsDoNot()
    {
        // Arrange: the API at the root, mapped before the host's endpoints.
        await using var host = await KestrelHost.StartAsync(
            services => PetsApi.Add(services),
            app =>
            {
                app.MapHttpApi();
                app.MapGet("/health", () => "ok");
            });

        // Act
        using var pets = await host.Client.GetAsync("/pets", Ct);
        var health = await host.SendRawAsync("get", "/health");
        using var unknown = await host.Client.GetAsync("/nothing/here", Ct);

        // Assert
        Assert.Equal(PetsApi.PetsJson, await pets.Content.ReadAsStringAsync(Ct));
        Assert.Equal(200, health.StatusCode);
        Assert.Equal("ok", health.Body);
        Assert.Null(health.Header(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await unknown.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task MapHttpApi_EncodedSpace_IsDecodedOnce()
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        using var response = await host.Client.GetAsync("/api/pets/John%20Doe", Ct);

        // Assert
        var echo = new Echo(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("John Doe", echo.Parameter("name"));
        Assert.Equal("/pets/John Doe", echo["path"]);
        Assert.Equal("/pets/John%20Doe", echo["encodedPath"]);
    }

    [Fact]
    public async Task MapHttpApi_StageUnderPrefix_SelectsTheStage()
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        using var response = await host.Client.GetAsync("/api/prod/pets/rex", Ct);

        // Assert
        var echo = new Echo(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("prod", echo["stage"]);
        Assert.Equal("/prod/pets/rex", echo["path"]);
        Assert.Equal("/pets/rex", echo["routingPath"]);
    }

    [Theory]
    [InlineData("/api", "")]
    [InlineData("/api/", "")]
    [InlineData("/api?x=1", "x=1")]
    [InlineData("/api/?x=1", "x=1")]
    public async Task MapHttpApi_PrefixItself_ServesTheRoot(string rawTarget, string query)
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        var response = await host.SendRawAsync("GET", rawTarget);

        // Assert
        Assert.Equal(200, response.StatusCode);
        var echo = new Echo(response.Body);
        Assert.Equal("GET /", echo["routeKey"]);
        Assert.Equal("/", echo["path"]);
        Assert.Equal(query, echo["rawQueryString"]);
    }

    [Fact]
    public async Task MapHttpApi_PrefixFollowedByMoreText_IsNotTheApi()
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        using var beside = await host.Client.GetAsync("/apiX/pets", Ct);
        using var missing = await host.Client.GetAsync("/apiY/pets", Ct);

        // Assert
        Assert.Equal("host apiX", await beside.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(missing.Headers.Contains(HttpApiDispatcher.RequestIdHeader));
    }

    [Theory]
    [InlineData("/API/pets")]
    [InlineData("/%61pi/pets")]
    public async Task MapHttpApi_PrefixSpelledDifferentlyInTheRawTarget_Gets404Json(string rawTarget)
    {
        // Arrange: endpoint routing matches the decoded path case-insensitively; the raw target is compared ordinally.
        await using var host = await StartAsync();

        // Act
        var response = await host.SendRawAsync("GET", rawTarget);

        // Assert
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", response.Body);
        Assert.Equal(16, response.Header(HttpApiDispatcher.RequestIdHeader)?.Length);
    }

    [Fact]
    public async Task MapHttpApi_UnknownRouteUnderPrefix_Gets404Json()
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        using var response = await host.Client.GetAsync("/api/owners", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.True(response.Headers.Contains(HttpApiDispatcher.RequestIdHeader));
    }

    [Theory]
    [InlineData("/api/pets/a%2Fb")]
    [InlineData("/api/pets/..%2Fadmin")]
    public async Task MapHttpApi_EncodedSlash_Gets400Json(string rawTarget)
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        var response = await host.SendRawAsync("GET", rawTarget);

        // Assert
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("""{"message":"Bad Request"}""", response.Body);
    }

    [Fact]
    public async Task MapHttpApi_DoubleEncodedDots_ReachTheRouteAsData()
    {
        // Arrange
        await using var host = await StartAsync();

        // Act
        var response = await host.SendRawAsync("GET", "/api/pets/%252e%252e");

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("%2e%2e", new Echo(response.Body).Parameter("name"));
    }

    [Fact]
    public async Task MapHttpApi_DotSegmentsAfterThePrefix_CannotClimbOutOfTheApi()
    {
        // Arrange: the raw target starts with the prefix, so the gateway sees "/pets/../../x" and refuses it.
        await using var host = await StartAsync();

        // Act
        var response = await host.SendRawAsync("GET", "/api/pets/%2e%2e/%2e%2e/%2e%2e/api/pets");

        // Assert
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("""{"message":"Bad Request"}""", response.Body);
    }

    [Fact]
    public async Task MapHttpApi_ConventionBuilder_AppliesToTheEndpoint()
    {
        // Arrange
        await using var host = await KestrelHost.StartAsync(
            services => PetsApi.Add(services),
            app =>
            {
                app.UseRouting();
                app.Use(async (context, next) =>
                {
                    if (context.GetEndpoint()?.Metadata.GetMetadata<EndpointMarker>() is not null)
                    {
                        context.Response.Headers["x-marked"] = context.GetEndpoint()!.DisplayName;
                    }

                    await next(context);
                });
                app.MapHttpApi("/api/").WithMetadata(new EndpointMarker());
            });

        // Act
        using var response = await host.Client.GetAsync("/api/pets", Ct);

        // Assert
        Assert.Equal("HTTP API /api", Assert.Single(response.Headers.GetValues("x-marked")));
    }

    [Fact]
    public async Task MapHttpApi_GivenApiAndRootPrefix_ServesThatApi()
    {
        // Arrange
        var api = HttpApi.QuickCreate(new MockIntegration(201, "made"));
        await using var host = await KestrelHost.StartAsync(_ => { }, app => app.MapHttpApi("/", api));

        // Act
        using var response = await host.Client.PostAsync("/anything/at/all", null, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("made", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task MapHttpApi_BehindUsePathBase_RemovesPathBaseAndPrefix()
    {
        // Arrange
        await using var host = await KestrelHost.StartAsync(
            services => PetsApi.Add(services),
            app =>
            {
                app.UsePathBase("/base");
                app.UseRouting();
                app.MapHttpApi("/api");
            });

        // Act
        var response = await host.SendRawAsync("GET", "/base/api/pets/John%20Doe?q=1");

        // Assert
        Assert.Equal(200, response.StatusCode);
        var echo = new Echo(response.Body);
        Assert.Equal("/pets/John Doe", echo["path"]);
        Assert.Equal("q=1", echo["rawQueryString"]);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("")]
    [InlineData("/a b")]
    [InlineData("/{x}")]
    [InlineData("/a//b")]
    [InlineData("/..")]
    [InlineData("/a%20b")]
    public void MapHttpApi_InvalidPrefix_Throws(string prefix)
    {
        // Arrange
        var builder = WebApplication.CreateSlimBuilder();
        PetsApi.Add(builder.Services);
        var app = builder.Build();

        // Act
        var error = Assert.Throws<ArgumentException>(() => app.MapHttpApi(prefix));

        // Assert
        Assert.Equal(
            $"The HTTP API prefix '{prefix}' is not valid: use '/' followed by segments of letters, digits, '-', '.', '_' and '~' (e.g. '/api'), or '/' for none. (Parameter 'prefix')",
            error.Message);
    }

    [Fact]
    public void MapHttpApi_WithoutAddHttpApiRouting_Throws()
    {
        // Arrange
        var app = WebApplication.CreateSlimBuilder().Build();

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => app.MapHttpApi("/api"));

        // Assert
        Assert.Equal(
            "MapHttpApi needs the HTTP API services of 'default': call services.AddHttpApiRouting(...) when configuring services, or pass the HttpApi to serve.",
            error.Message);
    }

    private sealed class EndpointMarker;
}
