using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>
/// A real OIDC issuer on 127.0.0.1 (Kestrel): <c>/.well-known/openid-configuration</c> and <c>/jwks</c>, with keys
/// the test sets. It counts requests and the most in flight at once, and can go down (nothing listens on its port),
/// come back on the same port, stall, or answer with whatever <see cref="Respond"/> writes.
/// </summary>
internal sealed class LoopbackIssuer : IAsyncDisposable
{
    public const string DefaultIssuer = "https://issuer.example.test";

    private WebApplication? _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _discoveryRequests;
    private int _jwksRequests;

    private LoopbackIssuer(int port, string issuer)
    {
        Port = port;
        Issuer = issuer;
    }

    public int Port { get; }

    public string Issuer { get; }

    public string BaseUri => $"http://127.0.0.1:{Port}";

    public Uri DiscoveryUri => new(BaseUri + "/.well-known/openid-configuration");

    /// <summary>The keys the JWKS publishes.</summary>
    public TestKey[] Keys { get; set; } = [];

    /// <summary>When set, every answer is held back until the client gives up (its fetch timeout) or the issuer stops.</summary>
    public bool Stalls { get; set; }

    /// <summary>When set, writes the answer to every request instead of the issuer's documents.</summary>
    public Func<HttpContext, Task>? Respond { get; set; }

    /// <summary>When set, writes the JWKS answer only (the discovery document stays normal).</summary>
    public Func<HttpContext, Task>? RespondJwks { get; set; }

    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public bool IsUp => _app is not null;

    /// <summary>Starts an issuer on a free loopback port.</summary>
    public static async Task<LoopbackIssuer> StartAsync(params TestKey[] keys)
    {
        var issuer = new LoopbackIssuer(FreePort(), DefaultIssuer) { Keys = keys };
        await issuer.UpAsync();
        return issuer;
    }

    /// <summary>An issuer whose port is reserved but where nothing listens yet (down from the start).</summary>
    public static LoopbackIssuer Down(params TestKey[] keys) => new(FreePort(), DefaultIssuer) { Keys = keys };

    /// <summary>Listens on the issuer's port (again).</summary>
    public async Task UpAsync()
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(BaseUri);
        var app = builder.Build();
        app.Run(ServeAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening: connections to the port are refused.</summary>
    public async Task DownAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _discoveryRequests, 0);
        Interlocked.Exchange(ref _jwksRequests, 0);
        Interlocked.Exchange(ref _maxInFlight, 0);
    }

    public ValueTask DisposeAsync() => new(DownAsync());

    private async Task ServeAsync(HttpContext context)
    {
        int now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        try
        {
            string path = context.Request.Path.Value ?? string.Empty;
            if (path == "/.well-known/openid-configuration")
            {
                Interlocked.Increment(ref _discoveryRequests);
            }
            else if (path == "/jwks")
            {
                Interlocked.Increment(ref _jwksRequests);
            }

            if (Stalls)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            if (Respond is { } respond)
            {
                await respond(context);
                return;
            }

            switch (path)
            {
                case "/.well-known/openid-configuration":
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = BaseUri + "/jwks" }.ToJsonString());
                    break;
                case "/jwks" when RespondJwks is { } respondJwks:
                    await respondJwks(context);
                    break;
                case "/jwks":
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(TestKey.Jwks(Keys));
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its fetch timeout).
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
