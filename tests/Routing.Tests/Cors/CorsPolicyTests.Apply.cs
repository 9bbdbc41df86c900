using static Routing.Tests.Cors.CorsTestData;
using Routing.Cors;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Tests.Cors;

public sealed partial class CorsPolicyTests
{
    private static GatewayResponse IntegrationAnswer(params (string Name, string Value)[] headers) =>
        new(200, [new("content-type", "application/json"), .. headers.Select(static h => new KeyValuePair<string, string>(h.Name, h.Value))]);

    [Fact]
    public void Apply_AllowedOrigin_AddsAllowOriginCredentialsExposeAndVary()
    {
        // Arrange (CORS-001)
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer();

        // Act
        policy.Apply(Get(App), response);

        // Assert
        Assert.Equal(
            [
                new("content-type", "application/json"),
                new("access-control-allow-origin", App),
                new("access-control-allow-credentials", "true"),
                new("access-control-expose-headers", "x-request-id"),
                new("vary", "Origin"),
            ],
            response.Headers);
    }

    [Theory]
    [InlineData("https://evil.example.net")] // CORS-010
    [InlineData("https://evilapp.example.com")] // CORS-013
    [InlineData("http://app.example.com")] // CORS-019
    [InlineData("https://APP.EXAMPLE.COM")] // CORS-022
    [InlineData("https://app.example.com/")] // CORS-026
    [InlineData("https://app.example.com@attacker.net")] // CORS-028
    [InlineData("https://app.example.com`.attacker.net")] // CORS-032
    [InlineData("https://app.example.com_.attacker.net")] // CORS-033
    [InlineData("https://app.example.com.")] // CORS-034
    [InlineData("null")]
    public void Apply_DisallowedOrigin_NoGrantButVaryOrigin(string origin)
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer();

        // Act
        policy.Apply(Get(origin), response);

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Empty(CorsHeaders(response));
        Assert.Equal(["Origin"], Values(response, "vary"));
    }

    [Fact]
    public void Apply_NoOrigin_NoCorsHeadersButVaryOrigin()
    {
        // Arrange (conformance CO-013)
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer();

        // Act
        policy.Apply(Get(null), response);

        // Assert
        Assert.Empty(CorsHeaders(response));
        Assert.Equal(["Origin"], Values(response, "vary"));
    }

    [Theory]
    [InlineData("https://evil.example.net")] // CORS-060
    [InlineData(App)] // CORS-061
    [InlineData(null)]
    public void Apply_IntegrationCorsHeaders_NeverPassedThrough(string? origin)
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer(
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Origin", "https://attacker.net"),
            ("ACCESS-CONTROL-ALLOW-CREDENTIALS", "true"),
            ("access-control-allow-methods", "DELETE"),
            ("Access-Control-Expose-Headers", "x-secret"),
            ("Access-Control-Max-Age", "99999"),
            ("x-request-id", "r-1"));

        // Act
        policy.Apply(Get(origin), response);

        // Assert
        var expected = origin == App
            ? new List<KeyValuePair<string, string>>
            {
                new("access-control-allow-origin", App),
                new("access-control-allow-credentials", "true"),
                new("access-control-expose-headers", "x-request-id"),
            }
            : [];
        Assert.Equal(expected, CorsHeaders(response));
        Assert.Equal("r-1", response.GetHeader("x-request-id"));
    }

    [Fact]
    public void Apply_IntegrationVary_KeptAndExtended()
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer(("Vary", "Accept-Encoding"));

        // Act
        policy.Apply(Get(App), response);

        // Assert
        Assert.Equal(["Accept-Encoding", "Origin"], Values(response, "vary"));
    }

    [Theory]
    [InlineData("Accept-Encoding, origin")]
    [InlineData("*")]
    public void Apply_IntegrationVaryCoversOrigin_NotRepeated(string vary)
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer(("Vary", vary));

        // Act
        policy.Apply(Get(App), response);

        // Assert
        Assert.Equal([vary], Values(response, "vary"));
    }

    [Fact]
    public void Apply_WildcardPolicyWithCookie_StarWithoutCredentialsOrVary()
    {
        // Arrange (CORS-003, CORS-025)
        var policy = new CorsPolicy(Wildcard);
        var response = IntegrationAnswer();

        // Act
        policy.Apply(Get("https://anything.example.net", ("Cookie", "sid=abc")), response);

        // Assert
        Assert.Equal([new("access-control-allow-origin", "*")], CorsHeaders(response));
        Assert.Empty(Values(response, "vary"));
    }

    [Fact]
    public void Apply_PreflightTakenByRoute_AddsPreflightHeadersNotExposeHeaders()
    {
        // Arrange: an OPTIONS route answered the preflight (conformance CO-019); its own CORS headers are replaced.
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer(("Access-Control-Allow-Methods", "DELETE"));

        // Act
        policy.Apply(Preflight(App, "PUT", "content-type"), response);

        // Assert
        Assert.Equal(
            [
                new("access-control-allow-origin", App),
                new("access-control-allow-credentials", "true"),
                new("access-control-allow-methods", "GET,POST,PUT"),
                new("access-control-allow-headers", "authorization,content-type,x-request-id"),
                new("access-control-max-age", "600"),
            ],
            CorsHeaders(response));
        Assert.Equal([PreflightVary], Values(response, "vary"));
    }

    [Fact]
    public void Apply_RefusedPreflightTakenByRoute_OnlyVary()
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var response = IntegrationAnswer(("Access-Control-Allow-Origin", "*"), ("Vary", "Origin"));

        // Act
        policy.Apply(Preflight(App, "DELETE"), response);

        // Assert
        Assert.Empty(CorsHeaders(response));
        Assert.Equal(["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"], Values(response, "vary"));
    }

    [Fact]
    public void Apply_GatewayError_GetsTheSameHeaders()
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var response = GatewayErrors.Create(GatewayErrorKind.Unauthorized);

        // Act
        policy.Apply(Get(Admin), response);

        // Assert
        Assert.Equal(Admin, response.GetHeader("access-control-allow-origin"));
        Assert.Equal("true", response.GetHeader("access-control-allow-credentials"));
    }

    [Fact]
    public void Apply_AllowedOrigin_AllocatesNothing()
    {
        // Arrange: PERF: the policy only looks up and adds precomputed strings (CORS header values at compile time).
        var policy = new CorsPolicy(Strict);
        var request = Get(App);
        var preflight = Preflight(App, "PUT", "authorization, content-type");
        var response = new GatewayResponse(200);
        response.HeaderList.Capacity = 32;
        policy.Apply(request, response);
        policy.Apply(preflight, response);

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            policy.Apply(request, response);
            policy.Apply(preflight, response);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }
}
