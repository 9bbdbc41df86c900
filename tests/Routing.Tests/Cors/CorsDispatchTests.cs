using static Routing.Tests.Cors.CorsTestData;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Tests.Cors;

/// <summary>CORS through the real <see cref="HttpApiDispatcher"/>: who answers a preflight, and which answers carry CORS headers.</summary>
public sealed class CorsDispatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (HttpApiDispatcher Dispatcher, CountingIntegration Backend) Serve(CorsConfiguration? cors, params (string RouteKey, bool Jwt)[] routes)
    {
        var backend = new CountingIntegration();
        var definition = new HttpApiDefinition { Cors = cors };
        definition.Integrations.Add("backend", new IntegrationDefinition { Integration = backend });
        definition.Authorizers.Add("jwt", new JwtAuthorizerDefinition { Issuer = "https://issuer.example", Audiences = ["x"] });
        foreach (var (routeKey, jwt) in routes)
        {
            definition.Routes.Add(jwt
                ? new RouteDefinition { RouteKey = routeKey, IntegrationId = "backend", AuthorizationType = AuthorizationType.Jwt, AuthorizerId = "jwt" }
                : new RouteDefinition { RouteKey = routeKey, IntegrationId = "backend" });
        }

        var api = new HttpApi(definition);
        api.AddStage(new Stage { Name = "$default", AutoDeploy = true });
        return (new HttpApiDispatcher(api), backend);
    }

    [Fact]
    public async Task Dispatch_PreflightNoRouteTakes_GatewayAnswers204WithRequestId()
    {
        // Arrange (CORS-044: POST /pets has a JWT authorizer, but no route takes OPTIONS /pets)
        var (dispatcher, backend) = Serve(Strict, ("GET /pets", false), ("POST /pets", true));

        // Act
        await using var response = await dispatcher.DispatchAsync(Preflight(App, "POST", "authorization,content-type"), Ct);

        // Assert
        Assert.Equal(204, response.StatusCode);
        Assert.Equal(App, response.GetHeader("access-control-allow-origin"));
        Assert.Equal("600", response.GetHeader("access-control-max-age"));
        Assert.Equal(16, response.GetHeader(HttpApiDispatcher.RequestIdHeader)?.Length);
        Assert.Equal(0, backend.Calls);
    }

    [Fact]
    public async Task Dispatch_PreflightRefused_Still204AndNoIntegration()
    {
        // Arrange (CORS-043)
        var (dispatcher, backend) = Serve(Strict, ("GET /pets", false));

        // Act
        await using var response = await dispatcher.DispatchAsync(Preflight("https://evil.example.net", "POST"), Ct);

        // Assert
        Assert.Equal(204, response.StatusCode);
        Assert.Empty(CorsHeaders(response));
        Assert.Equal(0, backend.Calls);
    }

    [Fact]
    public async Task Dispatch_PreflightTakenByOptionsRoute_IntegrationAnswersWithPreflightHeaders()
    {
        // Arrange (conformance CO-019)
        var (dispatcher, backend) = Serve(Strict, ("ANY /{proxy+}", true), ("OPTIONS /{proxy+}", false));

        // Act
        await using var response = await dispatcher.DispatchAsync(Preflight(App, "PUT", "content-type"), Ct);

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, backend.Calls);
        Assert.Equal([App], Values(response, "access-control-allow-origin"));
        Assert.Equal("GET,POST,PUT", response.GetHeader("access-control-allow-methods"));
    }

    [Fact]
    public async Task Dispatch_PreflightTakenByAnyRouteWithJwt_AuthorizerRejects401()
    {
        // Arrange (CORS-063, conformance CO-020): the route's authorizer runs on the credential-less preflight.
        var (dispatcher, backend) = Serve(Strict, ("ANY /admin/{proxy+}", true), ("GET /pets", false));

        // Act
        await using var response = await dispatcher.DispatchAsync(Request("OPTIONS", "/admin/report",
            ("Origin", App), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "authorization")), Ct);

        // Assert
        Assert.Equal(401, response.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", response.GetBodyText());
        Assert.StartsWith("Bearer", response.GetHeader("www-authenticate"), StringComparison.Ordinal);
        Assert.Equal(0, backend.Calls);
    }

    [Fact]
    public async Task Dispatch_OptionsWithoutRequestMethod_NotAPreflight404()
    {
        // Arrange (CORS-045)
        var (dispatcher, backend) = Serve(Strict, ("GET /pets", false));

        // Act
        await using var response = await dispatcher.DispatchAsync(Request("OPTIONS", "/pets", ("Origin", App)), Ct);

        // Assert
        Assert.Equal(404, response.StatusCode);
        Assert.Null(response.GetHeader("access-control-allow-methods"));
        Assert.Equal(0, backend.Calls);
    }

    [Fact]
    public async Task Dispatch_NoCorsConfigured_Preflight404AndIntegrationHeadersPassThrough()
    {
        // Arrange (conformance CO-017; AWS-SEMANTICS 9.8)
        var (dispatcher, _) = Serve(null, ("GET /pets", false));

        // Act
        await using var preflight = await dispatcher.DispatchAsync(Preflight(App, "POST"), Ct);
        await using var get = await dispatcher.DispatchAsync(Get(App), Ct);

        // Assert
        Assert.Equal(404, preflight.StatusCode);
        Assert.Equal("*", get.GetHeader("access-control-allow-origin"));
    }

    [Fact]
    public async Task Dispatch_UnmatchedRouteFromUnlistedOrigin_404WithoutGrant()
    {
        // Arrange (CORS-062)
        var (dispatcher, _) = Serve(Strict, ("GET /pets", false));

        // Act
        await using var response = await dispatcher.DispatchAsync(Request("GET", "/nope", ("Origin", "https://evil.example.net")), Ct);

        // Assert
        Assert.Equal(404, response.StatusCode);
        Assert.Empty(CorsHeaders(response));
    }

    [Fact]
    public async Task Dispatch_IntegrationAnswer_BackendCorsReplaced()
    {
        // Arrange (CORS-001, CORS-060/061)
        var (dispatcher, backend) = Serve(Strict, ("GET /pets", false));

        // Act
        await using var allowed = await dispatcher.DispatchAsync(Get(App), Ct);
        await using var denied = await dispatcher.DispatchAsync(Get("https://evil.example.net"), Ct);

        // Assert
        Assert.Equal(2, backend.Calls);
        Assert.Equal([App], Values(allowed, "access-control-allow-origin"));
        Assert.Equal(["true"], Values(allowed, "access-control-allow-credentials"));
        Assert.Equal(["x-request-id"], Values(allowed, "access-control-expose-headers"));
        Assert.Equal(["Origin"], Values(allowed, "vary"));
        Assert.Empty(CorsHeaders(denied));
        Assert.Equal(["Origin"], Values(denied, "vary"));
    }

    [Fact]
    public async Task Dispatch_JwtRouteWithoutToken_401CarriesCorsHeadersForAllowedOrigin()
    {
        // Arrange: the browser can then read the gateway's 401 instead of seeing a CORS failure.
        var (dispatcher, backend) = Serve(Strict, ("GET /pets", true));

        // Act
        await using var response = await dispatcher.DispatchAsync(Get(App), Ct);

        // Assert
        Assert.Equal(401, response.StatusCode);
        Assert.Equal(App, response.GetHeader("access-control-allow-origin"));
        Assert.Equal(0, backend.Calls);
    }

    [Fact]
    public async Task Dispatch_Redeploy_NewCorsPolicyServesNewRequests()
    {
        // Arrange
        var (dispatcher, _) = Serve(Strict, ("GET /pets", false));
        const string other = "https://other.example";

        // Act
        dispatcher.Api.Update(d => d.Cors = Strict with { AllowOrigins = [other] });
        await using var response = await dispatcher.DispatchAsync(Get(other), Ct);
        await using var old = await dispatcher.DispatchAsync(Get(App), Ct);

        // Assert
        Assert.Equal(other, response.GetHeader("access-control-allow-origin"));
        Assert.Null(old.GetHeader("access-control-allow-origin"));
    }

    /// <summary>Answers 200 with permissive CORS headers of its own, and counts its calls.</summary>
    private sealed class CountingIntegration : IIntegration
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(new GatewayResponse(200,
            [
                new("content-type", "application/json"),
                new("Access-Control-Allow-Origin", "*"),
                new("Access-Control-Allow-Credentials", "true"),
            ],
            "{}"u8.ToArray()));
        }
    }
}
