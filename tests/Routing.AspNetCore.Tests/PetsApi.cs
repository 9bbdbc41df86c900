using Microsoft.Extensions.DependencyInjection;
using Routing.Integrations;

namespace Routing.AspNetCore.Tests;

/// <summary>The API most adapter tests serve.</summary>
internal static class PetsApi
{
    public const string PetsJson = """{"pets":[]}""";

    public static HttpApiRoutingBuilder Add(IServiceCollection services, Action<HttpApiRoutingOptions>? options = null) =>
        services.AddHttpApiRouting(options)
            .AddIntegration("echo", new EchoIntegration())
            .AddIntegration("mock", new MockIntegration(200, PetsJson))
            .AddRoute("GET /pets", "mock")
            .AddRoute("GET /pets/{name}", "echo")
            .AddRoute("POST /pets/{name}", "echo")
            .AddRoute("GET /", "echo")
            .AddStage("$default")
            .AddStage("prod", autoDeploy: false, new Dictionary<string, string> { ["color"] = "blue" });
}
