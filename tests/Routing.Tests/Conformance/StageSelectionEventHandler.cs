using System.Text.Json.Nodes;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.Lambda;

namespace Routing.Tests.Conformance;

/// <summary>
/// <c>stage-selection</c> with its <c>event</c> assertions: the stage and route outcome comes from
/// <see cref="StageSelectionHandler"/>; when the case asserts on the event, the whole request is also served by
/// <see cref="HttpApiDispatcher"/> (the case's stages with their variables, every route on a raw
/// <see cref="LambdaIntegration"/> that captures the payload 2.0 event), and the flat event assertions are applied
/// to what the function received.
/// </summary>
internal sealed class StageSelectionEventHandler : CategoryHandler
{
    private const string Host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    private readonly StageSelectionHandler _routing = new();

    public override string Category => _routing.Category;

    public override IReadOnlySet<string> InputFields => _routing.InputFields;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        var outcome = _routing.Execute(data, unhandled);
        if (data["expect"] is JsonObject expect && expect["event"] is JsonObject assertions)
        {
            outcome["event"] = CaptureEvent(data) is { } eventJson
                ? EventAssertions.EvaluateFlat(assertions, eventJson)
                : new JsonObject { ["(integration)"] = "not invoked: the dispatcher answered the request itself" };
        }

        return outcome;
    }

    /// <summary>Serves the case's request through the dispatcher; the event the function got, or <see langword="null"/>.</summary>
    private static JsonNode? CaptureEvent(JsonObject data)
    {
        JsonNode? captured = null;
        var integration = new LambdaIntegration((input, _) =>
        {
            captured = JsonNode.Parse(input);
            return ValueTask.FromResult<Stream>(new MemoryStream("{\"statusCode\":200}"u8.ToArray()));
        });

        var definition = new HttpApiDefinition();
        definition.Integrations.Add("fn", new IntegrationDefinition { Integration = integration });
        foreach (string routeKey in RequireStrings(data, "routes"))
        {
            definition.Routes.Add(new RouteDefinition { RouteKey = routeKey, IntegrationId = "fn" });
        }

        var api = new HttpApi(definition);
        foreach (var node in data["stages"]!.AsArray())
        {
            var stage = node!.AsObject();
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            if (stage["stageVariables"] is JsonObject values)
            {
                foreach (var (name, value) in values)
                {
                    variables[name] = ConformanceJson.AsString(value) ?? throw new InvalidDataException($"stageVariables.{name} is not a string");
                }
            }

            api.AddStage(new Stage { Name = RequireString(stage, "name", "stages[]"), StageVariables = variables, AutoDeploy = true });
        }

        var request = RequireObject(data, "request");
        var gatewayRequest = new GatewayRequest
        {
            Method = RequireString(request, "method", "request"),
            RawTarget = RequireString(request, "path", "request"),
            Headers = [new("Host", Host)],
        };
        var response = new HttpApiDispatcher(api).DispatchAsync(gatewayRequest).AsTask().GetAwaiter().GetResult();
        return response.StatusCode == 200 ? captured : null;
    }
}
