using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Routing.Apis;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.Integrations;
using Routing.Pipeline;

namespace Routing.Benchmarks;

/// <summary>
/// Where the time of <see cref="DispatchBenchmarks.Gateway"/> goes, one layer at a time: the ASP.NET Core adapter,
/// the dispatcher, the Lambda integration (event writing, the handler's JSON, response mapping), and the pieces of
/// per-request work the dispatcher does around them. Run it with <c>--filter '*DispatchBreakdown*'</c>.
/// </summary>
[MemoryDiagnoser]
public class DispatchBreakdownBenchmarks
{
    private static readonly GatewayRequest Request = new()
    {
        Method = "GET",
        RawTarget = DispatchPets.Path,
        Headers = [new("Host", "localhost")],
        Scheme = "http",
        Port = 80,
    };

    private readonly Dictionary<string, LambdaIntegration> _lambdas = [];
    private WebApplication _mockApp = null!;
    private RequestDelegate _mockPipeline = null!;
    private IServiceScopeFactory _mockScopes = null!;
    private HttpApiDispatcher _mock = null!;
    private HttpApiDispatcher _rawLambda = null!;
    private HttpApiDispatcher _typedLambda = null!;
    private byte[] _event = [];
    private IntegrationRequest _integrationRequest = null!;
    private PayloadV2Request _eventObject = null!;
    private LambdaIntegration _typedIntegration = null!;
    private PayloadV2Response _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        string json = DispatchPets.Get("42").Json;
        var mock = new MockIntegration(200, json);
        _mockApp = DispatchPets.CreateGateway(mock);
        _mockPipeline = ((IApplicationBuilder)_mockApp).Build();
        _mockScopes = _mockApp.Services.GetRequiredService<IServiceScopeFactory>();
        if (DispatchBenchmarks.Verify(nameof(AdapterAndDispatcher_Mock), _mockPipeline, _mockScopes) != json)
        {
            throw new InvalidOperationException("The mock gateway answered another body.");
        }

        _mock = Dispatcher(mock);
        var capture = new CapturingIntegration(mock);
        Dispatcher(capture).DispatchAsync(Request).AsTask().GetAwaiter().GetResult().DisposeAsync().AsTask().GetAwaiter().GetResult();
        _integrationRequest = capture.Request ?? throw new InvalidOperationException("The integration saw no request.");
        _eventObject = PayloadV2RequestFactory.Create(_integrationRequest, default);

