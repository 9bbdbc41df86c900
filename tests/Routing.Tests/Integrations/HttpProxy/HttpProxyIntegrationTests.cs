using Routing.Definitions;
using static Routing.Tests.Integrations.HttpProxy.ProxyHarness;
using Routing.Http;
using Routing.Integrations.HttpProxy;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.Tests.Integrations.HttpProxy;

/// <summary>The HTTP proxy end to end: the real dispatcher, a real SocketsHttpHandler and loopback backends.</summary>
public sealed partial class HttpProxyIntegrationTests
{
    private static CancellationToken Timeout => TestContext.Current.CancellationToken;

    // ---- target: URI template, path, query ----

    [Fact]
    public async Task Invoke_GreedyRoute_SubstitutesProxyAndForwardsQueryAsSent()
    {
        // Arrange: PX-001's shape.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/public-base/{proxy}"), "ANY /public/{proxy+}");

        // Act
        var answer = await SendAsync(dispatcher, Get("/public/a/b?q=1&x=a%20b&p=+"), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        var upstream = backend.SingleRequest();
        Assert.Equal("GET", upstream.Method);
        Assert.Equal("/public-base/a/b?q=1&x=a%20b&p=+", upstream.Target);
        Assert.Equal(backend.Authority, upstream.Header("Host"));
        Assert.NotNull(answer.Header("apigw-requestid"));
    }

    [Fact]
    public async Task Invoke_IntegrationMethodAsData_IsTheBackendsMethod()
    {
        // Arrange: OpenAPI's httpMethod POST on a GET route, given as data.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(
            new IntegrationDefinition { IntegrationType = IntegrationType.HttpProxy, IntegrationUri = backend.BaseUri + "/x", IntegrationMethod = "POST" },
            "GET /x");

        // Act
        await SendAsync(dispatcher, Get("/x"), Timeout);

        // Assert
        Assert.Equal("POST", backend.SingleRequest().Method);
    }

