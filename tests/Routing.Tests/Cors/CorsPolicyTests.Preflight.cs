using System.Diagnostics;
using static Routing.Tests.Cors.CorsTestData;
using Routing.Cors;
using Routing.Definitions;

namespace Routing.Tests.Cors;

/// <summary>
/// <see cref="CorsPolicy"/>: validation, the gateway's preflight answers and the headers put on route answers. Ids
/// such as CORS-043 name the case of the security corpus (<c>adversarial/cors.json</c>) a test stands for.
/// </summary>
public sealed partial class CorsPolicyTests
{
    private const string PreflightVary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    [Theory]
    [InlineData("OPTIONS", true, true, true)]
    [InlineData("OPTIONS", true, false, false)]
    [InlineData("OPTIONS", false, true, false)]
    [InlineData("GET", true, true, false)]
    [InlineData("options", true, true, false)]
    public void IsPreflight_NeedsOptionsOriginAndRequestMethod(string method, bool origin, bool requestMethod, bool expected)
    {
        // Arrange
        var headers = new List<(string, string)>();
        if (origin)
        {
            headers.Add(("origin", App));
        }

        if (requestMethod)
        {
            headers.Add(("access-control-request-method", "PUT"));
        }

        // Act
        bool preflight = CorsPolicy.IsPreflight(Request(method, "/pets", [.. headers]));

        // Assert
        Assert.Equal(expected, preflight);
    }

    [Fact]
    public void IsPreflight_EmptyOrigin_NotAPreflight()
    {
        // Act
        bool preflight = CorsPolicy.IsPreflight(Request("OPTIONS", "/pets", ("Origin", string.Empty), ("Access-Control-Request-Method", "PUT")));

        // Assert
        Assert.False(preflight);
    }

    [Fact]
    public void AnswerPreflight_AllowedOrigin_Returns204WithConfiguredHeaders()
    {
        // Arrange (CORS-002)
        var policy = new CorsPolicy(Strict);

        // Act
        var response = policy.AnswerPreflight(Preflight(App, "POST", "authorization,content-type"));

        // Assert
        Assert.Equal(204, response.StatusCode);
        Assert.True(response.Body.IsEmpty);
        Assert.Null(response.BodyStream);
        Assert.Equal(
            [
                new("access-control-allow-origin", App),
                new("access-control-allow-credentials", "true"),
                new("access-control-allow-methods", "GET,POST,PUT"),
                new("access-control-allow-headers", "authorization,content-type,x-request-id"),
                new("access-control-max-age", "600"),
                new("vary", PreflightVary),
            ],
            response.Headers);
    }

    [Theory]
    [InlineData("https://evil.example.net")] // CORS-043
    [InlineData("https://evilapp.example.com")] // CORS-013
    [InlineData("http://app.example.com")] // CORS-019
    [InlineData("https://APP.EXAMPLE.COM")] // CORS-022
    [InlineData("https://app.example.com/")] // CORS-026
    [InlineData("https://app.example.com@attacker.net")] // CORS-028
    [InlineData("https://app.example.com`.attacker.net")] // CORS-032
    [InlineData("https://app.example.com_.attacker.net")] // CORS-033
    [InlineData("https://app.example.com.")] // CORS-034
    [InlineData("https://app.example.com.attacker.net")]
    [InlineData("https://app.example.com:443")]
    [InlineData("null")]
    [InlineData(" https://app.example.com")]
    public void AnswerPreflight_DisallowedOrigin_204WithoutCorsHeaders(string origin)
    {
        // Arrange
        var policy = new CorsPolicy(Strict);

        // Act
        var response = policy.AnswerPreflight(Preflight(origin, "POST", "content-type"));

        // Assert
        Assert.Equal(204, response.StatusCode);
        Assert.Empty(CorsHeaders(response));
        Assert.Equal([PreflightVary], Values(response, "vary"));
    }

