using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Routing.LocalGateway.Tests;

/// <summary>
/// A loopback server that speaks the Lambda Invoke API (<c>POST /2015-03-31/functions/{name}/invocations</c>) as the
/// runtime interface emulator does: it records each event and answers as the function <c>{name}</c> would, with a 201.
/// </summary>
internal sealed class InvokeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InvokeApiServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Function, JsonObject Event)> Invocations { get; } = new();

    public string Url { get; private set; } = string.Empty;

    public static async Task<InvokeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(static k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new InvokeApiServer(app);
        app.MapPost("/2015-03-31/functions/{name}/invocations", async (string name, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            server.Invocations.Enqueue((name, (JsonObject)body!));
            return Results.Text($$"""{"statusCode":201,"headers":{"x-function":"{{name}}"},"body":"from {{name}}"}""", "application/json");
        });
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
