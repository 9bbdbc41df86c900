using static Routing.Tests.Integrations.HttpProxy.ProxyHarness;
using Microsoft.Extensions.Time.Testing;
using Routing.Http;
using Routing.Integrations.HttpProxy;

namespace Routing.Tests.Integrations.HttpProxy;

// Integration timeouts run on a FakeTimeProvider that only the test moves, so these tests run beside the others.
public sealed partial class HttpProxyIntegrationTests
{
    // ---- backend failures (SECURITY I9, PX-040..063) ----

    [Fact]
    public async Task Invoke_SlowBackend_504AtIntegrationTimeoutAndUpstreamAborted()
    {
        // Arrange: PX-040 with a 200 ms integration timeout on a fake clock; the backend never answers.
        await using var backend = TestBackend.Slow();
        var clock = new FakeTimeProvider();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}", TimeSpan.FromMilliseconds(200)), clock: clock);

        // Act: the request reaches the backend; the clock stops just short of the timeout, then reaches it.
        var sending = SendAsync(dispatcher, Get("/slow/x"), Timeout);
        await TestWait.UntilAsync(() => !backend.Requests.IsEmpty, "the request to reach the backend");
        clock.Advance(TimeSpan.FromMilliseconds(199));
        bool answeredBeforeTheTimeout = sending.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var answer = await sending.WaitAsync(TestWait.Limit, Timeout);

