using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.AspNetCore.Tests.Browser;

/// <summary>A request as the gateway's Kestrel server received it, before the API saw it.</summary>
public sealed record SeenRequest(string Method, string Path, string? Origin, string? RequestMethod, string? RequestHeaders, string? Cookie);

/// <summary>
/// Two page origins and one gateway, all real Kestrel servers on 127.0.0.1, and one headless Chromium. The gateway
/// (<c>UseHttpApi</c>) allows the first page origin only, with credentials, the methods GET, POST and PUT, the request
/// headers <c>content-type</c> and <c>x-custom</c>, and exposes <c>x-request-id</c>. Its integrations add permissive
/// CORS headers of their own, which the gateway must drop (with <c>credentials: 'include'</c> the browser refuses
/// <c>*</c> or two values, so a leak would fail the allowed test).
/// </summary>
public sealed class BrowserCorsFixture : IAsyncLifetime
{
    /// <summary>The page every origin serves: <c>callGateway(url, init)</c> runs <c>fetch</c> and reports what the script could see.</summary>
    public const string PageHtml = """
        <!doctype html>
        <html>
        <head>
        <meta charset="utf-8">
        <title>CORS test page</title>
        <script>
        window.callGateway = async function (url, init) {
          try {
            const response = await fetch(url, init);
            const body = await response.text();
            return {
              ok: true,
              status: response.status,
              body: body,
              requestId: response.headers.get('x-request-id'),
              secret: response.headers.get('x-secret')
            };
          } catch (e) {
            return { ok: false, error: e.name, message: String(e.message) };
          }
        };
        </script>
        </head>
        <body>CORS test page</body>
        </html>
        """;

    private readonly ConcurrentQueue<SeenRequest> _seen = new();
    private KestrelHost? _allowedPage;
    private KestrelHost? _otherPage;
    private KestrelHost? _gateway;
    private HeadlessChromium? _browser;
    private string? _browserProblem;

    /// <summary>The page on the origin the gateway allows.</summary>
    public Uri AllowedPage => _allowedPage!.BaseAddress;

    /// <summary>The page on an origin the gateway does not list.</summary>
    public Uri OtherPage => _otherPage!.BaseAddress;

    /// <summary>The gateway's base address, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Gateway => _gateway!.BaseAddress;

    /// <summary>The serialized origin of <see cref="AllowedPage"/>, as the browser sends it.</summary>
    public string AllowedOrigin => OriginOf(AllowedPage);

    /// <summary>The serialized origin of <see cref="OtherPage"/>.</summary>
    public string OtherOrigin => OriginOf(OtherPage);

    /// <summary>Whether the browser must start: under CI (<c>CI=true</c>) a missing or broken browser fails the tests instead of skipping them.</summary>
    public static bool BrowserRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _allowedPage = await StartPageAsync();
        _otherPage = await StartPageAsync();
        var api = CreateApi(AllowedOrigin);
        _gateway = await KestrelHost.StartAsync(
            services => services.AddHttpApiRouting(api),
            app =>
            {
                app.Use(next => context =>
                {
                    var headers = context.Request.Headers;
                    _seen.Enqueue(new SeenRequest(
                        context.Request.Method,
                        context.Request.Path.Value ?? string.Empty,
                        headers.Origin.Count == 0 ? null : headers.Origin.ToString(),
                        headers.AccessControlRequestMethod.Count == 0 ? null : headers.AccessControlRequestMethod.ToString(),
                        headers.AccessControlRequestHeaders.Count == 0 ? null : headers.AccessControlRequestHeaders.ToString(),
                        headers.Cookie.Count == 0 ? null : headers.Cookie.ToString()));
                    return next(context);
                });
                app.UseHttpApi();
            });

        try
        {
            _browser = await HeadlessChromium.StartAsync(ct);
        }
        catch (InvalidOperationException e)
        {
            _browserProblem = e.Message;
        }
        catch (Exception e) when (e is CdpException or IOException or System.Net.WebSockets.WebSocketException or System.ComponentModel.Win32Exception)
        {
            _browserProblem = $"{HeadlessChromium.ExecutablePath} could not be driven: {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Opens a page in a fresh browser context; fails (under CI) or skips (locally) when there is no browser.</summary>
    public async Task<BrowserPage> OpenAsync(Uri page, CancellationToken cancellationToken)
    {
        if (_browser is null)
        {
            string reason = $"The headless browser is not available: {_browserProblem}";
            if (BrowserRequired)
            {
                Assert.Fail(reason + " (CI=true: browser tests must run.)");
            }

            Assert.Skip(reason + " Install Debian's chromium (./test.sh does it) to run the browser tests.");
        }

        try
        {
            return await _browser.OpenAsync(page, cancellationToken);
        }
        catch (CdpException e)
        {
            throw new CdpException($"{e.Message}. {_browser.DescribeOutput()}");
        }
    }

    /// <summary>The requests that reached the gateway for one path, in order.</summary>
    public IReadOnlyList<SeenRequest> SeenFor(string path) => [.. _seen.Where(r => r.Path == path)];

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        foreach (var host in (KestrelHost?[])[_gateway, _otherPage, _allowedPage])
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static string OriginOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static Task<KestrelHost> StartPageAsync() => KestrelHost.StartAsync(
        static _ => { },
        static app => app.MapGet("/", static () => Results.Content(PageHtml, "text/html; charset=utf-8")));

    private static HttpApi CreateApi(string allowedOrigin)
    {
        var definition = new HttpApiDefinition
        {
            Cors = new CorsConfiguration
            {
                AllowOrigins = [allowedOrigin],
                AllowMethods = ["GET", "POST", "PUT"],
                AllowHeaders = ["content-type", "x-custom"],
                ExposeHeaders = ["x-request-id"],
                AllowCredentials = true,
                MaxAge = 0, // no preflight cache: every test's preflight reaches the gateway
            },
        };
        definition.Integrations.Add("login", new IntegrationDefinition { Integration = new LoginIntegration() });
        definition.Integrations.Add("items", new IntegrationDefinition { Integration = new ItemsIntegration() });
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /login", IntegrationId = "login" });
        foreach (string method in (string[])["GET", "PUT", "DELETE"])
        {
            definition.Routes.Add(new RouteDefinition { RouteKey = $"{method} /items/{{id}}", IntegrationId = "items" });
        }

        var api = new HttpApi(definition);
        api.AddStage(new Stage { Name = Stage.DefaultName, AutoDeploy = true });
        return api;
    }

    /// <summary>Sets a session cookie (which the browser keeps only if the credentialed CORS answer is accepted).</summary>
    private sealed class LoginIntegration : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(new GatewayResponse(200,
            [
                new("content-type", "text/plain"),
                new("set-cookie", "session=abc123; Path=/; SameSite=Lax; HttpOnly"),
                new("Access-Control-Allow-Origin", "*"),
            ],
            "welcome"u8.ToArray()));
    }

    /// <summary>Reports the method, cookie and custom header it received; sends an exposed and an unexposed header.</summary>
    private sealed class ItemsIntegration : IIntegration
    {
        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            string? Header(string name) => request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
            {
                ["method"] = request.Method,
                ["cookie"] = Header("cookie"),
                ["custom"] = Header("x-custom"),
            });
            return ValueTask.FromResult(new GatewayResponse(200,
            [
                new("content-type", "application/json"),
                new("x-request-id", "r-" + request.PathParameters["id"]),
                new("x-secret", "hidden"),
                new("Access-Control-Allow-Origin", "*"),
                new("Access-Control-Expose-Headers", "x-secret"),
            ],
            body));
        }
    }
}
