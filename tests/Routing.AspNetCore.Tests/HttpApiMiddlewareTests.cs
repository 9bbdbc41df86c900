using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;

namespace Routing.AspNetCore.Tests;

public sealed class HttpApiMiddlewareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<KestrelHost> StartPetsAsync(bool passThrough = false, Action<HttpApiRoutingBuilder>? more = null, TimeProvider? clock = null) =>
        KestrelHost.StartAsync(
            services =>
            {
                var api = PetsApi.Add(services, o =>
                {
                    o.PassThroughUnmatched = passThrough;
                    o.TimeProvider = clock;
                });
                more?.Invoke(api);
            },
            app =>
            {
                app.UseHttpApi();
                app.MapGet("/health", () => "ok");
            });

    [Fact]
    public async Task UseHttpApi_MockRoute_ReturnsMockResponse()
    {
        // Arrange
        await using var host = await StartPetsAsync();

        // Act
        using var response = await host.Client.GetAsync("/pets", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PetsApi.PetsJson, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        string requestId = Assert.Single(response.Headers.GetValues(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal(16, requestId.Length);
    }

    [Fact]
    public async Task UseHttpApi_EchoRoute_IntegrationReceivesTheRequest()
    {
        // Arrange
        await using var host = await StartPetsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/prod/pets/rex?b=2&a=%20x")
        {
            Content = new StringContent("hello body", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("X-Trace", "t-1");

        // Act
        using var response = await host.Client.SendAsync(request, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = new Echo(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("POST", echo["method"]);
        Assert.Equal("/prod/pets/rex", echo["path"]);
        Assert.Equal("/pets/rex", echo["routingPath"]);
        Assert.Equal("POST /pets/{name}", echo["routeKey"]);
        Assert.Equal("rex", echo.Parameter("name"));
        Assert.Equal("prod", echo["stage"]);
        Assert.Equal("blue", echo.StageVariable("color"));
        Assert.Equal("b=2&a=%20x", echo["rawQueryString"]);
        Assert.Equal(["t-1"], echo.HeaderValues("x-trace"));
        Assert.Equal(["text/plain; charset=utf-8"], echo.HeaderValues("content-type"));
        Assert.Equal("hello body", echo["body"]);
        Assert.Equal("127.0.0.1", echo["sourceIp"]);
        Assert.Equal("HTTP/1.1", echo["protocol"]);
        Assert.Equal("http", echo["scheme"]);
        Assert.Equal(host.BaseAddress.Port.ToString(), echo["port"]);
        Assert.Equal(echo["requestId"], Assert.Single(response.Headers.GetValues(HttpApiDispatcher.RequestIdHeader)));
    }

    [Fact]
    public async Task UseHttpApi_RepeatedHeaderLines_EachLineReachesTheIntegration()
    {
        // Arrange
        await using var host = await StartPetsAsync();

        // Act
        var response = await host.SendRawAsync("GET", "/pets/rex", "X-Multi: one", "X-Multi: two, three");

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["one", "two, three"], new Echo(response.Body).HeaderValues("x-multi"));
    }

    [Fact]
    public async Task UseHttpApi_PassThroughUnmatched_UnmatchedRequestReachesTheEndpoint()
    {
        // Arrange
        await using var host = await StartPetsAsync(passThrough: true);

        // Act
        using var health = await host.Client.GetAsync("/health", Ct);
        using var pets = await host.Client.GetAsync("/pets", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync(Ct));
        Assert.False(health.Headers.Contains(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal(PetsApi.PetsJson, await pets.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UseHttpApi_NotPassingThrough_UnmatchedRequestGets404Json()
    {
        // Arrange
        await using var host = await StartPetsAsync(passThrough: false);

        // Act
        using var response = await host.Client.GetAsync("/nothing/here", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(16, Assert.Single(response.Headers.GetValues(HttpApiDispatcher.RequestIdHeader)).Length);
    }

    [Fact]
    public async Task UseHttpApi_DoubleEncodedDots_ReachTheRouteAsData()
    {
        // Arrange: Kestrel's Path would be /pets/%2e%2e; decoding that again would resolve it as '..'.
        await using var host = await StartPetsAsync();

        // Act
        var response = await host.SendRawAsync("GET", "/pets/%252e%252e");

        // Assert
        Assert.Equal(200, response.StatusCode);
        var echo = new Echo(response.Body);
        Assert.Equal("GET /pets/{name}", echo["routeKey"]);
        Assert.Equal("%2e%2e", echo.Parameter("name"));
        Assert.Equal("/pets/%2e%2e", echo["path"]);
        Assert.Equal("/pets/%252e%252e", echo["encodedPath"]);
    }

    [Fact]
    public async Task UseHttpApi_PassingThrough_TheHostsOwnEndpointIsNeverJudgedByTheGateway()
    {
        // Arrange: /health is mapped after UseHttpApi.
        await using var host = await StartPetsAsync(passThrough: true);

        // Act: as curl -X get sends it (a lower-case method the gateway never routes), and as a client sends it.
        var lowerCase = await host.SendRawAsync("get", "/health");
        using var normal = await host.Client.GetAsync("/health", Ct);

        // Assert
        Assert.Equal(200, lowerCase.StatusCode);
        Assert.Equal("ok", lowerCase.Body);
        Assert.Null(lowerCase.Header(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.False(normal.Headers.Contains(HttpApiDispatcher.RequestIdHeader));
    }

    [Fact]
    public async Task UseHttpApi_NotPassingThrough_TheGatewayIsTheOnlyWayIn()
    {
        // Arrange: the host maps /health after UseHttpApi, but the gateway answers everything.
        await using var host = await StartPetsAsync(passThrough: false);

        // Act
        using var health = await host.Client.GetAsync("/health", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await health.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UseHttpApi_SharedPath_TheGatewaysMethodIsServedAndTheRestGoesOn()
    {
        // Arrange: the host maps GET /shared; the gateway serves POST /shared and passes the rest on.
        await using var host = await KestrelHost.StartAsync(
            services => PetsApi.Add(services, static o => o.PassThroughUnmatched = true).AddIntegration("post", new Routing.Integrations.MockIntegration(201, "posted")).AddRoute("POST /shared", "post"),
            app =>
            {
                app.UseHttpApi();
                app.MapGet("/shared", () => "host");
            });

        // Act
        var post = await host.SendRawAsync("POST", "/shared", "Content-Length: 0");
        var get = await host.SendRawAsync("GET", "/shared");

        // Assert: the gateway tries first.
        Assert.Equal((201, "posted"), (post.StatusCode, post.Body));
        Assert.Equal((200, "host"), (get.StatusCode, get.Body));
    }

    [Fact]
    public async Task UseHttpApi_BesideAFallback_ServesItsRoutesAndPassesTheRestToIt()
    {
        // Arrange: a single-page app's fallback takes whatever nothing else takes.
        await using var host = await KestrelHost.StartAsync(
            services => PetsApi.Add(services, static o => o.PassThroughUnmatched = true),
            app =>
            {
                app.UseHttpApi();
                app.MapFallback(() => "spa");
            });

        // Act
        using var pets = await host.Client.GetAsync("/pets", Ct);
        using var other = await host.Client.GetAsync("/some/page", Ct);

        // Assert
        Assert.Equal(PetsApi.PetsJson, await pets.Content.ReadAsStringAsync(Ct));
        Assert.Equal("spa", await other.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UseHttpApi_PassingThrough_ATargetTheGatewayCannotReadGoesOnUnjudged()
    {
        // Arrange
        await using var host = await StartPetsAsync(passThrough: true);

        // Act
        var response = await host.SendRawAsync("GET", "/nothing/a%2Fb");

        // Assert: the host's own 404 (empty), not the gateway's 400.
        Assert.Equal(404, response.StatusCode);
        Assert.Equal(string.Empty, response.Body);
        Assert.Null(response.Header(HttpApiDispatcher.RequestIdHeader));
    }

    [Theory]
    [InlineData("/pets/a%2Fb")]
    [InlineData("/pets/a%2fb")]
    [InlineData("/pets/a%5Cb")]
    [InlineData("/pets/%2e%2e%2F..%2Fadmin")]
    public async Task UseHttpApi_EncodedSlash_Gets400Json(string rawTarget)
    {
        // Arrange
        await using var host = await StartPetsAsync(passThrough: false);

        // Act
        var response = await host.SendRawAsync("GET", rawTarget);

        // Assert
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("""{"message":"Bad Request"}""", response.Body);
        Assert.Equal("application/json", response.Header("content-type"));
        Assert.NotNull(response.Header(HttpApiDispatcher.RequestIdHeader));
    }

    [Fact]
    public async Task UseHttpApi_SeveralSetCookieLines_EachIsItsOwnLine()
    {
        // Arrange
        await using var host = await StartPetsAsync(more: api => api
            .AddIntegration("cookies", new HeaderIntegration(
                new("content-type", "application/json"), new("set-cookie", "a=1; Path=/"), new("set-cookie", "b=2; HttpOnly")))
            .AddRoute("GET /cookies", "cookies"));

        // Act
        var raw = await host.SendRawAsync("GET", "/cookies");
        using var response = await host.Client.GetAsync("/cookies", Ct);

        // Assert
        Assert.Equal(200, raw.StatusCode);
        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], raw.HeaderValues("set-cookie"));
        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task UseHttpApi_HeaderValueWithLineBreak_Gets500Json()
    {
        // Arrange
        await using var host = await StartPetsAsync(more: api => api
            .AddIntegration("bad", new HeaderIntegration(new KeyValuePair<string, string>("x-bad", "a\r\nx-injected: 1")))
            .AddRoute("GET /bad", "bad"));

        // Act
        var response = await host.SendRawAsync("GET", "/bad");

        // Assert: the gateway refuses the integration's answer before the host writes anything.
        Assert.Equal(500, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", response.Body);
        Assert.Null(response.Header("x-injected"));
        Assert.Null(response.Header("x-bad"));
        Assert.NotNull(response.Header(HttpApiDispatcher.RequestIdHeader));
    }

    [Fact]
    public async Task UseHttpApi_StreamedBody_IsSentAsItIsProducedThenDisposed()
    {
        // Arrange
        var streaming = new StreamingIntegration();
        await using var host = await StartPetsAsync(more: api => api.AddIntegration("stream", streaming).AddRoute("GET /stream", "stream"));

        // Act
        using var response = await host.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        await streaming.Pipe.Writer.WriteAsync("first|"u8.ToArray(), Ct);
        byte[] first = new byte[6];
        await body.ReadExactlyAsync(first, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        bool disposedEarly = streaming.Disposed.Task.IsCompleted;
        await streaming.Pipe.Writer.WriteAsync("second"u8.ToArray(), Ct);
        await streaming.Pipe.Writer.CompleteAsync();
        using var rest = new StreamReader(body);
        string second = await rest.ReadToEndAsync(Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first|", Encoding.UTF8.GetString(first));
        Assert.Equal("second", second);
        Assert.False(disposedEarly);
        await streaming.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task UseHttpApi_ClientAborts_IntegrationObservesCancellation()
    {
        // Arrange: the API's fake clock never moves, so the 30-second integration timeout cannot be what cancels it.
        var blocking = new BlockingIntegration();
        await using var host = await StartPetsAsync(more: api => api.AddIntegration("block", blocking).AddRoute("GET /block", "block"), clock: new FakeTimeProvider());
        var socket = await RawHttp.ConnectAsync(host.BaseAddress);
        await socket.SendAsync(Encoding.ASCII.GetBytes(RawHttp.RequestHead("GET", "/block", [])), Ct);
        await blocking.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // Act
        socket.Shutdown(SocketShutdown.Both);
        socket.Dispose();

        // Assert
        await blocking.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task UseHttpApi_AfterResponse_FeatureDescribesTheDispatch()
    {
        // Arrange
        await using var host = await KestrelHost.StartAsync(
            services => PetsApi.Add(services),
            app =>
            {
                app.Use(async (context, next) =>
                {
                    context.Response.OnStarting(() =>
                    {
                        var feature = context.Features.Get<IHttpApiFeature>();
                        context.Response.Headers["x-feature"] = feature is null ? "none" : $"{feature.StatusCode} {feature.RawTarget} {feature.RequestId}";
                        return Task.CompletedTask;
                    });
                    await next(context);
                });
                app.UseHttpApi();
            });

        // Act
        using var response = await host.Client.GetAsync("/pets?x=1", Ct);

        // Assert
        string requestId = Assert.Single(response.Headers.GetValues(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal($"200 /pets?x=1 {requestId}", Assert.Single(response.Headers.GetValues("x-feature")));
    }

    [Fact]
    public async Task UseHttpApi_BehindUsePathBase_DispatchesWithoutThePathBase()
    {
        // Arrange
        await using var host = await KestrelHost.StartAsync(
            services => PetsApi.Add(services),
            app =>
            {
                app.UsePathBase("/base");
                app.UseHttpApi();
            });

        // Act
        using var pets = await host.Client.GetAsync("/base/pets", Ct);
        var dots = await host.SendRawAsync("GET", "/base/pets/%252e%252e");
        var encodedBase = await host.SendRawAsync("GET", "/b%61se/pets");

        // Assert
        Assert.Equal(PetsApi.PetsJson, await pets.Content.ReadAsStringAsync(Ct));
        Assert.Equal("%2e%2e", new Echo(dots.Body).Parameter("name"));
        Assert.Equal(404, encodedBase.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", encodedBase.Body);
    }

    [Fact]
    public async Task UseHttpApi_HeadRoute_SendsHeadersWithoutBody()
    {
        // Arrange
        await using var host = await StartPetsAsync(more: api => api
            .AddIntegration("head", new Routing.Integrations.MockIntegration(200, "twelve bytes"))
            .AddRoute("HEAD /pets", "head"));

        // Act
        var response = await host.SendRawAsync("HEAD", "/pets");

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("12", response.Header("content-length"));
        Assert.Equal(string.Empty, response.Body);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task UseHttpApi_HeadAnswerOfAFunction_KeepsTheLengthItDeclared(string format)
    {
        // Arrange: the function answers as a web adapter does behind API Gateway: the GET length, no body.
        var version = format == "1.0" ? Routing.Definitions.PayloadFormatVersion.V1 : Routing.Definitions.PayloadFormatVersion.V2;
        var function = new Routing.Integrations.Lambda.LambdaIntegration(
            static (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(
                """{"statusCode":200,"headers":{"content-type":"application/json","content-length":"70"},"body":""}"""u8.ToArray())),
            version);
        await using var host = await StartPetsAsync(more: api => api
            .AddIntegration("adapter", function)
            .AddRoute("ANY /adapter", "adapter"));

        // Act
        var head = await host.SendRawAsync("HEAD", "/adapter");
        var get = await host.SendRawAsync("GET", "/adapter");

        // Assert: HEAD says what GET would send (RFC 9110 8.6); GET frames the body it really has.
        Assert.Equal(200, head.StatusCode);
        Assert.Equal("70", head.Header("content-length"));
        Assert.Equal(string.Empty, head.Body);
        Assert.Equal("0", get.Header("content-length"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("70, 70")]
    [InlineData("seventy")]
    public async Task UseHttpApi_HeadAnswerWithAnInvalidLength_IsFramedAsEmpty(string declared)
    {
        // Arrange
        var function = Routing.Integrations.Lambda.LambdaIntegration.Create(
            (_, _) => ValueTask.FromResult(new Routing.Integrations.Lambda.PayloadV2Response
            {
                StatusCode = 200,
                Headers = new Dictionary<string, string> { ["Content-Length"] = declared },
            }));
        await using var host = await StartPetsAsync(more: api => api
            .AddIntegration("adapter", function)
            .AddRoute("HEAD /adapter", "adapter"));

        // Act
        var head = await host.SendRawAsync("HEAD", "/adapter");

        // Assert
        Assert.Equal(200, head.StatusCode);
        Assert.Equal("0", head.Header("content-length"));
    }

    [Fact]
    public async Task UseHttpApi_HeadThroughTheHttpProxy_KeepsTheBackendsLength()
    {
        // Arrange: a real backend that answers HEAD with the length of its GET body.
        await using var backend = await KestrelHost.StartAsync(
            static _ => { },
            static app => app.MapMethods("/doc", ["GET", "HEAD"], static (HttpContext context) =>
            {
                context.Response.ContentType = "text/plain";
                context.Response.ContentLength = 70;
                return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(new string('x', 70));
            }));
        await using var host = await StartPetsAsync(more: api => api
            .AddIntegration("backend", new Routing.Integrations.HttpProxy.HttpProxyIntegration(new Uri(backend.BaseAddress, "/doc").ToString()))
            .AddRoute("ANY /doc", "backend"));

        // Act
        var head = await host.SendRawAsync("HEAD", "/doc");
        var get = await host.SendRawAsync("GET", "/doc");

        // Assert
        Assert.Equal(200, head.StatusCode);
        Assert.Equal("70", head.Header("content-length"));
        Assert.Equal(string.Empty, head.Body);
        Assert.Equal(70, get.Body.Length);
    }

    [Fact]
    public void UseHttpApi_WithoutAddHttpApiRouting_Throws()
    {
        // Arrange
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => app.UseHttpApi());

        // Assert
        Assert.Equal("UseHttpApi needs the HTTP API services of 'default': call services.AddHttpApiRouting(...) when configuring services.", error.Message);
    }
}
