using Microsoft.Extensions.Time.Testing;
using Routing.Http;
using Routing.Integrations;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.Tests.Pipeline;

/// <summary>The step contract: which phases run, in which order, and what a failing step or integration becomes.</summary>
public sealed class RoutePipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_StepsInOrder_RequestPhasesThenIntegrationThenResponsePhases()
    {
        // Arrange
        var log = new List<string>();
        var pipeline = new RoutePipeline(
            [new RecordingStep("a", log, request: true, response: true), new RecordingStep("b", log, request: true), new RecordingStep("c", log, response: true)],
            Integration(new RecordingIntegration(log)));

        // Act
        await using var response = await pipeline.RunAsync(Context(), Ct);

        // Assert
        Assert.Equal(["a.request", "b.request", "integration", "a.response", "c.response"], log);
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Run_RequestStepAnswers_IntegrationSkippedButResponsePhasesRun()
    {
        // Arrange: an authorizer-like step refuses; a CORS-like step must still see the refusal.
        var log = new List<string>();
        var pipeline = new RoutePipeline(
            [new RefusingStep(), new RecordingStep("cors", log, response: true)],
            Integration(new RecordingIntegration(log)));
        var context = Context();

        // Act
        await using var response = await pipeline.RunAsync(context, Ct);

        // Assert
        Assert.Equal(["cors.response"], log);
        Assert.Equal(403, response.StatusCode);
        Assert.Equal(GatewayErrorKind.Forbidden, context.Error);
    }

    [Fact]
    public async Task Run_StepThrows_500AndTheResponsePhasesStillRun()
    {
        var log = new List<string>();
        var pipeline = new RoutePipeline([new ThrowingStep(), new RecordingStep("cors", log, response: true)], Integration(new RecordingIntegration(log)));
        var context = Context();

        await using var response = await pipeline.RunAsync(context, Ct);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(GatewayErrorKind.IntegrationFailure, context.Error);
        Assert.IsType<InvalidOperationException>(context.Exception);
        Assert.Equal(["cors.response"], log);
    }

    [Theory]
    [InlineData(GatewayErrorKind.BadGateway, 502, "Bad Gateway")]
    [InlineData(GatewayErrorKind.GatewayTimeout, 504, "Gateway Timeout")]
    [InlineData(GatewayErrorKind.IntegrationTimeout, 503, "Service Unavailable")]
    [InlineData(GatewayErrorKind.ConfigurationError, 500, "Internal Server Error")]
    [InlineData(GatewayErrorKind.NotFound, 404, "Not Found")]
    [InlineData(GatewayErrorKind.BadRequest, 400, "Bad Request")]
    public async Task Integration_ThrowsIntegrationException_TheAnswerItNames(GatewayErrorKind kind, int status, string message)
    {
        // Arrange
        var context = Context();
        var step = Integration(new FailingIntegration(new IntegrationException(kind, "backend said no")));

        // Act
        await using var response = await step.InvokeAsync(context, Ct);

        // Assert
        Assert.Equal(status, response.StatusCode);
        Assert.Equal($$"""{"message":"{{message}}"}""", response.GetBodyText());
        Assert.Equal("application/json", response.GetHeader("content-type"));
        Assert.Equal(kind, context.Error);
        Assert.Equal("backend said no", context.ErrorDetail);
        Assert.Null(context.IntegrationStatusCode);
        Assert.NotNull(context.IntegrationLatency);
    }

    [Theory]
    [InlineData("x-bad", "a\r\nx-injected: 1")]
    [InlineData("x-bad", "caf\u00e9")]
    [InlineData("bad name", "v")]
    public async Task Integration_UnsendableHeader_500BeforeTheHostWritesAnything(string name, string value)
    {
        var context = Context();
        var step = Integration(new MockIntegration(200, "ok", [new(name, value)]));

        await using var response = await step.InvokeAsync(context, Ct);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(GatewayErrorKind.IntegrationFailure, context.Error);
        Assert.Contains($"'{name}'", context.ErrorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integration_PastItsTimeout_503AtTheTimeoutOnTheFakeClock()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        var never = new TaskCompletionSource<GatewayResponse>();
        var step = new IntegrationStep("slow", new PendingIntegration(never.Task), TimeSpan.FromSeconds(2), clock);
        var context = Context();

        // Act
        var pending = step.InvokeAsync(context, Ct).AsTask();
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Assert
        Assert.Equal(503, response.StatusCode);
        Assert.Equal(GatewayErrorKind.IntegrationTimeout, context.Error);
    }

    [Fact]
    public async Task Integration_IgnoresItsToken_503AtTheTimeoutAndTheLateAnswerIsDisposed()
    {
        // Arrange: an integration that never looks at its token.
        var clock = new FakeTimeProvider();
        var late = new TaskCompletionSource<GatewayResponse>();
        var step = new IntegrationStep("deaf", new PendingIntegration(late.Task, honoursToken: false), TimeSpan.FromSeconds(2), clock);
        var context = Context();

        // Act
        var pending = step.InvokeAsync(context, Ct).AsTask();
        clock.Advance(TimeSpan.FromSeconds(2));
        await using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var owner = new DisposalProbe();
        late.SetResult(new GatewayResponse(200, [], Stream.Null, owner));

        // Assert
        Assert.Equal(503, response.StatusCode);
        Assert.Equal(GatewayErrorKind.IntegrationTimeout, context.Error);
        await owner.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public void GatewayContext_FirstErrorWins()
    {
        var context = Context();

        GatewayErrors.Answer(context, GatewayErrorKind.BadGateway, "first");
        GatewayErrors.Answer(context, GatewayErrorKind.IntegrationFailure, "second");

        Assert.Equal(GatewayErrorKind.BadGateway, context.Error);
        Assert.Equal("first", context.ErrorDetail);
    }

    private static IntegrationStep Integration(IIntegration integration) => new("backend", integration, TimeSpan.FromSeconds(30), TimeProvider.System);

    private static GatewayContext Context()
    {
        var request = new GatewayRequest { Method = "GET", RawTarget = "/x" };
        var api = new ApiIdentity("api", "1", "localhost");
        return new GatewayContext(request, "req", api, TimeProvider.System)
        {
            IntegrationRequest = new IntegrationRequest
            {
                Method = "GET",
                Path = "/x",
                EncodedPath = "/x",
                RoutingPath = "/x",
                RawQueryString = string.Empty,
                Headers = [],
                RouteKey = RouteKey.Parse("GET /x"),
                PathParameters = new Dictionary<string, string>(),
                Stage = "$default",
                StageVariables = new Dictionary<string, string>(),
                RequestId = "req",
                RequestTime = DateTimeOffset.UnixEpoch,
                SourceIp = "127.0.0.1",
                Protocol = "HTTP/1.1",
                Api = api,
            },
        };
    }

    private sealed class RecordingStep(string name, List<string> log, bool request = false, bool response = false) : GatewayStep
    {
        public override bool HasRequestPhase => request;

        public override bool HasResponsePhase => response;

        public override ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken)
        {
            log.Add(name + ".request");
            return default;
        }

        public override ValueTask<GatewayResponse> OnResponseAsync(GatewayContext context, GatewayResponse answer, CancellationToken cancellationToken)
        {
            log.Add(name + ".response");
            return new(answer);
        }
    }

    private sealed class RefusingStep : GatewayStep
    {
        public override bool HasRequestPhase => true;

        public override ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken)
            => new(GatewayErrors.Answer(context, GatewayErrorKind.Forbidden, "no"));
    }

    private sealed class ThrowingStep : GatewayStep
    {
        public override bool HasRequestPhase => true;

        public override ValueTask<GatewayResponse?> OnRequestAsync(GatewayContext context, CancellationToken cancellationToken)
            => throw new InvalidOperationException("step failed");
    }

    private sealed class RecordingIntegration(List<string> log) : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            log.Add("integration");
            return new(new GatewayResponse(200));
        }
    }

    private sealed class FailingIntegration(Exception exception) : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) => throw exception;
    }

    private sealed class PendingIntegration(Task<GatewayResponse> pending, bool honoursToken = true) : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
            => new(honoursToken ? pending.WaitAsync(cancellationToken) : pending);
    }

    private sealed class DisposalProbe : IAsyncDisposable
    {
        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask DisposeAsync()
        {
            Disposed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