        // A raw handler that captures the event once and answers fixed output bytes: event writing and response
        // mapping without the handler's JSON.
        _response = new PayloadV2Response { StatusCode = 200, Headers = new Dictionary<string, string> { ["content-type"] = "application/json" }, Body = json };
        byte[] output = JsonSerializer.SerializeToUtf8Bytes(_response, PayloadJsonContext.Default.PayloadV2Response);
        _rawLambda = Dispatcher(new LambdaIntegration(async (input, cancellationToken) =>
        {
            if (_event.Length == 0)
            {
                using var copy = new MemoryStream();
                await input.CopyToAsync(copy, cancellationToken);
                _event = copy.ToArray();
            }

            return new MemoryStream(output, writable: false);
        }));
        _typedIntegration = LambdaIntegration.Create(DispatchPets.LambdaHandler);
        _typedLambda = Dispatcher(_typedIntegration);
        foreach (var dispatcher in new[] { _mock, _rawLambda, _typedLambda })
        {
            var response = dispatcher.DispatchAsync(Request).AsTask().GetAwaiter().GetResult();
            if (response.StatusCode != 200 || response.GetBodyText() != json)
            {
                throw new InvalidOperationException($"A dispatcher answered {response.StatusCode} {response.GetBodyText()}.");
            }

            response.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => ((IDisposable)_mockApp).Dispose();

    /// <summary>UseHttpApi with a mock integration: the adapter and the dispatcher, no Lambda.</summary>
    [Benchmark]
    public async Task<int> AdapterAndDispatcher_Mock() => (await DispatchPets.InvokeAsync(_mockPipeline, _mockScopes)).Response.StatusCode;

    /// <summary>The dispatcher alone with a mock integration: request target, stage, route, timeout, request id.</summary>
    [Benchmark]
    public async Task<int> Dispatcher_Mock()
    {
        await using var response = await _mock.DispatchAsync(Request);
        return response.StatusCode;
    }

    /// <summary>The dispatcher with a raw Lambda handler: adds event writing, stream plumbing and response mapping.</summary>
    [Benchmark]
    public async Task<int> Dispatcher_RawLambda()
    {
        await using var response = await _rawLambda.DispatchAsync(Request);
        return response.StatusCode;
    }

    /// <summary>
    /// The dispatcher with the typed handler of <see cref="DispatchBenchmarks"/>: the event object built and the
    /// response object mapped directly, no JSON in between.
    /// </summary>
    [Benchmark]
    public async Task<int> Dispatcher_TypedLambda()
    {
        await using var response = await _typedLambda.DispatchAsync(Request);
        return response.StatusCode;
    }

    /// <summary>The typed Lambda integration alone, without the dispatcher: event object, handler, response mapping.</summary>
    [Benchmark]
    public async Task<int> Integration_TypedLambda()
    {
        await using var response = await _typedIntegration.InvokeAsync(_integrationRequest, CancellationToken.None);
        return response.StatusCode;
    }

    /// <summary>The payload 2.0 event's JSON, as a raw handler gets it.</summary>
    [Benchmark]
    public int WriteEvent() => PayloadV2EventWriter.Write(_integrationRequest, default).Length;

    /// <summary>The typed handler's input: the <see cref="PayloadV2Request"/> built directly.</summary>
    [Benchmark]
    public PayloadV2Request BuildEventObject() => PayloadV2RequestFactory.Create(_integrationRequest, default);

    /// <summary>The handler of <see cref="DispatchBenchmarks"/> alone (its pet's JSON included), on a ready event.</summary>
    [Benchmark]
    public async Task<int> Handler() => (await DispatchPets.LambdaHandler(_eventObject, CancellationToken.None)).StatusCode;

    /// <summary>The typed handler's output: the <see cref="PayloadV2Response"/> mapped directly.</summary>
    [Benchmark]
    public int MapResponseObject() => LambdaResponseMapper.MapV2(_response).StatusCode;

    /// <summary>The <c>x-amzn-trace-id</c> the gateway adds.</summary>
    [Benchmark]
    public string TraceId() => PayloadEventParts.NewTraceId(_integrationRequest.RequestTime);

    /// <summary>What the typed handler's input would cost through JSON: the event's JSON into <see cref="PayloadV2Request"/>.</summary>
    [Benchmark]
    public PayloadV2Request? DeserializeEvent() => JsonSerializer.Deserialize(_event, PayloadJsonContext.Default.PayloadV2Request);

    /// <summary>What the typed handler's output would cost through JSON: <see cref="PayloadV2Response"/> to JSON.</summary>
    [Benchmark]
    public byte[] SerializeResponse() => JsonSerializer.SerializeToUtf8Bytes(_response, PayloadJsonContext.Default.PayloadV2Response);

    /// <summary>The integration timeout as the dispatcher sets it up: a timer-backed source, linked to the host's token.</summary>
    [Benchmark]
    public bool TimeoutSources()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None, timeout.Token);
        return linked.IsCancellationRequested;
    }

    /// <summary>The request id: 11 random bytes from the OS generator, as base64.</summary>
    [Benchmark]
    public string RequestId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(11));

    private static HttpApiDispatcher Dispatcher(IIntegration integration) => new(HttpApi.QuickCreate(integration, DispatchPets.RouteKey));

    /// <summary>Passes requests on, keeping the last one (for the benchmarks of the integration's pieces).</summary>
    private sealed class CapturingIntegration(IIntegration inner) : IIntegration
    {
        public IntegrationRequest? Request { get; private set; }

        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            Request = request;
            return inner.InvokeAsync(request, cancellationToken);
        }
    }
}
