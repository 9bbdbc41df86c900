using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Authorization.Jwt;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Diagnostics;
using Routing.Http;
using Routing.Integrations;
using Routing.Integrations.HttpProxy;
using Routing.Integrations.Lambda;
using Routing.Pipeline;
using Routing.Tests.Integrations.HttpProxy;

namespace Routing.Tests.Diagnostics;

/// <summary>
/// What the gateway reports, seen through real listeners: an <see cref="ActivityListener"/> on the library's source, a
/// <see cref="MeterListener"/> on its instruments, and a logger provider that keeps every entry.
/// </summary>
[Collection(nameof(ProcessWideListeners))]
public sealed class GatewayDiagnosticsTests
{
    [Fact]
    public async Task Dispatch_WithAnActivityListener_OneChildActivityWithTheRouteAndStage()
    {
        // Arrange
        using var recorder = new ActivityRecorder();
        var dispatcher = PetsDispatcher();
        using var parent = new Activity("host request").Start();

        // Act
        var served = await dispatcher.ServeAsync(Get("/prod/pets/42"), cancellationToken: TestContext.Current.CancellationToken);
        parent.Stop();

        // Assert
        var activity = Assert.Single(recorder.Stopped, a => a.TraceId == parent.TraceId);
        Assert.Equal(GatewayTelemetry.RequestActivityName, activity.OperationName);
        Assert.Equal("GET /pets/{id}", activity.DisplayName);
        Assert.Equal(parent.SpanId, activity.ParentSpanId);
        Assert.Equal("GET /pets/{id}", activity.GetTagItem(GatewayTelemetry.RouteTag));
        Assert.Equal("prod", activity.GetTagItem(GatewayTelemetry.StageTag));
        Assert.Equal(served.DeploymentId, activity.GetTagItem(GatewayTelemetry.DeploymentTag));
        Assert.Equal(200, activity.GetTagItem(GatewayTelemetry.StatusCodeTag));
        Assert.Equal(served.RequestId, activity.GetTagItem(GatewayTelemetry.RequestIdTag));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task Dispatch_IntegrationThrows_ActivityIsAnErrorWithTheKind()
    {
        using var recorder = new ActivityRecorder();
        var dispatcher = PetsDispatcher();
        using var parent = new Activity("host request").Start();

        await dispatcher.ServeAsync(Get("/prod/boom"), cancellationToken: TestContext.Current.CancellationToken);
        parent.Stop();

        var activity = Assert.Single(recorder.Stopped, a => a.TraceId == parent.TraceId);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(nameof(GatewayErrorKind.IntegrationFailure), activity.GetTagItem(GatewayTelemetry.ErrorTag));
    }

    [Fact]
    public async Task Dispatch_WithAMeterListener_RequestsAndDurationsWithTheirTags()
    {
        // Arrange
        using var meters = new MeterRecorder();
        var dispatcher = PetsDispatcher();

        // Act
        await dispatcher.ServeAsync(Get("/prod/pets/42"), cancellationToken: TestContext.Current.CancellationToken);
        await dispatcher.ServeAsync(Get("/prod/nowhere"), cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        var requests = meters.For(GatewayTelemetry.RequestsInstrument).Where(static m => Equals(m.Tags[GatewayTelemetry.ApiTag], "diag")).ToList();
        Assert.Equal(2, requests.Count);
        var ok = Assert.Single(requests, static m => Equals(m.Tags[GatewayTelemetry.StatusClassTag], "2xx"));
        Assert.Equal("GET /pets/{id}", ok.Tags[GatewayTelemetry.RouteTag]);
        Assert.Equal("prod", ok.Tags[GatewayTelemetry.StageTag]);
        Assert.False(ok.Tags.ContainsKey(GatewayTelemetry.ErrorTag));
        var missing = Assert.Single(requests, static m => Equals(m.Tags[GatewayTelemetry.StatusClassTag], "4xx"));
        Assert.Equal(nameof(GatewayErrorKind.NotFound), missing.Tags[GatewayTelemetry.ErrorTag]);
        Assert.Null(missing.Tags[GatewayTelemetry.RouteTag]);
        Assert.Equal(2, meters.For(GatewayTelemetry.RequestDurationInstrument).Count(static m => Equals(m.Tags[GatewayTelemetry.ApiTag], "diag")));
        Assert.Single(meters.For(GatewayTelemetry.IntegrationDurationInstrument), static m => Equals(m.Tags[GatewayTelemetry.ApiTag], "diag"));
    }

    [Fact]
    public async Task Dispatch_WithAMeterListener_ApiGatewaysMetricsWithDetailedDimensionsWhereEnabled()
    {
        // Arrange: detailed metrics for GET /pets/{id} only.
        using var meters = new MeterRecorder();
        var api = new HttpApiBuilder(new HttpApiOptions { Identity = new ApiIdentity("awsmetrics", "1", "localhost") })
            .AddIntegration("backend", new MockIntegration(200, "ok"))
            .AddRoute("GET /pets/{id}", "backend")
            .AddRoute("GET /plain", "backend")
            .Build();
        api.AddStage(new Stage
        {
            Name = "prod",
            AutoDeploy = true,
            RouteSettings = new Dictionary<string, RouteSettings> { ["GET /pets/{id}"] = new() { DetailedMetricsEnabled = true } },
        });
        var dispatcher = new HttpApiDispatcher(api);

        // Act
        await dispatcher.ServeAsync(Get("/prod/pets/42"), cancellationToken: TestContext.Current.CancellationToken);
        await dispatcher.ServeAsync(Get("/prod/plain"), cancellationToken: TestContext.Current.CancellationToken);
        await dispatcher.ServeAsync(Get("/prod/nowhere"), cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        var counts = meters.For(GatewayTelemetry.AwsCountInstrument).Where(static m => Equals(m.Tags[GatewayTelemetry.AwsApiIdDimension], "awsmetrics")).ToList();
        Assert.Equal(3, counts.Count);
        Assert.All(counts, static m => Assert.Equal("prod", m.Tags[GatewayTelemetry.AwsStageDimension]));
        var detailed = Assert.Single(counts, static m => m.Tags.ContainsKey(GatewayTelemetry.AwsMethodDimension));
        Assert.Equal(("GET", "/pets/{id}"), (detailed.Tags[GatewayTelemetry.AwsMethodDimension], detailed.Tags[GatewayTelemetry.AwsResourceDimension]));
        Assert.Equal(1, meters.For(GatewayTelemetry.Aws4xxInstrument).Where(static m => Equals(m.Tags[GatewayTelemetry.AwsApiIdDimension], "awsmetrics")).Sum(static m => m.Value));
        Assert.Equal(0, meters.For(GatewayTelemetry.Aws5xxInstrument).Where(static m => Equals(m.Tags[GatewayTelemetry.AwsApiIdDimension], "awsmetrics")).Sum(static m => m.Value));
        Assert.Equal(3, meters.For(GatewayTelemetry.AwsLatencyInstrument).Count(static m => Equals(m.Tags[GatewayTelemetry.AwsApiIdDimension], "awsmetrics")));
        Assert.Equal(2, meters.For(GatewayTelemetry.AwsIntegrationLatencyInstrument).Count(static m => Equals(m.Tags[GatewayTelemetry.AwsApiIdDimension], "awsmetrics")));
        Assert.Equal(2 + 2 + "{\"message\":\"Not Found\"}".Length, meters.For(GatewayTelemetry.AwsDataProcessedInstrument).Where(static m => Equals(m.Tags[GatewayTelemetry.AwsApiIdDimension], "awsmetrics")).Sum(static m => m.Value));
    }

    [Fact]
    public async Task Dispatch_AuthorizerFromCache_CountedAsACacheHit()
    {
        // Arrange
        using var meters = new MeterRecorder();
        var api = new HttpApiBuilder(new HttpApiOptions { Identity = new ApiIdentity("cached", "1", "localhost"), TimeProvider = new FakeTimeProvider() })
            .AddIntegration("backend", new MockIntegration(200, "ok"))
            .AddLambdaAuthorizer("auth", LambdaFunction.FromStream(static (_, _) => ValueTask.FromResult<Stream>(new MemoryStream("""{"isAuthorized":true}"""u8.ToArray()))), new LambdaAuthorizerDefinition
            {
                EnableSimpleResponses = true,
                ResultTtl = TimeSpan.FromMinutes(1),
            })
            .AddRoute(new RouteDefinition { RouteKey = "GET /a", IntegrationId = "backend", AuthorizationType = AuthorizationType.Custom, AuthorizerId = "auth" })
            .AddStage(Stage.DefaultName)
            .Build();
        var dispatcher = new HttpApiDispatcher(api);

        // Act
        await dispatcher.ServeAsync(Get("/a", ("Authorization", "t")), cancellationToken: TestContext.Current.CancellationToken);
        await dispatcher.ServeAsync(Get("/a", ("Authorization", "t")), cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        var authorizer = meters.For(GatewayTelemetry.AuthorizerDurationInstrument).Where(static m => Equals(m.Tags[GatewayTelemetry.ApiTag], "cached")).ToList();
        Assert.Equal([false, true], authorizer.Select(static m => (bool)m.Tags[GatewayTelemetry.CacheHitTag]!));
        Assert.Single(meters.For(GatewayTelemetry.AuthorizerCacheHitsInstrument), static m => Equals(m.Tags[GatewayTelemetry.ApiTag], "cached"));
    }

    [Fact]
    public async Task Dispatch_WithALogger_OneInformationLinePerRequestWithoutTheQuery()
    {
        // Arrange
        var logs = new LogRecorder();
        var dispatcher = PetsDispatcher(logs);

        // Act
        var served = await dispatcher.ServeAsync(Get("/prod/pets/42?token=secret"), cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        var line = Assert.Single(logs.Entries, static e => e.Category == "Routing.Requests");
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(1, line.EventId.Id);
        Assert.StartsWith("GET /prod/pets/42 answered 200 in ", line.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(route GET /pets/{{id}}, stage prod, request {served.RequestId})", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_IntegrationThrows_LoggedAtErrorWithTheException()
    {
        var logs = new LogRecorder();
        var dispatcher = PetsDispatcher(logs);

        var served = await dispatcher.ServeAsync(Get("/prod/boom"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(500, served.StatusCode);
        var error = Assert.Single(logs.Entries, static e => e.EventId.Id == 10);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Equal("kaboom", error.Exception!.Message);
        Assert.Contains($"request {served.RequestId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_BackendRefuses_502CauseLoggedAtWarning()
    {
        // Arrange
        var logs = new LogRecorder();
        int port = TestBackend.ClosedPort();
        var api = new HttpApiBuilder(new HttpApiOptions { LoggerFactory = logs })
            .AddIntegration("backend", new HttpProxyIntegration($"http://127.0.0.1:{port}/{{proxy}}"))
            .AddRoute("ANY /{proxy+}", "backend")
            .AddStage(Stage.DefaultName)
            .Build();

        // Act
        var served = await new HttpApiDispatcher(api).ServeAsync(Get("/x"), cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(502, served.StatusCode);
        Assert.Equal(GatewayErrorKind.BadGateway, served.Error);
        var cause = Assert.Single(logs.Entries, static e => e.EventId.Id == 12);
        Assert.Equal(LogLevel.Warning, cause.Level);
        Assert.Contains($"127.0.0.1:{port}", cause.Message, StringComparison.Ordinal);
        Assert.NotNull(cause.Exception);
    }

    [Fact]
    public void Update_Refused_LoggedWithTheErrors()
    {
        var logs = new LogRecorder();
        var api = HttpApi.QuickCreate(new MockIntegration(200), options: new HttpApiOptions { LoggerFactory = logs });

        Assert.Throws<HttpApiValidationException>(() => api.Update(static d => d.Routes.Add(new RouteDefinition { RouteKey = "GET pets", IntegrationId = "default" })));

        var refused = Assert.Single(logs.Entries, static e => e.EventId.Id == 101);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("GET pets", refused.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, static e => e.EventId.Id == 102 && e.Message.Contains("stage $default now serves", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeySource_FetchFails_LoggedAtWarningWithTheCause()
    {
        // Arrange: an issuer whose discovery document is not JSON; the request waits for the fetch, whose timeout is on
        // a fake clock that nobody moves.
        var logs = new LogRecorder();
        using var source = new OidcKeySource
        {
            LoggerFactory = logs,
            HttpMessageHandler = new StaticHandler("not json"),
            TimeProvider = new FakeTimeProvider(),
        };
        var authorizer = new JwtAuthorizer("jwt", new JwtAuthorizerDefinition { Issuer = "https://issuer.test", Audiences = ["api"] }, source, TimeProvider.System);

        // Act
        await authorizer.Keys.GetKeysAsync(TestContext.Current.CancellationToken);

        // Assert
        var failure = Assert.Single(logs.Entries, static e => e.EventId.Id == 200);
        Assert.Equal("Routing.Jwks", failure.Category);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Contains("https://issuer.test/.well-known/openid-configuration", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no keys yet: tokens get 401", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_WhenTraced_BackendContinuesTheGatewaysTrace()
    {
        // Arrange
        using var recorder = new ActivityRecorder();
        await using var backend = TestBackend.Echo();
        var dispatcher = ProxyHarness.Dispatcher(ProxyHarness.ProxyTo(backend.BaseUri + "/{proxy}"));
        const string clientParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        // Act
        var answer = await ProxyHarness.SendAsync(dispatcher, ProxyHarness.Get("/x", ("traceparent", clientParent)), TestContext.Current.CancellationToken);

        // Assert: one traceparent, naming the gateway's request activity instead of what the client sent.
        Assert.Equal(200, answer.Status);
        var sent = Assert.Single(Assert.Single(backend.Requests).Values("traceparent"));
        string requestId = answer.Header(HttpApiDispatcher.RequestIdHeader)!;
        var activity = Assert.Single(recorder.Stopped, a => Equals(a.GetTagItem(GatewayTelemetry.RequestIdTag), requestId));
        Assert.Equal($"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01", sent);
        Assert.NotEqual(clientParent, sent);
    }

    [Fact]
    public async Task Proxy_WhenNotTraced_TheClientsTraceparentPassesThrough()
    {
        // Arrange: nobody listens to the library's source, and nothing is current.
        await using var backend = TestBackend.Echo();
        var dispatcher = ProxyHarness.Dispatcher(ProxyHarness.ProxyTo(backend.BaseUri + "/{proxy}"));
        const string clientParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Activity.Current = null;

        // Act
        await ProxyHarness.SendAsync(dispatcher, ProxyHarness.Get("/x", ("traceparent", clientParent)), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([clientParent], Assert.Single(backend.Requests).Values("traceparent"));
    }

    private static HttpApiDispatcher PetsDispatcher(ILoggerFactory? logs = null)
    {
        var api = new HttpApiBuilder(new HttpApiOptions { Identity = new ApiIdentity("diag", "1", "localhost"), LoggerFactory = logs })
            .AddIntegration("pets", new MockIntegration(200, """{"id":42}"""))
            .AddIntegration("boom", new ThrowingIntegration())
            .AddRoute("GET /pets/{id}", "pets")
            .AddRoute("GET /boom", "boom")
            .AddStage("prod")
            .Build();
        return new HttpApiDispatcher(api);
    }

    private static GatewayRequest Get(string target, params (string Name, string Value)[] headers) => new()
    {
        Method = "GET",
        RawTarget = target,
        Headers = [.. headers.Select(static h => new KeyValuePair<string, string>(h.Name, h.Value))],
    };

    private sealed class ThrowingIntegration : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
            => throw new InvalidOperationException("kaboom");
    }

    private sealed class StaticHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body) });
    }

    /// <summary>Listens to the library's activity source and keeps every activity that stops.</summary>
    private sealed class ActivityRecorder : IDisposable
    {
        private readonly ActivityListener _listener;

        public ActivityRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = static source => source.Name == GatewayTelemetry.SourceName,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Stopped.Add,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public ConcurrentBag<Activity> Stopped { get; } = [];

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Listens to the library's meter and keeps every measurement with its tags.</summary>
    private sealed class MeterRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, Measurement Value)> _measurements = new();

        public MeterRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GatewayTelemetry.SourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public IEnumerable<Measurement> For(string instrument) => _measurements.Where(m => m.Instrument == instrument).Select(static m => m.Value);

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, tag) in tags)
            {
                copy[key] = tag;
            }

            _measurements.Enqueue((instrument.Name, new Measurement(value, copy)));
        }
    }

    private sealed record Measurement(double Value, Dictionary<string, object?> Tags);
}

/// <summary>Tests that listen to the process-wide activity source and meter run one at a time.</summary>
[CollectionDefinition(nameof(ProcessWideListeners), DisableParallelization = true)]
public sealed class ProcessWideListeners;
