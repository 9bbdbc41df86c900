using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Routing.Apis;
using Routing.Dispatch;
using Routing.Integrations;

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
    private HttpApiDispatcher _objectsPrototype = null!;
    private byte[] _event = [];
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
        _typedLambda = Dispatcher(LambdaIntegration.Create(DispatchPets.LambdaHandler));
        _objectsPrototype = Dispatcher(new ObjectsPrototype(DispatchPets.LambdaHandler));
        foreach (var dispatcher in new[] { _mock, _rawLambda, _typedLambda, _objectsPrototype })
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

    /// <summary>The dispatcher with the typed handler of <see cref="DispatchBenchmarks"/>.</summary>
    [Benchmark]
    public async Task<int> Dispatcher_TypedLambda()
    {
        await using var response = await _typedLambda.DispatchAsync(Request);
        return response.StatusCode;
    }

    /// <summary>
    /// The same typed handler without JSON in between: a prototype (not the library's code) that builds the
    /// <see cref="PayloadV2Request"/> object directly and maps the <see cref="PayloadV2Response"/> object directly,
    /// to estimate what a typed fast path in <see cref="LambdaIntegration"/> would save.
    /// </summary>
    [Benchmark]
    public async Task<int> Dispatcher_TypedObjects_Prototype()
    {
        await using var response = await _objectsPrototype.DispatchAsync(Request);
        return response.StatusCode;
    }

    /// <summary>The typed handler's input: the event's JSON into <see cref="PayloadV2Request"/>.</summary>
    [Benchmark]
    public PayloadV2Request? DeserializeEvent() => JsonSerializer.Deserialize(_event, PayloadJsonContext.Default.PayloadV2Request);

    /// <summary>The typed handler's output: <see cref="PayloadV2Response"/> to JSON.</summary>
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

    /// <summary>
    /// A simplified payload 2.0 integration that hands the handler objects instead of JSON (no cookies, no base64
    /// bodies, no authorizer; the trace id from <see cref="Random.Shared"/>): only for the estimate above.
    /// </summary>
    private sealed class ObjectsPrototype(Func<PayloadV2Request, CancellationToken, ValueTask<PayloadV2Response>> handler) : IIntegration
    {
        public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            var headers = new Dictionary<string, string>(request.Headers.Count + 6, StringComparer.Ordinal);
            string userAgent = string.Empty;
            foreach (var (rawName, value) in request.Headers)
            {
                string name = rawName.ToLowerInvariant();
                headers[name] = headers.TryGetValue(name, out string? prior) ? prior + "," + value : value;
                if (name == "user-agent")
                {
                    userAgent = value;
                }
            }

            headers["content-length"] = "0";
            headers["x-amzn-trace-id"] = string.Create(CultureInfo.InvariantCulture, $"Root=1-{request.RequestTime.ToUnixTimeSeconds():x8}-{Random.Shared.NextInt64():x16}{Random.Shared.Next():x8}");
            headers["x-forwarded-for"] = request.SourceIp;
            headers["x-forwarded-port"] = request.Port.ToString(CultureInfo.InvariantCulture);
            headers["x-forwarded-proto"] = request.Scheme;
            var input = new PayloadV2Request
            {
                Version = "2.0",
                RouteKey = request.RouteKey.Value,
                RawPath = request.Path,
                RawQueryString = request.RawQueryString,
                Headers = headers,
                RequestContext = new PayloadV2RequestContext
                {
                    AccountId = request.Api.AccountId,
                    ApiId = request.Api.ApiId,
                    DomainName = request.Api.DomainName,
                    DomainPrefix = request.Api.DomainPrefix,
                    Http = new PayloadV2HttpDescription
                    {
                        Method = request.Method,
                        Path = request.Path,
                        Protocol = "HTTP/1.1",
                        SourceIp = request.SourceIp,
                        UserAgent = userAgent,
                    },
                    RequestId = request.RequestId,
                    RouteKey = request.RouteKey.Value,
                    Stage = request.Stage,
                    Time = request.RequestTime.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                    TimeEpoch = request.RequestTime.ToUnixTimeMilliseconds(),
                },
                PathParameters = request.PathParameters.Count == 0 ? null : new Dictionary<string, string>(request.PathParameters, StringComparer.Ordinal),
                StageVariables = request.StageVariables.Count == 0 ? null : new Dictionary<string, string>(request.StageVariables, StringComparer.Ordinal),
            };

            var output = await handler(input, cancellationToken);
            var responseHeaders = new List<KeyValuePair<string, string>>((output.Headers?.Count ?? 0) + 1);
            if (output.Headers is not null)
            {
                responseHeaders.AddRange(output.Headers);
            }

            byte[] body = output.Body is null ? [] : Encoding.UTF8.GetBytes(output.Body);
            return new GatewayResponse(output.StatusCode, responseHeaders, body);
        }
    }
}
