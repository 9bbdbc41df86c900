using System.Text;
using static Routing.Tests.Integrations.HttpProxy.ProxyHarness;
using Routing.Definitions;
using Routing.Http;
using Routing.Integrations.HttpProxy;
using Routing.Pipeline;

namespace Routing.Tests.Integrations.HttpProxy;

public sealed partial class HttpProxyIntegrationTests
{
    // ---- parameter mapping on the proxy ----

    [Fact]
    public async Task Invoke_MappedHeaderNominatedByClientConnection_GatewayValueSentOnce()
    {
        // Arrange: PX-013, the mapping runs after the client's Connection-nominated headers were removed.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(Mapped(backend.BaseUri + "/{proxy}", new() { ["overwrite:header.X-Apigw-Sub"] = "user-1" }));

        // Act
        await SendAsync(dispatcher, Get("/admin/report", ("Connection", "close, X-Apigw-Sub"), ("X-Apigw-Sub", "root")), Timeout);

        // Assert
        Assert.Equal(["user-1"], backend.SingleRequest().Values("X-Apigw-Sub"));
    }

    [Fact]
    public async Task Invoke_OverwritePath_ReplacesUriPathAndReEncodes()
    {
        // Arrange: re:Post's fix for forwarding only the greedy part, "/$request.path.proxy".
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(
            Mapped(backend.BaseUri + "/ignored/{proxy}?fixed=1", new() { ["overwrite:path"] = "/internal/$request.path.proxy", ["append:querystring.tag"] = "a&b" }),
            "ANY /api/{proxy+}");

        // Act
        await SendAsync(dispatcher, Get("/api/a/b%25?q=1"), Timeout);

        // Assert
        Assert.Equal("/internal/a/b%25?fixed=1&q=1&tag=a%26b", backend.SingleRequest().Target);
    }

    [Fact]
    public async Task Invoke_OverwritePathWithoutLeadingSlash_GetsOne()
    {
        // Arrange
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(Mapped(backend.BaseUri, new() { ["overwrite:path"] = "$request.path.proxy" }), "ANY /api/{proxy+}");

        // Act
        await SendAsync(dispatcher, Get("/api/x/y"), Timeout);

        // Assert
        Assert.Equal("/x/y", backend.SingleRequest().Target);
    }

    [Theory]
    [InlineData("../admin")]
    [InlineData("a/../../admin")]
    [InlineData("./x")]
    public async Task Invoke_MappedPathWithDotSegment_400AndBackendUntouched(string header)
    {
        // Arrange: a header-fed path must not climb out of the base path the configuration chose (PX-076).
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(Mapped(backend.BaseUri, new() { ["overwrite:path"] = "/public/$request.header.x-target" }));

        // Act
        var answer = await SendAsync(dispatcher, Get("/x", ("X-Target", header)), Timeout);

        // Assert
        Assert.Equal(400, answer.Status);
        Assert.Equal("Bad Request", answer.Message);
        Assert.Equal(0, backend.ConnectionCount);
    }

