using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Routing.Diagnostics;

namespace Routing.Benchmarks;

/// <summary>
/// One request, <c>GET /pets/42</c>, through a whole ASP.NET Core request pipeline without sockets: the gateway
/// (<c>UseHttpApi</c>, route <c>GET /pets/{id}</c>, an in-process Lambda handler with payload format 2.0) against the
/// same handler logic as a minimal-API endpoint (<c>MapGet("/pets/{id}")</c>). Each call gets a fresh
/// <see cref="DefaultHttpContext"/> and a service scope, as a server would give it; the response body goes to
/// <see cref="Stream.Null"/>. <c>[GlobalSetup]</c> throws unless both answer 200 with the same JSON body.
/// </summary>
/// <remarks>
/// <see cref="GatewayListened"/> is the gateway with an <see cref="ActivityListener"/> on the library's source (all
/// data recorded) and a <see cref="MeterListener"/> on its instruments, attached in its own setup: BenchmarkDotNet runs
/// each benchmark in its own process, so the other rows run with nobody listening.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(BytesConfig))]
#pragma warning disable CA1001 // BenchmarkDotNet disposes what a setup made in [GlobalCleanup], not through IDisposable.
public class DispatchBenchmarks
#pragma warning restore CA1001
{
    private ActivityListener? _activities;
    private MeterListener? _meters;

    private WebApplication _minimalApp = null!;
    private WebApplication _gatewayApp = null!;
    private RequestDelegate _minimalApi = null!;
    private RequestDelegate _gateway = null!;
    private IServiceScopeFactory _minimalScopes = null!;
    private IServiceScopeFactory _gatewayScopes = null!;
    private WebApplication? _trafficApp;
    private RequestDelegate _traffic = null!;
    private IServiceScopeFactory _trafficScopes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _minimalApp = DispatchPets.CreateMinimalApi();
        _minimalApi = ((IApplicationBuilder)_minimalApp).Build();
        _minimalScopes = _minimalApp.Services.GetRequiredService<IServiceScopeFactory>();

        _gatewayApp = DispatchPets.CreateGateway();
        _gateway = ((IApplicationBuilder)_gatewayApp).Build();
        _gatewayScopes = _gatewayApp.Services.GetRequiredService<IServiceScopeFactory>();

        string expected = DispatchPets.Get("42").Json;
        string minimal = Verify(nameof(MinimalApi), _minimalApi, _minimalScopes);
        string gateway = Verify(nameof(Gateway), _gateway, _gatewayScopes);
        if (minimal != expected || gateway != expected)
        {
            throw new InvalidOperationException($"The bodies differ: expected {expected}, MinimalApi {minimal}, Gateway {gateway}.");
        }
    }

    [GlobalSetup(Target = nameof(GatewayListened))]
    public void SetupListened()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == GatewayTelemetry.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name == GatewayTelemetry.SourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _meters.Start();
        Setup();
    }

    [GlobalSetup(Target = nameof(GatewayTraffic))]
    public void SetupTraffic()
    {
        Setup();
        _trafficApp = DispatchPets.CreateGatewayWithTraffic();
        _traffic = ((IApplicationBuilder)_trafficApp).Build();
        _trafficScopes = _trafficApp.Services.GetRequiredService<IServiceScopeFactory>();
        using var body = new MemoryStream();
        var context = DispatchPets.InvokeAsync(_traffic, _trafficScopes, body, DispatchPets.ApiKeyValue).GetAwaiter().GetResult();
        if (context.Response.StatusCode != 200 || Encoding.UTF8.GetString(body.ToArray()) != DispatchPets.Get("42").Json)
        {
            throw new InvalidOperationException($"GatewayTraffic answered {context.Response.StatusCode} {Encoding.UTF8.GetString(body.ToArray())}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_trafficApp as IDisposable)?.Dispose();
        _activities?.Dispose();
        _meters?.Dispose();
        ((IDisposable)_minimalApp).Dispose();
        ((IDisposable)_gatewayApp).Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> MinimalApi() => (await DispatchPets.InvokeAsync(_minimalApi, _minimalScopes)).Response.StatusCode;

    [Benchmark]
    public async Task<int> Gateway() => (await DispatchPets.InvokeAsync(_gateway, _gatewayScopes)).Response.StatusCode;

    /// <summary>The gateway with an activity listener and a meter listener attached (see the remarks).</summary>
    [Benchmark]
    public async Task<int> GatewayListened() => (await DispatchPets.InvokeAsync(_gateway, _gatewayScopes)).Response.StatusCode;

    /// <summary>The gateway with a route limit, a required API key with its usage plan, and an access log line (see <see cref="DispatchPets.CreateGatewayWithTraffic"/>).</summary>
    [Benchmark]
    public async Task<int> GatewayTraffic() => (await DispatchPets.InvokeAsync(_traffic, _trafficScopes, apiKey: DispatchPets.ApiKeyValue)).Response.StatusCode;

    /// <summary>Serves the request once into memory and checks the status and content type; returns the body.</summary>
    internal static string Verify(string name, RequestDelegate pipeline, IServiceScopeFactory scopes)
    {
        using var body = new MemoryStream();
        var context = DispatchPets.InvokeAsync(pipeline, scopes, body).GetAwaiter().GetResult();
        string text = Encoding.UTF8.GetString(body.ToArray());
        if (context.Response.StatusCode != 200 || context.Response.ContentType != "application/json")
        {
            throw new InvalidOperationException($"{name}: expected 200 application/json, got {context.Response.StatusCode} {context.Response.ContentType}: {text}");
        }

        return text;
    }

    /// <summary>Allocations in bytes, not rounded kilobytes: the target is a ratio of bytes.</summary>
    private sealed class BytesConfig : ManualConfig
    {
        public BytesConfig() => SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithSizeUnit(Perfolizer.Metrology.SizeUnit.B);
    }
}