    [Theory]
    [InlineData("post")]
    [InlineData("GET /")]
    public void Create_InvalidMethod_IsRefusedNamingIt(string method)
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpProxyIntegration(new HttpProxyIntegrationOptions { Uri = "http://backend.example/", Method = method }));

        Assert.Contains($"'{method}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NamedParameter_SubstitutesDecodedValueReEncoded()
    {
        // Arrange
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/v1/pets/{id}/info"), "GET /pets/{id}");

        // Act
        await SendAsync(dispatcher, Get("/pets/caf%C3%A9%20au%20lait"), Timeout);

        // Assert
        Assert.Equal("/v1/pets/caf%C3%A9%20au%20lait/info", backend.SingleRequest().Target);
    }

    [Theory]
    [InlineData("/public/100%25", "/base/100%25")]
    [InlineData("/public/%2525", "/base/%2525")]
    [InlineData("/public/a%3Bjsessionid=1", "/base/a%3Bjsessionid%3D1")]
    [InlineData("/public/a;x", "/base/a%3Bx")]
    [InlineData("/public/q%3Fx%23y", "/base/q%3Fx%23y")]
    [InlineData("/public/a//b/", "/base/a//b/")]
    [InlineData("/public/~user/@x:1", "/base/~user/@x:1")]
    [InlineData("/public/a+b&c=d", "/base/a%2Bb%26c%3Dd")]
    public async Task Invoke_DecodedSegments_AreReEncodedOnce(string target, string expected)
    {
        // Arrange: G6, a backend that decodes once must see exactly the segments the gateway routed on.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/base/{proxy}"), "ANY /public/{proxy+}");

        // Act
        var answer = await SendAsync(dispatcher, Get(target), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        Assert.Equal(expected, backend.SingleRequest().Path);
    }

    [Fact]
    public async Task Invoke_StageVariables_SubstitutedInHostPathAndQuery()
    {
        // Arrange
        await using var backend = TestBackend.Echo();
        var variables = new Dictionary<string, string> { ["host"] = backend.Authority, ["base"] = "v2", ["qs"] = "key=value" };
        var dispatcher = Dispatcher(ProxyTo("http://${stageVariables.host}/${stageVariables.base}/{proxy}?${stageVariables.qs}"), "ANY /{proxy+}", "prod", variables);

        // Act
        var answer = await SendAsync(dispatcher, Get("/prod/pets/1?q=2"), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        Assert.Equal("/v2/pets/1?key=value&q=2", backend.SingleRequest().Target);
    }

    [Fact]
    public async Task Invoke_DefaultRoute_AppendsFullPathWithoutStageToBasePath()
    {
        // Arrange: adversarial G5, "minus the stage, plus the integration's base path".
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/default-base"), "$default", "prod");

        // Act
        await SendAsync(dispatcher, Get("/prod/store/checkout?x=1"), Timeout);

        // Assert
        Assert.Equal("/default-base/store/checkout?x=1", backend.SingleRequest().Target);
    }

    [Fact]
    public async Task Invoke_ForwardStagePrefix_KeepsStageSegment()
    {
        // Arrange
        await using var backend = TestBackend.Echo();
        var integration = new HttpProxyIntegration(new HttpProxyIntegrationOptions { Uri = backend.BaseUri, ForwardStagePrefix = true });
        var dispatcher = Dispatcher(new() { Integration = integration }, "$default", "prod");

        // Act
        await SendAsync(dispatcher, Get("/prod/store/checkout"), Timeout);

        // Assert
        Assert.Equal("/prod/store/checkout", backend.SingleRequest().Target);
    }

    [Theory]
    [InlineData("", "GET /pets", "/pets", "/pets")]
    [InlineData("/", "GET /pets", "/pets", "/pets")]
    [InlineData("/graphql", "POST /restaurant", "/restaurant", "/graphql")]
    [InlineData("/base/", "$default", "/", "/base/")]
    [InlineData("/x?a=1", "GET /pets", "/pets?b=2", "/x?a=1&b=2")]
    public async Task Invoke_UriShape_DecidesForwardedTarget(string uriPath, string routeKey, string target, string expected)
    {
        // Arrange: a URI without a path forwards the whole path; a URI with one is used as it is.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + uriPath), routeKey);
        string method = routeKey.StartsWith("POST", StringComparison.Ordinal) ? "POST" : "GET";

        // Act
        var answer = await SendAsync(dispatcher, Request(method, target), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        Assert.Equal(expected, backend.SingleRequest().Target);
    }

    [Fact]
    public async Task Invoke_PostWithBody_ForwardsMethodBodyAndContentHeaders()
    {
        // Arrange
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));
        var request = Request("POST", "/orders", ("Content-Type", "application/json"), ("Content-Length", "11"));
        request = new GatewayRequest
        {
            Method = request.Method,
            RawTarget = request.RawTarget,
            Headers = request.Headers,
            Body = new MemoryStream("{\"a\":true}\n"u8.ToArray()),
        };

        // Act
        var answer = await SendAsync(dispatcher, request, Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        var upstream = backend.SingleRequest();
        Assert.Equal("POST", upstream.Method);
        Assert.Equal("{\"a\":true}\n", upstream.BodyText);
        Assert.Equal("application/json", upstream.Header("Content-Type"));
        Assert.Equal("11", upstream.Header("Content-Length"));
        Assert.Contains("\"target\":\"/orders\"", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_GetWithoutFraming_SendsNoBody()
    {
        // Arrange: a body-less GET must not turn into a chunked request.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        await SendAsync(dispatcher, Get("/x"), Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        Assert.False(upstream.Has("Transfer-Encoding"));
        Assert.False(upstream.Has("Content-Length"));
    }

    [Theory]
    [InlineData("CONNECT")]
    [InlineData("TRACE")]
    public async Task InvokeAsync_ConnectOrTrace_NeverProxied(string method)
    {
        // Arrange: the dispatcher never routes them; the integration refuses them on its own too.
        await using var backend = TestBackend.Echo();
        var integration = new HttpProxyIntegration(backend.BaseUri + "/{proxy}");
        var request = new IntegrationRequest
        {
            Method = method,
            Path = "/x",
            EncodedPath = "/x",
            RoutingPath = "/x",
            RawQueryString = string.Empty,
            Headers = [],
            RouteKey = RouteKey.Parse("ANY /{proxy+}"),
            PathParameters = new Dictionary<string, string> { ["proxy"] = "x" },
            Stage = "$default",
            StageVariables = new Dictionary<string, string>(),
            RequestId = "r",
            RequestTime = DateTimeOffset.UnixEpoch,
            SourceIp = ClientIp,
            Protocol = "HTTP/1.1",
            Api = new ApiIdentity("a", "1", "localhost"),
        };

        // Act
        var refused = await Assert.ThrowsAsync<IntegrationException>(async () => await integration.InvokeAsync(request, Timeout));

        // Assert
        Assert.Equal(GatewayErrorKind.NotFound, refused.Kind);
        Assert.Equal(0, backend.ConnectionCount);
    }

    // ---- construction ----

    [Theory]
    [InlineData("ftp://h/x", "Integration URI 'ftp://h/x' must be an absolute http:// or https:// URI.")]
    [InlineData("/relative", "Integration URI '/relative' must be an absolute http:// or https:// URI.")]
    [InlineData("http://{host}/x", "Integration URI 'http://{host}/x': the path parameter '{host}' is in the host; path parameters may appear only in the path or the query.")]
    [InlineData("http://h/{proxy+}", "Integration URI 'http://h/{proxy+}': write the greedy variable as {proxy}, not {proxy+}.")]
    [InlineData("http://h/${context.requestId}", "Integration URI 'http://h/${context.requestId}': only ${stageVariables.name} may appear as a variable (at position 9).")]
    [InlineData("http://h/a b", "Integration URI 'http://h/a b': the character ' ' at position 10 is not allowed in a URI; percent-encode it.")]
    [InlineData("http://h/x#frag", "Integration URI 'http://h/x#frag' has a fragment, which is never sent; remove it.")]
    [InlineData("http:///x", "Integration URI 'http:///x' is not a valid absolute URI with a host.")]
    [InlineData("http://user:pw@h/x", "Integration URI 'http://user:pw@h/x' is not a valid absolute URI with a host.")]
    public void Constructor_InvalidUri_ThrowsNamingUriAndProblem(string uri, string message)
    {
        // Act
        var error = Assert.Throws<ArgumentException>(() => new HttpProxyIntegration(uri));

        // Assert
        Assert.Equal(message + " (Parameter 'options')", error.Message);
    }

    [Fact]
    public void Constructor_TimeoutStatusNot503Or504_Throws()
    {
        // Act
        var error = Assert.Throws<ArgumentException>(() => new HttpProxyIntegration(new HttpProxyIntegrationOptions { Uri = "http://h", TimeoutStatusCode = 500 }));

        // Assert
        Assert.StartsWith("The timeout status 500 is not valid; use 504 (Gateway Timeout) or 503 (Service Unavailable).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDefaultHandler_NeverFollowsRedirectsNorKeepsCookies()
    {
        // Act
        using var handler = HttpProxyIntegration.CreateDefaultHandler();

        // Assert
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.False(handler.UseProxy);
    }
}
