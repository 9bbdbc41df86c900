using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Tests.Integrations.Lambda;

public sealed class LambdaIntegrationTests
{
    private const string Host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    private static HttpApiDispatcher Dispatcher(
        IIntegration integration,
        string routeKey = "$default",
        TimeSpan? timeout = null,
        string stage = "$default",
        Dictionary<string, string>? stageVariables = null,
        FakeTimeProvider? clock = null)
    {
        var definition = new HttpApiDefinition();
        definition.Integrations.Add("fn", new IntegrationDefinition { Integration = integration, Timeout = timeout ?? IntegrationDefinition.MaxTimeout });
        definition.Routes.Add(new RouteDefinition { RouteKey = routeKey, IntegrationId = "fn" });
        var api = new HttpApi(definition, new HttpApiOptions { Identity = LambdaTestRequests.Api, TimeProvider = clock ?? new FakeTimeProvider(LambdaTestRequests.CaptureTime) });
        api.AddStage(new Stage { Name = stage, StageVariables = stageVariables ?? new Dictionary<string, string>(), AutoDeploy = true });
        return new HttpApiDispatcher(api);
    }

    private static GatewayRequest Get(string target, params (string Name, string Value)[] headers) => new()
    {
        Method = "GET",
        RawTarget = target,
        Headers = [new("Host", Host), .. headers.Select(static h => new KeyValuePair<string, string>(h.Name, h.Value))],
        SourceIp = "198.51.100.10",
    };

