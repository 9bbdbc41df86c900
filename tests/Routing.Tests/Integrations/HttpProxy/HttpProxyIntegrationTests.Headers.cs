using static Routing.Tests.Integrations.HttpProxy.ProxyHarness;
using Routing.Http;

namespace Routing.Tests.Integrations.HttpProxy;

public sealed partial class HttpProxyIntegrationTests
{
    // ---- request header hygiene (SECURITY I7, PX-010..028) ----

    [Fact]
    public async Task Invoke_HopByHopRequestHeaders_NotForwarded()
    {
        // Arrange: PX-010.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));
        var request = Get(
            "/h",
            ("Connection", "keep-alive"),
            ("Keep-Alive", "timeout=5"),
            ("Proxy-Connection", "keep-alive"),
            ("TE", "gzip"),
            ("Upgrade", "h2c"),
            ("Proxy-Authorization", "Basic dXNlcjpwYXNz"),
            ("Trailer", "X-T"),
            ("HTTP2-Settings", "AAMAAABkAAQAAP__"),
            ("Expect", "100-continue"),
            ("X-Kept", "yes"));

        // Act
        var answer = await SendAsync(dispatcher, request, Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        var upstream = backend.SingleRequest();
        foreach (string name in new[] { "Keep-Alive", "Proxy-Connection", "Upgrade", "Proxy-Authorization", "Trailer", "HTTP2-Settings", "TE", "Expect" })
        {
            Assert.False(upstream.Has(name), name);
        }

        Assert.DoesNotContain("keep-alive", upstream.Values("Connection"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("yes", upstream.Header("X-Kept"));
    }

    [Fact]
    public async Task Invoke_HeadersNominatedByConnection_Removed()
    {
        // Arrange: PX-011, RFC 9110 7.6.1 (beyond YARP's fixed list).
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        await SendAsync(dispatcher, Get("/h", ("Connection", "close, X-Debug-Token"), ("Connection", "x-other"), ("X-Debug-Token", "abc"), ("X-Other", "1"), ("X-Kept", "2")), Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        Assert.False(upstream.Has("X-Debug-Token"));
        Assert.False(upstream.Has("X-Other"));
        Assert.Equal("2", upstream.Header("X-Kept"));
    }

    [Fact]
    public async Task Invoke_ConnectionNominatingForwardingHeaders_CannotRemoveGatewayValues()
    {
        // Arrange: CVE-2024-45410, the client's Connection header is applied before the gateway adds its own.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        await SendAsync(dispatcher, Get("/h", ("Connection", "close, X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host")), Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        Assert.Equal(ClientIp, upstream.Header("X-Forwarded-For"));
        Assert.Equal("http", upstream.Header("X-Forwarded-Proto"));
        Assert.Equal("api.example.test", upstream.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task Invoke_ClientForwardingHeaders_ReplacedByGatewayValues()
    {
        // Arrange: PX-001, PX-023, PX-026; the client's X-Forwarded-* are never trusted (replaced, not appended).
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        await SendAsync(
            dispatcher,
            Get("/h", ("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-For", "5.6.7.8"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Port", "443"),
                ("X-Forwarded-Host", "evil.test"), ("X_Forwarded_For", "9.9.9.9"), ("Forwarded", "for=1.2.3.4"), ("X-Forwarded-Prefix", "/admin")),
            Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        Assert.Equal([ClientIp], upstream.Values("X-Forwarded-For"));
        Assert.Equal(["http"], upstream.Values("X-Forwarded-Proto"));
        Assert.Equal(["8080"], upstream.Values("X-Forwarded-Port"));
        Assert.Equal(["api.example.test"], upstream.Values("X-Forwarded-Host"));
        Assert.False(upstream.Has("X_Forwarded_For"));
        Assert.False(upstream.Has("Forwarded"));
        Assert.False(upstream.Has("X-Forwarded-Prefix"));
    }

    [Fact]
    public async Task Invoke_ClientHost_NotForwarded()
    {
        // Arrange: PX-020.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));
        var request = new GatewayRequest { Method = "GET", RawTarget = "/h", Headers = [new("Host", "internal-admin.local")] };

        // Act
        await SendAsync(dispatcher, request, Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        Assert.Equal([backend.Authority], upstream.Values("Host"));
    }

    [Fact]
    public async Task Invoke_SpoofableClientHeaders_Dropped()
    {
        // Arrange: PX-015, PX-025, PX-028 and method overrides.
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));
        string[] names =
        [
            "X-Real-IP", "True-Client-IP", "X-Client-IP", "X-Original-URL", "X-Rewrite-URL", "X-Override-URL",
            "X-HTTP-Method-Override", "X-Method-Override", "X-Apigw-Sub", "x-apigw-claims", "apigw-requestid", "X_Real_IP",
        ];

        // Act
        await SendAsync(dispatcher, Get("/h", [.. names.Select(n => (n, "1.2.3.4"))]), Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        foreach (string name in names)
        {
            Assert.False(upstream.Has(name), name);
        }
    }

    [Fact]
    public async Task Invoke_EndToEndHeaders_ForwardedAsSent()
    {
        // Arrange
        await using var backend = TestBackend.Echo();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        await SendAsync(dispatcher, Get("/h", ("Authorization", "Bearer t"), ("Cookie", "a=1; b=2"), ("X-Custom", "v1"), ("X-Custom", "v2"), ("Accept", "text/plain")), Timeout);

        // Assert
        var upstream = backend.SingleRequest();
        Assert.Equal("Bearer t", upstream.Header("Authorization"));
        Assert.Equal("a=1; b=2", upstream.Header("Cookie"));
        Assert.Equal("v1, v2", string.Join(", ", upstream.Values("X-Custom")));
        Assert.Equal("text/plain", upstream.Header("Accept"));
    }

    // ---- response header hygiene (PX-064) ----

    [Fact]
    public async Task Invoke_BackendHopByHopAndNominatedResponseHeaders_NotPassedToClient()
    {
        // Arrange
        await using var backend = TestBackend.Start(static c => c.ReadRequestAsync().ContinueWith(
            _ => c.WriteAsync(
                "HTTP/1.1 200 OK\r\nConnection: close, X-Internal\r\nKeep-Alive: timeout=1\r\nProxy-Authenticate: Basic\r\n" +
                "Upgrade: h2c\r\nTrailer: X-T\r\nProxy-Connection: close\r\nAlt-Svc: h3=\":443\"\r\nX-Internal: secret\r\n" +
                "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Kept: yes\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"),
            TaskScheduler.Default).Unwrap());
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        var answer = await SendAsync(dispatcher, Get("/hbh"), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        Assert.Equal("ok", answer.Text);
        foreach (string name in new[] { "Connection", "Keep-Alive", "Proxy-Authenticate", "Upgrade", "Trailer", "Proxy-Connection", "Alt-Svc", "X-Internal" })
        {
            Assert.Empty(answer.Values(name));
        }

        Assert.Equal(["a=1", "b=2"], answer.Values("Set-Cookie"));
        Assert.Equal("yes", answer.Header("X-Kept"));
        Assert.Equal("text/plain", answer.Header("Content-Type"));
        Assert.Equal("2", answer.Header("Content-Length"));
    }

    [Fact]
    public async Task Invoke_BackendRedirect_PassedOnNotFollowed()
    {
        // Arrange: redirects are never followed (SSRF, API7).
        await using var other = TestBackend.Echo();
        await using var backend = TestBackend.Start(c => c.ReadRequestAsync().ContinueWith(
            _ => c.RespondAsync(302, [new("Location", other.BaseUri + "/secret")], string.Empty), TaskScheduler.Default).Unwrap());
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        var answer = await SendAsync(dispatcher, Get("/r"), Timeout);

        // Assert
        Assert.Equal(302, answer.Status);
        Assert.Equal(other.BaseUri + "/secret", answer.Header("Location"));
        Assert.Equal(0, other.ConnectionCount);
    }
}
