using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations.Lambda;
using Routing.Pipeline;
using Routing.Traffic;

namespace Routing.Benchmarks;

/// <summary>
/// The handler logic both sides of <see cref="DispatchBenchmarks"/> run: find a pet by its id, answer its JSON (or a
/// 404 message), and the two ASP.NET Core apps that host it, driven without sockets.
/// </summary>
internal static class DispatchPets
{
    public const string Path = "/pets/42";

    public const string RouteKey = "GET /pets/{id}";

    private static readonly Dictionary<int, Pet> Pets = Enumerable.Range(1, 100)
        .ToDictionary(static id => id, static id => new Pet(id, "Pet " + id.ToString(CultureInfo.InvariantCulture), id % 2 == 0 ? "dog" : "cat"));

    /// <summary>Shared, never changed: the handlers' one response header.</summary>
    private static readonly Dictionary<string, string> JsonHeaders = new(StringComparer.Ordinal) { ["content-type"] = "application/json" };

    /// <summary>The handler logic: status and JSON body for an id.</summary>
    public static (int Status, string Json) Get(string? id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int key) && Pets.TryGetValue(key, out var pet)
            ? (200, JsonSerializer.Serialize(pet, DispatchJsonContext.Default.Pet))
            : (404, """{"message":"Not Found"}""");

    /// <summary>The logic as a Lambda function (payload format 2.0).</summary>
    public static ValueTask<PayloadV2Response> LambdaHandler(PayloadV2Request request, CancellationToken cancellationToken)
    {
        string? id = null;
        request.PathParameters?.TryGetValue("id", out id);
        var (status, json) = Get(id);
        return ValueTask.FromResult(new PayloadV2Response { StatusCode = status, Headers = JsonHeaders, Body = json });
    }

    /// <summary>The logic as a minimal-API endpoint handler.</summary>
    public static IResult MinimalApiHandler(string id)
    {
        var (status, json) = Get(id);
        return TypedResults.Content(json, "application/json", statusCode: status);
    }

    /// <summary>A plain ASP.NET Core app: <c>MapGet("/pets/{id}")</c> with endpoint routing.</summary>
    public static WebApplication CreateMinimalApi()
    {
        var app = CreateBuilder().Build();

        // What WebApplication adds by itself when it starts: routing first, endpoints last.
        app.UseRouting();
        app.MapGet("/pets/{id}", MinimalApiHandler);
        app.UseEndpoints(static _ => { });
        return app;
    }

    /// <summary>The gateway: <c>UseHttpApi</c> serving <c>GET /pets/{id}</c> from an in-process Lambda integration.</summary>
    public static WebApplication CreateGateway(IIntegration? integration = null)
    {
        var builder = CreateBuilder();
        builder.Services.AddHttpApiRouting()
            .AddIntegration("getPet", integration ?? LambdaIntegration.Create(LambdaHandler))
            .AddRoute(RouteKey, "getPet")
            .AddStage("$default");
        var app = builder.Build();
        app.UseHttpApi();
        return app;
    }

    /// <summary>The API key the traffic gateway's route requires.</summary>
    public const string ApiKeyValue = "bench0123456789abcdefghijKLMNOP";

    /// <summary>
    /// The gateway with the traffic features a route pays for: a stage route limit (too high to refuse), an API key
    /// required and admitted by a usage plan, and an access log line in API Gateway's CLF example format, rendered for a
    /// sink that drops it.
    /// </summary>
    public static WebApplication CreateGatewayWithTraffic()
    {
        var plans = new UsagePlanStore();
        plans.AddApiKey(new ApiKey { Id = "bench", Value = ApiKeyValue, Enabled = true });
        plans.AddUsagePlan(new UsagePlan { Id = "plan", ApiStages = [new UsagePlanApiStage { ApiId = "local", Stage = Stage.DefaultName }] });
        plans.AddUsagePlanKey("plan", "bench");
        var definition = new HttpApiDefinition();
        definition.Integrations["getPet"] = new IntegrationDefinition { Integration = LambdaIntegration.Create(LambdaHandler) };
        definition.Routes.Add(new RouteDefinition { RouteKey = RouteKey, IntegrationId = "getPet", ApiKeyRequired = true });
        var api = new HttpApi(definition, new HttpApiOptions { UsagePlans = plans, AccessLogSink = new DroppingSink() });
        api.AddStage(new Stage
        {
            Name = Stage.DefaultName,
            AutoDeploy = true,
            DefaultRouteSettings = new RouteSettings { ThrottlingRateLimit = 1e9, ThrottlingBurstLimit = int.MaxValue },
            AccessLogSettings = new AccessLogSettings
            {
                Format = "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod $context.routeKey $context.protocol\" $context.status $context.responseLength $context.requestId",
            },
        });
        var builder = CreateBuilder();
        builder.Services.AddHttpApiRouting(api);
        var app = builder.Build();
        app.UseHttpApi();
        return app;
    }

    /// <summary>
    /// Serves one request as a server would hand it over, without a socket: a fresh <see cref="DefaultHttpContext"/>
    /// with method, path and raw target, a Host header, request services from a new scope.
    /// </summary>
    public static async Task<HttpContext> InvokeAsync(RequestDelegate pipeline, IServiceScopeFactory scopes, Stream? responseBody = null, string? apiKey = null)
    {
        var context = new DefaultHttpContext();
        var request = context.Features.GetRequiredFeature<IHttpRequestFeature>();
        request.Protocol = "HTTP/1.1";
        request.Scheme = "http";
        request.Method = HttpMethods.Get;
        request.Path = Path;
        request.RawTarget = Path;
        request.Headers.Host = "localhost";
        if (apiKey is not null)
        {
            request.Headers["x-api-key"] = apiKey;
        }
        if (responseBody is not null)
        {
            context.Response.Body = responseBody;
        }

        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        await pipeline(context);
        return context;
    }

    private static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        return builder;
    }

    public sealed record Pet(int Id, string Name, string Type);

    private sealed class DroppingSink : IAccessLogSink
    {
        public void Write(string stage, string? destinationArn, string line)
        {
        }
    }
}

/// <summary>Source-generated JSON for <see cref="DispatchPets.Pet"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DispatchPets.Pet))]
internal sealed partial class DispatchJsonContext : JsonSerializerContext;
