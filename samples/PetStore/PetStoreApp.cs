using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations.HttpProxy;
using Routing.Integrations.Lambda;
using Routing.Traffic;

namespace PetStore;

/// <summary>
/// The sample gateway: an Amazon API Gateway style HTTP API on Kestrel, in front of Lambda-style functions that run
/// in this process and of a legacy HTTP backend that it starts on a loopback port.
/// </summary>
public sealed class PetStoreApp : IAsyncDisposable
{
    /// <summary>Where the gateway listens unless <c>--urls</c> (or <c>ASPNETCORE_URLS</c>) says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>The API key of the sample's one partner (its usage plan allows one request a day on <c>GET /partner/pets</c>).</summary>
    public const string PartnerKey = "partner-0123456789abcdefXYZ";

    /// <summary>API Gateway's CLF example access-log format, one line per request (category <c>Routing.AccessLogs</c>).</summary>
    public const string AccessLogFormat = "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod $context.routeKey $context.protocol\" $context.status $context.responseLength $context.requestId";

    private readonly WebApplication _legacy;

    private PetStoreApp(WebApplication gateway, WebApplication legacy)
    {
        Gateway = gateway;
        _legacy = legacy;
        Url = BoundUrl(gateway);
        LegacyUrl = BoundUrl(legacy);
    }

    /// <summary>The running gateway.</summary>
    public WebApplication Gateway { get; }

    /// <summary>The gateway's address, e.g. <c>http://localhost:5080/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The legacy backend's address, e.g. <c>http://127.0.0.1:41235/</c>.</summary>
    public Uri LegacyUrl { get; }

    /// <summary>Commands to try against the running gateway.</summary>
    public IReadOnlyList<string> CurlCommands
    {
        get
        {
            string url = Url.GetLeftPart(UriPartial.Authority);
            return
            [
                $"curl {url}/pets",
                $"curl {url}/prod/pets/1",
                $$"""curl -X POST {{url}}/pets -H 'content-type: application/json' -d '{"name":"Rex","type":"dog"}'""",
                $"curl '{url}/legacy/orders?status=open'",
                $"curl {url}/prod",
                $"curl -i {url}/admin/stats",
                $"curl -i {url}/admin/stats -H 'authorization: {AdminAuthorizer.Token}'",
                $"curl -i {url}/prod/no/such/route",
                $"curl -i {url}/partner/pets",
                $"curl -i {url}/partner/pets -H 'x-api-key: {PartnerKey}'",
                $"curl -i {url}/partner/pets -H 'x-api-key: {PartnerKey}'",
            ];
        }
    }