    [Fact]
    public async Task Invoke_RequestBodyMapping_BodyStillForwardedWhole()
    {
        // Arrange
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(Mapped(backend.BaseUri + "/{proxy}", new() { ["overwrite:header.x-kind"] = "$request.body.kind" }));
        byte[] body = Encoding.UTF8.GetBytes("""{"kind":"dog","pad":"xyz"}""");

        // Act
        await SendAsync(
            dispatcher,
            new GatewayRequest { Method = "POST", RawTarget = "/pets", Headers = [new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))], Body = new MemoryStream(body) },
            Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        Assert.Equal("dog", upstream.Header("x-kind"));
        Assert.Equal(body, upstream.Body);
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), upstream.Header("Content-Length"));
    }

    [Fact]
    public async Task Invoke_ResponseMappingOnBackendStatus_Applied()
    {
        // Arrange
        await using var backend = TestBackend.Start(static c => c.ReadRequestAsync().ContinueWith(
            _ => c.RespondAsync(404, [new("X-Reason", "gone"), new("Content-Type", "application/json")], """{"code":"E1"}"""), TaskScheduler.Default).Unwrap());
        var definition = new IntegrationDefinition
        {
            Integration = new HttpProxyIntegration(backend.BaseUri + "/{proxy}"),
            ResponseParameters = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["404"] = new Dictionary<string, string>
                {
                    ["overwrite:statuscode"] = "200",
                    ["overwrite:header.x-code"] = "$response.body.code",
                    ["overwrite:header.x-why"] = "$response.header.X-Reason",
                },
            },
        };
        var dispatcher = Dispatcher(definition);

        // Act
        var answer = await SendAsync(dispatcher, Get("/x"), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        Assert.Equal("E1", answer.Header("x-code"));
        Assert.Equal("gone", answer.Header("x-why"));
        Assert.Equal("""{"code":"E1"}""", answer.Text);
    }

    [Fact]
    public async Task Invoke_GatewayError_NotResponseMapped()
    {
        // Arrange: a mapping keyed 502 applies to a backend's 502, never to the gateway's own.
        int port = TestBackend.ClosedPort();
        var definition = new IntegrationDefinition
        {
            Integration = new HttpProxyIntegration($"http://127.0.0.1:{port}/{{proxy}}"),
            ResponseParameters = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["502"] = new Dictionary<string, string> { ["overwrite:statuscode"] = "200", ["overwrite:header.x-mapped"] = "yes" },
            },
        };
        var dispatcher = Dispatcher(definition);

        // Act
        var answer = await SendAsync(dispatcher, Get("/x"), Timeout);

        // Assert
        Assert.Equal(502, answer.Status);
        Assert.Equal("Bad Gateway", answer.Message);
        Assert.Null(answer.Header("x-mapped"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Invoke_ProxyBehindADecorator_MappedHeaderSurvivesTheClientsConnection(bool forwardsItsType)
    {
        // Arrange: a decorator that forwards its inner proxy's type gets the headers filtered before mapping; one that
        // does not still keeps what the mapping overwrote.
        await using var backend = TestBackend.Echo();
        var proxy = new HttpProxyIntegration(backend.BaseUri + "/{proxy}");
        var dispatcher = Dispatcher(new IntegrationDefinition
        {
            Integration = forwardsItsType ? new ForwardingDecorator(proxy) : new OpaqueDecorator(proxy),
            RequestParameters = new Dictionary<string, string> { ["overwrite:header.X-Tenant"] = "acme" },
        });

        // Act
        await SendAsync(dispatcher, Get("/x", ("Connection", "X-Tenant"), ("X-Tenant", "evil")), Timeout);

        // Assert
        Assert.Equal(["acme"], backend.SingleRequest().Values("X-Tenant"));
    }

    [Fact]
    public async Task Invoke_WithRequestMappings_XForwardedHostIsTheClientsHost()
    {
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(Mapped(backend.BaseUri + "/{proxy}", new() { ["append:header.X-Note"] = "mapped" }));

        await SendAsync(dispatcher, Get("/x"), Timeout);

        var received = backend.SingleRequest();
        Assert.Equal("api.example.test", received.Header("X-Forwarded-Host"));
        Assert.Equal("mapped", received.Header("X-Note"));
    }

    /// <summary>A decorator that says what it wraps.</summary>
    private sealed class ForwardingDecorator(IIntegration inner) : IIntegration
    {
        public IntegrationType IntegrationType => inner.IntegrationType;

        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) => inner.InvokeAsync(request, cancellationToken);
    }

    /// <summary>A decorator that does not (its type is the default, AWS_PROXY).</summary>
    private sealed class OpaqueDecorator(IIntegration inner) : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) => inner.InvokeAsync(request, cancellationToken);
    }

    private static IntegrationDefinition Mapped(string uri, Dictionary<string, string> request) => new()
    {
        Integration = new HttpProxyIntegration(uri),
        RequestParameters = request,
    };
}