    private static Func<Stream, CancellationToken, ValueTask<Stream>> Capture(Action<JsonNode> onEvent, string output = "{\"statusCode\":200}")
        => (input, _) =>
        {
            onEvent(JsonNode.Parse(input)!);
            return ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(output)));
        };

    [Fact]
    public async Task Dispatch_TypedPayloadV2Handler_SeesEventAndShapesResponse()
    {
        string? seenRequestId = null;
        var integration = LambdaIntegration.Create((request, _) =>
        {
            seenRequestId = request.RequestContext!.RequestId;
            return ValueTask.FromResult(new PayloadV2Response
            {
                StatusCode = 201,
                Headers = new Dictionary<string, string> { ["X-Pet"] = request.PathParameters!["id"] },
                Cookies = [.. request.Cookies!.Select(static c => c + "; Path=/")],
                Body = $"{request.RequestContext.Http!.Method} {request.RawPath} {request.QueryStringParameters!["q"]} {request.RouteKey}",
            });
        });

        await using var response = await Dispatcher(integration, "GET /pets/{id}").DispatchAsync(Get("/pets/42?q=a+b", ("Cookie", "s=1; t=2")), TestContext.Current.CancellationToken);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("42", response.GetHeader("X-Pet"));
        Assert.Equal(["s=1; Path=/", "t=2; Path=/"], response.Headers.Where(static h => h.Key == "set-cookie").Select(static h => h.Value));
        Assert.Equal("text/plain; charset=utf-8", response.GetHeader("content-type"));
        Assert.Equal("GET /pets/42 a b GET /pets/{id}", response.GetBodyText());
        Assert.Equal(seenRequestId, response.GetHeader(HttpApiDispatcher.RequestIdHeader));
    }

    [Fact]
    public async Task Dispatch_TypedOwnTypesReturningString_IsInferredJsonBody()
    {
        var integration = LambdaIntegration.Create<GreetingEvent, string>(
            static (request, _) => ValueTask.FromResult($"Hello {request.PathParameters!["name"]} at {request.RawPath}"),
            LambdaTestJsonContext.Default.GreetingEvent,
            LambdaTestJsonContext.Default.String);

        await using var response = await Dispatcher(integration, "GET /hello/{name}").DispatchAsync(Get("/hello/J%C3%BCrgen"), TestContext.Current.CancellationToken);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.GetHeader("content-type"));
        Assert.Equal("Hello J\u00fcrgen at /hello/J\u00fcrgen", response.GetBodyText());
    }

    [Fact]
    public async Task Dispatch_PlainClassesWithSerializerOptions_AreSerializedByReflection()
    {
        var integration = LambdaIntegration.Create<PlainEvent, PlainResponse>(
            static (request, _) => ValueTask.FromResult(new PlainResponse
            {
                StatusCode = 202,
                Headers = new Dictionary<string, string> { ["x-route"] = request.RouteKey ?? "none" },
                Body = $"{request.RawPath} {request.PathParameters?["name"]}",
            }),
            System.Text.Json.JsonSerializerOptions.Web);

        await using var response = await Dispatcher(integration, "GET /hello/{name}").DispatchAsync(Get("/hello/ann"), TestContext.Current.CancellationToken);

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("GET /hello/{name}", response.GetHeader("x-route"));
        Assert.Equal("/hello/ann ann", response.GetBodyText());
    }

    [Fact]
    public async Task Dispatch_PlainClassesWithDefaultOptions_ReadTheEventToo()
    {
        // Options without a resolver get the reflection one; names match case-sensitively by default, so only
        // members named as in the event are filled.
        string? seen = null;
        var integration = LambdaIntegration.Create<Dictionary<string, object>, string>(
            (request, _) =>
            {
                seen = request["rawPath"].ToString();
                return ValueTask.FromResult("ok");
            },
            new System.Text.Json.JsonSerializerOptions());

        await using var response = await Dispatcher(integration, "GET /hello/{name}").DispatchAsync(Get("/hello/bo"), TestContext.Current.CancellationToken);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("/hello/bo", seen);
        Assert.Equal("ok", response.GetBodyText());
    }

    private sealed class PlainEvent
    {
        public string? RouteKey { get; set; }

        public string? RawPath { get; set; }

        public Dictionary<string, string>? PathParameters { get; set; }
    }

    private sealed class PlainResponse
    {
        public int StatusCode { get; set; }

        public Dictionary<string, string>? Headers { get; set; }

        public string? Body { get; set; }
    }

    [Fact]
    public async Task Dispatch_RawHandler_GetsBodyStageAndClockInEvent()
    {
        JsonNode? seen = null;
        var integration = new LambdaIntegration(Capture(e => seen = e, """{"statusCode":200,"body":"ok"}"""));
        var dispatcher = Dispatcher(integration, "POST /orders", stage: "dev", stageVariables: new() { ["env"] = "dev" });
        var request = new GatewayRequest
        {
            Method = "POST",
            RawTarget = "/dev/orders",
            Headers = [new("Host", Host), new("Content-Type", "application/json")],
            Body = new MemoryStream("{\"item\":1}"u8.ToArray()),
        };

        await using var response = await dispatcher.DispatchAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("ok", response.GetBodyText());
        Assert.NotNull(seen);
        Assert.Equal("{\"item\":1}", (string?)seen["body"]);
        Assert.False((bool)seen["isBase64Encoded"]!);
        Assert.Equal("10", (string?)seen["headers"]!["content-length"]);
        Assert.Equal("/dev/orders", (string?)seen["rawPath"]);
        Assert.Equal("dev", (string?)seen["requestContext"]!["stage"]);
        Assert.Equal("dev", (string?)seen["stageVariables"]!["env"]);
        Assert.Equal("10/Jul/2026:19:19:05 +0000", (string?)seen["requestContext"]!["time"]);
        Assert.Equal("a1b2c3d4e5", (string?)seen["requestContext"]!["apiId"]);
    }

    [Fact]
    public async Task Dispatch_RawV1Handler_GetsV1EventAndV1Mapping()
    {
        JsonNode? seen = null;
        var integration = new LambdaIntegration(
            Capture(e => seen = e, """{"statusCode":202,"headers":{"A":"1"},"multiValueHeaders":{"A":["2"]}}"""),
            PayloadFormatVersion.V1);

        await using var response = await Dispatcher(integration, "GET /pets").DispatchAsync(Get("/pets?x=1&x=2"), TestContext.Current.CancellationToken);

        Assert.Equal(PayloadFormatVersion.V1, integration.PayloadFormatVersion);
        Assert.Equal("1.0", (string?)seen!["version"]);
        Assert.Equal("2", (string?)seen["queryStringParameters"]!["x"]);
        Assert.Equal(202, response.StatusCode);
        Assert.Equal(["1", "2"], response.Headers.Where(static h => h.Key == "A").Select(static h => h.Value));
    }

    [Fact]
    public async Task Dispatch_NullOutputStream_IsEmptyInferredResponse()
    {
        var integration = new LambdaIntegration(static (_, _) => ValueTask.FromResult<Stream>(null!));

        await using var response = await Dispatcher(integration).DispatchAsync(Get("/"), TestContext.Current.CancellationToken);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.GetHeader("content-type"));
        Assert.True(response.Body.IsEmpty);
    }

    [Fact]
    public async Task Dispatch_ThrowingHandler_Is500()
    {
        var integration = LambdaIntegration.Create(static (_, _) => throw new InvalidOperationException("boom"));

        await using var response = await Dispatcher(integration).DispatchAsync(Get("/"), TestContext.Current.CancellationToken);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("{\"message\":\"Internal Server Error\"}", response.GetBodyText());
        Assert.NotNull(response.GetHeader(HttpApiDispatcher.RequestIdHeader));
    }

    [Fact]
    public async Task Dispatch_InvalidOutput_Is500()
    {
        var integration = new LambdaIntegration(Capture(static _ => { }, """{"statusCode":0}"""));

        await using var response = await Dispatcher(integration).DispatchAsync(Get("/"), TestContext.Current.CancellationToken);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("{\"message\":\"Internal Server Error\"}", response.GetBodyText());
    }

    [Fact]
    public async Task Dispatch_HandlerPastItsTimeout_Is503()
    {
        var clock = new FakeTimeProvider(LambdaTestRequests.CaptureTime);
        var integration = LambdaIntegration.Create(static async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new PayloadV2Response { StatusCode = 200 };
        });
        var dispatcher = Dispatcher(integration, timeout: IntegrationDefinition.MinTimeout, clock: clock);

        var pending = dispatcher.DispatchAsync(Get("/"), TestContext.Current.CancellationToken).AsTask();
        Assert.False(pending.IsCompleted);
        clock.Advance(IntegrationDefinition.MinTimeout);
        await using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("{\"message\":\"Service Unavailable\"}", response.GetBodyText());
    }

    [Fact]
    public async Task Dispatch_HandlerIgnoringCancellation_Is503AtTheTimeout()
    {
        var clock = new FakeTimeProvider(LambdaTestRequests.CaptureTime);
        using var release = new SemaphoreSlim(0);
        var integration = LambdaIntegration.Create(async (_, _) =>
        {
            await release.WaitAsync(TestContext.Current.CancellationToken);
            return new PayloadV2Response { StatusCode = 200 };
        });
        var dispatcher = Dispatcher(integration, timeout: IntegrationDefinition.MinTimeout, clock: clock);

        // The handler never looks at its token and is never released before the 503: the gateway stops waiting for
        // it at the timeout, not a moment earlier.
        var pending = dispatcher.DispatchAsync(Get("/"), TestContext.Current.CancellationToken).AsTask();
        clock.Advance(IntegrationDefinition.MinTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(503, response.StatusCode);
        release.Release();
    }

    [Fact]
    public async Task Dispatch_HandlerReturningItsInputUnread_EchoesTheEvent()
    {
        var integration = new LambdaIntegration(static (input, _) => ValueTask.FromResult(input));

        await using var response = await Dispatcher(integration, "GET /pets").DispatchAsync(Get("/pets"), TestContext.Current.CancellationToken);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.GetHeader("content-type"));
        Assert.Equal("GET /pets", (string?)JsonNode.Parse(response.GetBodyText())!["routeKey"]);
    }

    [Fact]
    public void Constructor_UnknownPayloadFormat_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LambdaIntegration(static (s, _) => ValueTask.FromResult(s), (PayloadFormatVersion)3));

        Assert.Equal("payloadFormatVersion", error.ParamName);
    }

    [Fact]
    public async Task InvokeAsync_PayloadV2RequestModel_ReadsEveryMember()
    {
        PayloadV2Request? seen = null;
        var integration = LambdaIntegration.Create((request, _) =>
        {
            seen = request;
            return ValueTask.FromResult(new PayloadV2Response { StatusCode = 200 });
        });
        var request = LambdaTestRequests.Create(
            method: "POST",
            headers: [("Host", Host), ("Content-Type", "application/octet-stream"), ("User-Agent", "ua")],
            stageVariables: new Dictionary<string, string> { ["v"] = "1" },
            authorizer: new Routing.Pipeline.AuthorizerContext { LambdaContext = new JsonObject { ["tenant"] = "acme", ["n"] = 1 } },
            body: [1, 2, 3]);

        await using var response = await integration.InvokeAsync(request, TestContext.Current.CancellationToken);

        Assert.NotNull(seen);
        Assert.Equal("2.0", seen.Version);
        Assert.Equal("/pets", seen.RawPath);
        Assert.Equal(string.Empty, seen.RawQueryString);
        Assert.Null(seen.Cookies);
        Assert.Null(seen.QueryStringParameters);
        Assert.Null(seen.PathParameters);
        Assert.Equal("1", seen.StageVariables!["v"]);
        Assert.True(seen.IsBase64Encoded);
        Assert.Equal(new byte[] { 1, 2, 3 }, seen.GetBodyBytes());
        Assert.Equal("ua", seen.RequestContext!.Http!.UserAgent);
        Assert.Equal("HTTP/1.1", seen.RequestContext.Http.Protocol);
        Assert.Equal("198.51.100.10", seen.RequestContext.Http.SourceIp);
        Assert.Equal("123456789012", seen.RequestContext.AccountId);
        Assert.Equal("a1b2c3d4e5", seen.RequestContext.DomainPrefix);
        Assert.Equal(1783711145766, seen.RequestContext.TimeEpoch);
        Assert.Equal("acme", seen.RequestContext.Authorizer!.Lambda!["tenant"].GetString());
        Assert.Equal(1, seen.RequestContext.Authorizer.Lambda["n"].GetInt32());
        Assert.Null(seen.RequestContext.Authorizer.Jwt);
    }
}
