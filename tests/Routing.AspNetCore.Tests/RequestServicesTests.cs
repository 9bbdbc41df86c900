using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.AspNetCore.Tests;

/// <summary>Integrations added with AddIntegration&lt;T&gt; are resolved from each request's services on a real Kestrel host.</summary>
public sealed class RequestServicesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScopedIntegration_SharesTheRequestScopeAndGetsANewOnePerRequest()
    {
        // Arrange: middleware before the gateway touches the request's Tally; the integration sees the same one.
        await using var host = await KestrelHost.StartAsync(
            static services =>
            {
                services.AddScoped<Tally>();
                services.AddHttpApiRouting().AddIntegration<TallyIntegration>("tally").AddRoute("GET /tally", "tally");
            },
            static app =>
            {
                app.Use(static (context, next) =>
                {
                    context.RequestServices.GetRequiredService<Tally>().Count += 10;
                    return next(context);
                });
                app.UseHttpApi();
            });

        // Act
        string first = await host.Client.GetStringAsync("/tally", Ct);
        string second = await host.Client.GetStringAsync("/tally", Ct);

        // Assert: 10 from the middleware + 1 from the integration, in a fresh scope each time.
        Assert.Equal("11", first);
        Assert.Equal("11", second);
    }

    [Fact]
    public async Task Integration_ReadsTheHttpContext()
    {
        // Arrange
        await using var host = await KestrelHost.StartAsync(
            static services => services.AddHttpApiRouting().AddIntegration<HttpContextIntegration>("who").AddRoute("GET /who", "who"),
            static app => app.UseHttpApi());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Add("X-Caller", "ann");

        // Act
        using var response = await host.Client.SendAsync(request, Ct);

        // Assert
        Assert.Equal("ann via /who", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task TimedOutIntegration_KeepsItsRequestServicesUntilItEnds()
    {
        // Arrange: an integration that ignores its token, on a 50 ms timeout measured on a fake clock.
        var clock = new FakeTimeProvider();
        var probe = new SlowProbe();
        await using var host = await KestrelHost.StartAsync(
            services =>
            {
                services.AddSingleton(probe);
                services.AddScoped<ScopedResource>();
                services.AddHttpApiRouting(o => o.TimeProvider = clock)
                    .AddIntegration<SlowIntegration>("slow", TimeSpan.FromMilliseconds(50))
                    .AddRoute("GET /slow", "slow");
            },
            static app => app.UseHttpApi());

        // Act: the gateway answers at the timeout; the integration then goes on with its scoped service.
        var answer = host.Client.GetAsync("/slow", Ct);
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        for (int i = 0; i < 3000 && !answer.IsCompleted; i++)
        {
            // The timeout's timer starts once the integration has gone asynchronous, a moment after it started.
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(answer, Task.Delay(10, Ct));
        }

        using var response = await answer;
        probe.Release.SetResult();
        bool disposedWhenUsed = await probe.UsedWhileDisposed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(disposedWhenUsed, "The request's scope was disposed while its integration still ran.");
    }

    internal sealed class SlowProbe
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> UsedWhileDisposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal sealed class ScopedResource : IDisposable
    {
        public bool IsDisposed { get; private set; }

        public void Dispose() => IsDisposed = true;
    }

    internal sealed class SlowIntegration(ScopedResource resource, SlowProbe probe) : IIntegration
    {
        public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            probe.Started.SetResult();
            await probe.Release.Task;
            probe.UsedWhileDisposed.SetResult(resource.IsDisposed);
            return new GatewayResponse(200, null, Encoding.UTF8.GetBytes("late"));
        }
    }

    internal sealed class Tally
    {
        public int Count { get; set; }
    }

    internal sealed class TallyIntegration(Tally tally) : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            tally.Count++;
            return ValueTask.FromResult(new GatewayResponse(200, null, Encoding.UTF8.GetBytes(tally.Count.ToString(CultureInfo.InvariantCulture))));
        }
    }

    internal sealed class HttpContextIntegration : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            var context = request.GetHttpContext() ?? throw new InvalidOperationException("No HttpContext.");
            string text = $"{context.Request.Headers["X-Caller"]} via {context.Request.Path}";
            return ValueTask.FromResult(new GatewayResponse(200, null, Encoding.UTF8.GetBytes(text)));
        }
    }
}