    [Theory]
    [InlineData("DELETE")] // CORS-040
    [InlineData("PATCH")]
    [InlineData("put")]
    [InlineData("PUT ")]
    public void AnswerPreflight_DisallowedMethod_NoCorsHeaders(string method)
    {
        // Arrange
        var policy = new CorsPolicy(Strict);

        // Act
        var response = policy.AnswerPreflight(Preflight(App, method));

        // Assert
        Assert.Equal(204, response.StatusCode);
        Assert.Empty(CorsHeaders(response));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("POST")]
    public void AnswerPreflight_SafelistedMethodNotListed_Granted(string method)
    {
        // Arrange: browsers send GET, HEAD and POST whatever Access-Control-Allow-Methods says.
        var policy = new CorsPolicy(new CorsConfiguration { AllowOrigins = [App], AllowMethods = ["PUT"], AllowHeaders = ["x-custom"] });

        // Act
        var response = policy.AnswerPreflight(Preflight(App, method, "x-custom"));

        // Assert
        Assert.Equal(App, response.GetHeader("access-control-allow-origin"));
        Assert.Equal("PUT", response.GetHeader("access-control-allow-methods"));
    }

    [Theory]
    [InlineData("x-other")]
    [InlineData("content-type,x-other")]
    [InlineData("authorization, content-type, cookie")]
    public void AnswerPreflight_DisallowedHeader_NoCorsHeaders(string requested)
    {
        // Arrange
        var policy = new CorsPolicy(Strict);

        // Act
        var response = policy.AnswerPreflight(Preflight(App, "PUT", requested));

        // Assert
        Assert.Empty(CorsHeaders(response));
    }

    [Theory]
    [InlineData("Authorization,Content-Type")]
    [InlineData(" authorization ,\tX-Request-ID ")]
    [InlineData("content-type,,")]
    [InlineData("")]
    public void AnswerPreflight_RequestedHeadersCaseAndWhiteSpace_Granted(string requested)
    {
        // Arrange
        var policy = new CorsPolicy(Strict);

        // Act
        var response = policy.AnswerPreflight(Preflight(App, "PUT", requested));

        // Assert
        Assert.Equal(App, response.GetHeader("access-control-allow-origin"));
    }

    [Fact]
    public void AnswerPreflight_RequestedHeadersOnSeveralLines_EveryLineChecked()
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var request = Request("OPTIONS", "/pets", ("Origin", App), ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", "content-type"), ("Access-Control-Request-Headers", "x-other"));

        // Act
        var response = policy.AnswerPreflight(request);

        // Assert
        Assert.Empty(CorsHeaders(response));
    }

    [Fact]
    public void AnswerPreflight_FiveHundredRequestedHeaders_RefusedQuicklyWithoutReflection()
    {
        // Arrange (CORS-049)
        var policy = new CorsPolicy(Strict);
        string requested = string.Join(',', Enumerable.Range(0, 500).Select(static i => $"x-h{i}"));
        var request = Preflight(App, "POST", requested);
        policy.AnswerPreflight(request);

        // Act: real time on purpose, this is a CPU budget (no timer is involved), which a fake clock cannot measure.
        var clock = Stopwatch.StartNew();
        var response = policy.AnswerPreflight(request);
        clock.Stop();

        // Assert
        Assert.Empty(CorsHeaders(response));
        Assert.DoesNotContain(response.Headers, static h => h.Value.Contains("x-h0", StringComparison.Ordinal));
        Assert.True(clock.ElapsedMilliseconds < 250, $"took {clock.ElapsedMilliseconds} ms"); // the corpus budget for in-process cases
    }

    [Fact]
    public void AnswerPreflight_DuplicateOrigin_Refused()
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        var request = Request("OPTIONS", "/pets", ("Origin", App), ("Origin", Admin), ("Access-Control-Request-Method", "PUT"));

        // Act
        var response = policy.AnswerPreflight(request);