        // Assert: no answer before the timeout, 504 at it, and the backend saw its connection aborted.
        Assert.False(answeredBeforeTheTimeout);
        Assert.Equal(504, answer.Status);
        Assert.Equal("Gateway Timeout", answer.Message);
        Assert.Equal("application/json", answer.Header("content-type"));
        await backend.PeerClosed.Task.WaitAsync(TestWait.Limit, Timeout);
    }

    [Fact]
    public async Task Invoke_SlowBackendWithTimeoutStatus503_503ServiceUnavailable()
    {
        // Arrange: API Gateway's Lambda answer, as an option; a 100 ms integration timeout on a fake clock.
        await using var backend = TestBackend.Slow();
        var integration = new HttpProxyIntegration(new HttpProxyIntegrationOptions { Uri = backend.BaseUri + "/{proxy}", TimeoutStatusCode = 503 });
        var clock = new FakeTimeProvider();
        var dispatcher = Dispatcher(new() { Integration = integration, Timeout = TimeSpan.FromMilliseconds(100) }, clock: clock);

        // Act
        var sending = SendAsync(dispatcher, Get("/slow"), Timeout);
        await TestWait.UntilAsync(() => !backend.Requests.IsEmpty, "the request to reach the backend");
        bool answeredBeforeTheTimeout = sending.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var answer = await sending.WaitAsync(TestWait.Limit, Timeout);

        // Assert
        Assert.False(answeredBeforeTheTimeout);
        Assert.Equal(503, answer.Status);
        Assert.Equal("Service Unavailable", answer.Message);
    }

    [Fact]
    public async Task Invoke_ClientAbort_CancelsUpstreamCall()
    {
        // Arrange: PX-077, the client goes away during a request the backend sits on. The API's fake clock never moves,
        // so the 30 s integration timeout cannot be what ends the call.
        await using var backend = TestBackend.Slow();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}", TimeSpan.FromSeconds(30)), clock: new FakeTimeProvider());
        using var client = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var dispatching = dispatcher.DispatchAsync(Get("/slow/x"), client.Token).AsTask();
        await TestWait.UntilAsync(() => !backend.Requests.IsEmpty, "the request to reach the backend");

        // Act
        await client.CancelAsync();
        await using var response = await dispatching.WaitAsync(TestWait.Limit, Timeout);

        // Assert: the dispatcher returned instead of throwing, and the backend saw its connection go.
        Assert.InRange(response.StatusCode, 500, 599);
        await backend.PeerClosed.Task.WaitAsync(TestWait.Limit, Timeout);
    }

    [Fact]
    public async Task Invoke_ConnectionRefused_502BadGateway()
    {
        // Arrange: PX-045 style, nothing listens. The API's fake clock never moves: an answer that waited for the 30 s
        // integration timeout, or for a retry timed on the API's clock, would never come.
        int port = TestBackend.ClosedPort();
        var dispatcher = Dispatcher(ProxyTo($"http://127.0.0.1:{port}/{{proxy}}", TimeSpan.FromSeconds(30)), clock: new FakeTimeProvider());

        // Act
        var answer = await SendAsync(dispatcher, Get("/dead/x"), Timeout).WaitAsync(TestWait.Limit, Timeout);

        // Assert
        Assert.Equal(502, answer.Status);
        Assert.Equal("Bad Gateway", answer.Message);
        Assert.NotNull(answer.Header("apigw-requestid"));
    }

    [Fact]
    public async Task Invoke_BackendResetsAfterHeaders_502BadGateway()
    {
        // Arrange: PX-042.
        await using var backend = TestBackend.Reset();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        var answer = await SendAsync(dispatcher, Get("/reset"), Timeout);

        // Assert
        Assert.Equal(502, answer.Status);
        Assert.Equal("Bad Gateway", answer.Message);
    }

    [Fact]
    public async Task Invoke_PostResetAfterFullBody_502AndNotRetried()
    {
        // Arrange: PX-043.
        await using var backend = TestBackend.Reset(readBody: true);
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));
        var request = new GatewayRequest
        {
            Method = "POST",
            RawTarget = "/reset",
            Headers = [new("Content-Type", "application/json"), new("Content-Length", "2")],
            Body = new MemoryStream("{}"u8.ToArray()),
        };

        // Act
        var answer = await SendAsync(dispatcher, request, Timeout);

        // Assert
        Assert.Equal(502, answer.Status);
        Assert.Single(backend.Requests);
        Assert.Equal(1, backend.ConnectionCount);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 20\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 20\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("garbage\r\n\r\n")]
    public async Task Invoke_BackendAnswersInvalidHttp_502BadGateway(string raw)
    {
        // Arrange: PX-063 and friends.
        await using var backend = TestBackend.Raw(raw);
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        var answer = await SendAsync(dispatcher, Get("/bad"), Timeout);

        // Assert
        Assert.Equal(502, answer.Status);
        Assert.Equal("Bad Gateway", answer.Message);
    }

    [Fact]
    public async Task Invoke_BackendSwitchesProtocolsUnasked_502AndNothingPassedOn()
    {
        // Arrange: a backend that answers a plain GET with 101 Switching Protocols, then speaks another protocol.
        await using var backend = TestBackend.Raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello");
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        var answer = await SendAsync(dispatcher, Get("/upgrade"), Timeout);

        // Assert
        Assert.Equal(502, answer.Status);
        Assert.Equal("Bad Gateway", answer.Message);
    }

    [Fact]
    public async Task Invoke_BackendHugeResponseHeader_502BadGateway()
    {
        // Arrange: PX-032, beyond SocketsHttpHandler's 64 KB response header limit.
        await using var backend = TestBackend.Raw("HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 100 * 1024) + "\r\nContent-Length: 2\r\n\r\nok");
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        var answer = await SendAsync(dispatcher, Get("/bighdr"), Timeout);

        // Assert
        Assert.Equal(502, answer.Status);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\r\n Set-Cookie: evil=1\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\rSet-Cookie: evil=1\r\nContent-Length: 2\r\n\r\nok")]
    public async Task Invoke_BackendHeaderSmuggling_NeverReachesClient(string raw)
    {
        // Arrange: PX-060, PX-061 (obs-fold, bare CR); a bare LF ends a line (RFC 9112 2.2 lets recipients read it so).
        await using var backend = TestBackend.Raw(raw);
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        var answer = await SendAsync(dispatcher, Get("/fold"), Timeout);

        // Assert
        Assert.True(answer.Status is 200 or 502, $"status {answer.Status}");
        Assert.DoesNotContain(answer.Values("Set-Cookie"), v => v.Contains("evil", StringComparison.Ordinal));
        Assert.All(answer.Headers, h => Assert.DoesNotContain('\r', h.Value));
        Assert.All(answer.Headers, h => Assert.DoesNotContain('\n', h.Value));
    }

    [Fact]
    public async Task Invoke_BackendClosesMidBody_ClientSeesTruncationAsAnError()
    {
        // Arrange: PX-044; the headers went out, so the only honest signal is a failed body read (the host aborts).
        await using var backend = TestBackend.Raw("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        await using var response = await dispatcher.DispatchAsync(Get("/short"), Timeout);

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("1000", response.GetHeader("Content-Length"));
        await Assert.ThrowsAnyAsync<IOException>(() => ReadAllAsync(response.BodyStream!));
    }
}