    /// <summary>Starts the legacy backend, then the gateway.</summary>
    /// <param name="args">Command-line arguments, e.g. <c>--urls http://127.0.0.1:8080</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sample; dispose it to stop both servers.</returns>
    public static async Task<PetStoreApp> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var legacy = LegacyBackend.Create();
        await legacy.StartAsync(cancellationToken);
        try
        {
            var gateway = CreateGateway(args, legacyHost: BoundUrl(legacy).Authority);
            await gateway.StartAsync(cancellationToken);
            return new PetStoreApp(gateway, legacy);
        }
        catch
        {
            await legacy.StopAsync(CancellationToken.None);
            await legacy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Builds the gateway: integrations, routes and stages, then the middleware that serves them.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="legacyHost">The legacy backend's <c>host:port</c>, given to the proxy as a stage variable.</param>
    /// <returns>The gateway, not started.</returns>
    public static WebApplication CreateGateway(string[] args, string legacyHost)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // a failed start is reported by Program.cs
        builder.Logging.AddFilter("Routing.Requests", LogLevel.Information); // the gateway's line per request
        builder.Logging.AddFilter("Routing.AccessLogs", LogLevel.Information); // the stages' access-log lines
        builder.Logging.AddSimpleConsole(static console => console.SingleLine = true);
        if (builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var pets = new PetHandlers(PetRepository.Seeded());

        // API keys and usage plans: one partner key whose plan allows one request a day on the $default stage.
        var plans = new UsagePlanStore();
        plans.AddApiKey(new ApiKey { Id = "partner", Name = "partner", Value = PartnerKey, Enabled = true });
        plans.AddUsagePlan(new UsagePlan
        {
            Id = "partners",
            Quota = new QuotaSettings(1, QuotaPeriod.Day),
            Throttle = new ThrottleLimits(5, 10),
            ApiStages = [new UsagePlanApiStage { ApiId = "local", Stage = "$default" }],
        });
        plans.AddUsagePlanKey("partners", "partner");
        builder.Services.AddSingleton(plans);

        builder.Services.AddHttpApiRouting()
            // Lambda-style functions (payload format 2.0), an HTTP proxy, and the index for everything else.
            .AddIntegration("listPets", LambdaIntegration.Create(pets.ListPets))
            .AddIntegration("getPet", LambdaIntegration.Create(pets.GetPet))
            .AddIntegration("createPet", LambdaIntegration.Create(pets.CreatePet))
            .AddIntegration("legacy", new HttpProxyIntegration("http://${stageVariables.legacyHost}/{proxy}"))
            .AddIntegration("index", LambdaIntegration.Create(PetHandlers.Index))
            .AddIntegration("adminStats", LambdaIntegration.Create(pets.AdminStats))
            // A Lambda authorizer: a request without an Authorization header gets 401 before the function runs.
            .AddLambdaAuthorizer("admin", AdminAuthorizer.Function, new LambdaAuthorizerDefinition { EnableSimpleResponses = true })
            // Routes, as API Gateway's route keys.
            .AddRoute("GET /pets", "listPets")
            .AddRoute("GET /pets/{id}", "getPet")
            .AddRoute("POST /pets", "createPet")
            .AddRoute("ANY /legacy/{proxy+}", "legacy")
            .AddRoute(new RouteDefinition { RouteKey = "GET /admin/stats", IntegrationId = "adminStats", AuthorizationType = AuthorizationType.Custom, AuthorizerId = "admin" })
            .AddRoute("GET /", "index")        // each stage's root; what no route takes gets API Gateway's 404
            .AddRoute(new RouteDefinition { RouteKey = "GET /partner/pets", IntegrationId = "listPets", ApiKeyRequired = true })
            // Stages: $default at the root (throttled, with an access log), prod under /prod, each with its own variables.
            .AddStage(new Stage
            {
                Name = "$default",
                StageVariables = new Dictionary<string, string> { ["env"] = "dev", ["legacyHost"] = legacyHost },
                DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 50, ThrottlingBurstLimit = 100 },
                RouteSettings = new Dictionary<string, RouteSettings> { ["GET /partner/pets"] = new() { ThrottlingRateLimit = 5, ThrottlingBurstLimit = 10 } },
                AccessLogSettings = new AccessLogSettings { Format = AccessLogFormat },
            })
            .AddStage("prod", stageVariables: new Dictionary<string, string> { ["env"] = "prod", ["legacyHost"] = legacyHost });

        var app = builder.Build();
        app.UseHttpApi();
        return app;
    }

    /// <summary>Prints where the servers listen and what to try.</summary>
    /// <param name="output">Where to write, e.g. <see cref="Console.Out"/>.</param>
    public void WriteWelcome(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Pet store gateway (Amazon API Gateway HTTP API semantics on Kestrel)");
        output.WriteLine($"  gateway: {string.Join(", ", Addresses(Gateway))}  (stage $default at /, stage prod at /prod)");
        output.WriteLine("  GET /partner/pets needs the partner's API key (x-api-key), and its usage plan allows one request a day: 403, 200, then 429.");
        output.WriteLine($"  legacy backend: {LegacyUrl.GetLeftPart(UriPartial.Authority)}  (proxied at /legacy/{{proxy+}})");
        output.WriteLine();
        output.WriteLine("Try:");
        foreach (string command in CurlCommands)
        {
            output.WriteLine("  " + command);
        }

        output.WriteLine();
        output.WriteLine("Press Ctrl+C to stop.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Gateway.StopAsync();
        await Gateway.DisposeAsync();
        await _legacy.StopAsync();
        await _legacy.DisposeAsync();
    }

    private static ICollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;

    /// <summary>The first http address a server bound; a wildcard host (<c>--urls http://*:5080</c>) becomes localhost.</summary>
    private static Uri BoundUrl(WebApplication app)
    {
        var addresses = Addresses(app);
        var url = new Uri(addresses.FirstOrDefault(static a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.First());
        return url.Host is "[::]" or "0.0.0.0" ? new UriBuilder(url) { Host = "localhost" }.Uri : url;
    }
}