        // Assert
        Assert.Empty(CorsHeaders(response));
    }

    [Fact]
    public void AnswerPreflight_WildcardPolicy_AnswersStarWithoutVaryOrigin()
    {
        // Arrange
        var policy = new CorsPolicy(Wildcard);

        // Act
        var response = policy.AnswerPreflight(Preflight("https://anything.example.net", "POST", "content-type"));

        // Assert
        Assert.Equal(
            [
                new("access-control-allow-origin", "*"),
                new("access-control-allow-methods", "GET,POST"),
                new("access-control-allow-headers", "content-type"),
                new("access-control-max-age", "300"),
                new("vary", "Access-Control-Request-Method, Access-Control-Request-Headers"),
            ],
            response.Headers);
    }

    [Fact]
    public void AnswerPreflight_WildcardMethodsAndHeaders_AnswersStarLiterally()
    {
        // Arrange (conformance CO-024)
        var policy = new CorsPolicy(new CorsConfiguration { AllowOrigins = [App], AllowMethods = ["*"], AllowHeaders = ["*", "Authorization"] });

        // Act
        var response = policy.AnswerPreflight(Preflight(App, "DELETE", "x-foo,authorization"));

        // Assert
        Assert.Equal(App, response.GetHeader("access-control-allow-origin"));
        Assert.Equal("*", response.GetHeader("access-control-allow-methods"));
        Assert.Equal("*,Authorization", response.GetHeader("access-control-allow-headers"));
        Assert.Null(response.GetHeader("access-control-allow-credentials"));
    }

    [Theory]
    [InlineData("https://anything.example.net", true)]
    [InlineData("https://a.b.example.com:8443", true)]
    [InlineData("https://[::1]", true)]
    [InlineData("http://anything.example.net", false)]
    [InlineData("https://a.example/", false)]
    [InlineData("https://a.example@evil.example", false)]
    [InlineData("https://a.example`.evil.example", false)]
    [InlineData("https://", false)]
    [InlineData("HTTPS://a.example", false)]
    [InlineData("null", false)]
    public void AnswerPreflight_HttpsSchemeWildcard_EchoesOnlyWellFormedHttpsOrigins(string origin, bool allowed)
    {
        // Arrange
        var policy = new CorsPolicy(AnyHttps);

        // Act
        var response = policy.AnswerPreflight(Preflight(origin, "PUT", "content-type"));

        // Assert
        Assert.Equal(allowed ? origin : null, response.GetHeader("access-control-allow-origin"));
    }

    [Fact]
    public void AnswerPreflight_NothingButOrigins_OnlyAllowOrigin()
    {
        // Arrange
        var policy = new CorsPolicy(new CorsConfiguration { AllowOrigins = [App] });

        // Act
        var response = policy.AnswerPreflight(Preflight(App, "POST"));

        // Assert
        Assert.Equal([new("access-control-allow-origin", App)], CorsHeaders(response));
    }

    [Fact]
    public void AnswerPreflight_MaxAgeMinusOne_SentAsIs()
    {
        // Arrange
        var policy = new CorsPolicy(new CorsConfiguration { AllowOrigins = [App], MaxAge = -1 });

        // Act
        var response = policy.AnswerPreflight(Preflight(App, "GET"));

        // Assert
        Assert.Equal("-1", response.GetHeader("access-control-max-age"));
    }

    [Fact]
    public void AnswerPreflight_DuplicateConfiguredNames_ListedOnce()
    {
        // Arrange
        var policy = new CorsPolicy(new CorsConfiguration { AllowOrigins = [App, App], AllowMethods = ["PUT", "PUT"], AllowHeaders = ["X-A", "x-a"] });

        // Act
        var response = policy.AnswerPreflight(Preflight(App, "PUT", "x-a"));

        // Assert
        Assert.Equal("PUT", response.GetHeader("access-control-allow-methods"));
        Assert.Equal("X-A", response.GetHeader("access-control-allow-headers"));
    }

    [Fact]
    public void AnswerPreflight_HeaderValues_ComputedOnceNotPerRequest()
    {
        // Arrange
        var policy = new CorsPolicy(Strict);

        // Act
        var first = policy.AnswerPreflight(Preflight(App, "PUT"));
        var second = policy.AnswerPreflight(Preflight(Admin, "PUT"));

        // Assert
        foreach (string name in (string[])["access-control-allow-methods", "access-control-allow-headers", "access-control-max-age", "vary"])
        {
            Assert.Same(first.GetHeader(name), second.GetHeader(name));
        }
    }

    [Fact]
    public void AnswerPreflight_EchoedOrigin_IsTheRequestValueNotACopy()
    {
        // Arrange
        var policy = new CorsPolicy(Strict);
        string origin = new([.. App]);

        // Act
        var response = policy.AnswerPreflight(Preflight(origin, "PUT"));

        // Assert
        Assert.Same(origin, response.GetHeader("access-control-allow-origin"));
    }
}
