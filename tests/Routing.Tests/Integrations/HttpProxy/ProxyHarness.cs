using System.Text;
using System.Text.Json;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.HttpProxy;

namespace Routing.Tests.Integrations.HttpProxy;

/// <summary>Builds a deployed API around one integration and sends requests through the real dispatcher.</summary>
internal static class ProxyHarness
{
    public const string ClientIp = "203.0.113.7";

    public static IntegrationDefinition ProxyTo(string uri, TimeSpan? timeout = null) =>
        new() { Integration = new HttpProxyIntegration(uri), Timeout = timeout ?? TimeSpan.FromSeconds(2) };

    /// <summary>A dispatcher for an API with one route to <paramref name="integration"/>, deployed to <paramref name="stage"/>.</summary>
    /// <param name="clock">The API's clock, whose timers time the integration; the system clock when null.</param>
    public static HttpApiDispatcher Dispatcher(
        IntegrationDefinition integration,
        string routeKey = "ANY /{proxy+}",
        string stage = "$default",
        IReadOnlyDictionary<string, string>? stageVariables = null,
        TimeProvider? clock = null)
    {
        var definition = new HttpApiDefinition();

        definition.Integrations.Add("backend", integration);
        definition.Routes.Add(new RouteDefinition { RouteKey = routeKey, IntegrationId = "backend" });
        var api = new HttpApi(definition, new HttpApiOptions { TimeProvider = clock ?? TimeProvider.System });
        api.AddStage(new Stage { Name = stage, AutoDeploy = true, StageVariables = stageVariables ?? new Dictionary<string, string>() });
        return new HttpApiDispatcher(api);
    }

    public static GatewayRequest Request(string method, string target, params (string Name, string Value)[] headers) => new()
    {
        Method = method,
        RawTarget = target,
        Headers = [new("Host", "api.example.test"), .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))],
        SourceIp = ClientIp,
        Scheme = "http",
        Port = 8080,
    };

    public static GatewayRequest Get(string target, params (string Name, string Value)[] headers) => Request("GET", target, headers);

    public static async Task<Answer> SendAsync(HttpApiDispatcher dispatcher, GatewayRequest request, CancellationToken cancellationToken = default)
    {
        await using var response = await dispatcher.DispatchAsync(request, cancellationToken);
        byte[] body = response.BodyStream is null ? response.Body.ToArray() : await ReadAllAsync(response.BodyStream);
        return new Answer(response.StatusCode, [.. response.Headers], body);
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A response read to the end.</summary>
    internal sealed record Answer(int Status, List<KeyValuePair<string, string>> Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public IReadOnlyList<string> Values(string name) =>
            [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

        public string? Header(string name) => Values(name) is [var first, ..] ? first : null;

        public string Message => JsonDocument.Parse(Body).RootElement.GetProperty("message").GetString()!;
    }
}
