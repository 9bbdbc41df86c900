using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Pipeline;
using Routing.Tests.Conformance;
using Routing.Traffic;

namespace Routing.Tests.Traffic;

/// <summary>
/// Runs a <c>throttling</c> case: the APIs with a mock integration on every route and the stages' throttle settings,
/// one shared account throttle, a fake clock set to each step's <c>t</c>, and the requests through each API's dispatcher.
/// A REST API's methods and <c>methodSettings</c> run as HTTP routes and route settings, as the library offers them.
/// </summary>
internal static class ThrottlingCases
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> CaseFields = new(StringComparer.Ordinal)
    {
        "id", "title", "confidence", "sources", "notes", "alternatives", "kind", "expect", "responses", "account", "apis", "steps",
    };

    public static ConformanceVerdict Run(ConformanceCase testCase)
    {
        var data = testCase.Data;
        var unhandled = TrafficCorpus.UnhandledInput(data, CaseFields);

        var clock = new FakeTimeProvider(Start);
        var account = data["account"] is JsonObject limits
            ? new AccountThrottle((double?)limits["throttlingRateLimit"] ?? AccountThrottle.DefaultRateLimit, (int?)limits["throttlingBurstLimit"] ?? AccountThrottle.DefaultBurstLimit)
            : new AccountThrottle();
        string? kind = (string?)data["kind"];
        if (kind is not (null or "config"))
        {
            return ConformanceVerdict.Skip($"{testCase.Id}: kind '{kind}' is not known to the throttling runner");
        }

        Dictionary<string, HttpApi> apis;
        try
        {
            apis = Build(data["apis"] as JsonArray ?? [], clock, account, unhandled);
        }
        catch (ArgumentException e) when (kind == "config")
        {
            var refused = Refusal(e.Message);
            var configDifferences = new List<string>();
            TrafficCorpus.Compare(string.Empty, data["expect"] as JsonObject ?? [], refused, configDifferences);
            return TrafficCorpus.Verdict(testCase, configDifferences, unhandled, refused);
        }

        if (unhandled.Count > 0)
        {
            return TrafficCorpus.Verdict(testCase, [], unhandled, null);
        }

        if (kind == "config")
        {
            var valid = new JsonObject { ["configValid"] = true };
            var validDifferences = new List<string>();
            TrafficCorpus.Compare(string.Empty, data["expect"] as JsonObject ?? [], valid, validDifferences);
            return TrafficCorpus.Verdict(testCase, validDifferences, unhandled, valid);
        }

        var responses = data["responses"] as JsonObject ?? [];
        var differences = new List<string>();
        var outcomes = new JsonArray();
        var steps = data["steps"] as JsonArray ?? [];
        for (int s = 0; s < steps.Count; s++)
        {
            var step = (JsonObject)steps[s]!;
            clock.SetUtcNow(Start.AddMilliseconds((double?)step["t"] ?? 0));
            var request = (JsonObject)step["request"]!;
            var api = (string?)request["apiId"] is { } apiId ? apis[apiId] : apis.Values.First();
            var dispatcher = new HttpApiDispatcher(api);
            int repeat = (int?)step["repeat"] ?? 1;
            var expected = step["expect"] as JsonArray ?? [];
            for (int r = 0; r < repeat; r++)
            {
                var response = dispatcher.DispatchAsync(new GatewayRequest
                {
                    Method = (string)request["method"]!,
                    RawTarget = (string)request["path"]!,
                    Headers = [new("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com")],
                }).AsTask().GetAwaiter().GetResult();
                response.DisposeAsync().AsTask().GetAwaiter().GetResult();
                string token = Token(response, responses);
                outcomes.Add(token);
                if (r < expected.Count && Differs(expected[r], response, token, responses) is { } difference)
                {
                    differences.Add($"steps[{s}] t={step["t"]} {request["method"]} {request["path"]} #{r + 1}: {difference}");
                }
            }

            if (expected.Count != repeat)
            {
                differences.Add($"steps[{s}] lists {expected.Count} outcomes for {repeat} requests");
            }
        }

        return TrafficCorpus.Verdict(testCase, differences, unhandled, outcomes);
    }

    private static Dictionary<string, HttpApi> Build(JsonArray apis, FakeTimeProvider clock, AccountThrottle account, List<string> unhandled)
    {
        var built = new Dictionary<string, HttpApi>(StringComparer.Ordinal);
        foreach (var node in apis.OfType<JsonObject>())
        {
            string apiId = (string?)node["apiId"] ?? "api";
            bool rest = (string?)node["protocolType"] is "REST";
            var definition = new HttpApiDefinition();
            definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200, "ok") };

            // A REST API's methods run as HTTP routes (as the usage-plans cases do): METHOD /resource/path.
            var routes = rest
                ? new JsonArray([.. (node["methods"] as JsonArray ?? []).OfType<JsonObject>().Select(static m => (JsonNode?)$"{m["httpMethod"]} {m["resourcePath"]}")])
                : node["routes"] as JsonArray ?? [];
            foreach (var route in routes)
            {
                if (route is JsonObject withAuthorization)
                {
                    string type = (string?)withAuthorization["authorizationType"] ?? "NONE";
                    if (type != "JWT")
                    {
                        unhandled.Add($"route authorizationType '{type}' is not handled by the runner");
                    }

                    definition.Authorizers["jwt"] = new JwtAuthorizerDefinition { Issuer = "https://issuer.invalid", Audiences = ["api"] };
                    definition.Routes.Add(new RouteDefinition
                    {
                        RouteKey = (string)withAuthorization["routeKey"]!,
                        IntegrationId = "mock",
                        AuthorizationType = AuthorizationType.Jwt,
                        AuthorizerId = "jwt",
                    });
                }
                else
                {
                    definition.Routes.Add(new RouteDefinition { RouteKey = (string)route!, IntegrationId = "mock" });
                }
            }

            var api = new HttpApi(definition, new HttpApiOptions
            {
                TimeProvider = clock,
                AccountThrottle = account,
                Identity = new ApiIdentity(apiId, "123456789012", $"{apiId}.execute-api.us-east-1.amazonaws.com"),
            });
            foreach (var stage in (node["stages"] as JsonArray ?? []).OfType<JsonObject>())
            {
                // A REST stage's methodSettings: "*/*" is the stage default, "~1pets/GET" the route GET /pets.
                var methodSettings = stage["methodSettings"] as JsonObject ?? [];
                api.AddStage(new Stage
                {
                    Name = (string)stage["stageName"]!,
                    AutoDeploy = true,
                    DefaultRouteSettings = Settings(stage["defaultRouteSettings"] ?? methodSettings["*/*"]),
                    RouteSettings = (stage["routeSettings"] as JsonObject ?? [])
                        .Concat(methodSettings.Where(static p => p.Key != "*/*").Select(static p => KeyValuePair.Create(RestMethodKey(p.Key), p.Value)))
                        .ToDictionary(static p => p.Key, static p => Settings(p.Value)!, StringComparer.Ordinal),
                });
            }

            built[apiId] = api;
        }

        return built;
    }

    /// <summary>A REST methodSettings key (<c>~1pets/GET</c>) as the route key of the method run as an HTTP route (<c>GET /pets</c>).</summary>
    private static string RestMethodKey(string key)
    {
        int slash = key.LastIndexOf('/');
        return $"{key[(slash + 1)..]} {key[..slash].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)}";
    }

    private static RouteSettings? Settings(JsonNode? node) => node is JsonObject settings
        ? new RouteSettings
        {
            ThrottlingRateLimit = (double?)settings["throttlingRateLimit"],
            ThrottlingBurstLimit = (int?)settings["throttlingBurstLimit"],
            DetailedMetricsEnabled = (bool?)settings["detailedMetricsEnabled"] ?? false,
        }
        : null;

    /// <summary>A refused configuration in the corpus's words: API Gateway's error class, from what our message names.</summary>
    private static JsonObject Refusal(string message)
    {
        bool notFound = message.StartsWith("Unable to find Route by key", StringComparison.Ordinal);
        return new JsonObject
        {
            ["configValid"] = false,
            ["error"] = notFound ? "NotFoundException" : "BadRequestException",
            ["status"] = notFound ? 404 : 400,
            ["message"] = message,
        };
    }

    /// <summary>The corpus's token for an answer: the entry of <c>responses</c> whose status and body it has.</summary>
    internal static string Token(GatewayResponse response, JsonObject responses)
    {
        foreach (var (token, node) in responses)
        {
            if (node is JsonObject shape && (int?)shape["status"] == response.StatusCode
                && (shape["body"]?["json"] is not { } json || JsonNode.DeepEquals(json, Parse(response.GetBodyText()))))
            {
                return token;
            }
        }

        return response.StatusCode.ToString(CultureInfo.InvariantCulture) + " " + response.GetBodyText();
    }

    private static string? Differs(JsonNode? expected, GatewayResponse response, string token, JsonObject responses)
    {
        switch (expected)
        {
            case JsonValue value when (string?)value is { } wanted:
                return wanted == token ? null : $"expected {wanted}, got {token}";
            case JsonObject shape:
                var problems = new List<string>();
                if ((int?)shape["status"] is { } status && status != response.StatusCode)
                {
                    problems.Add($"status {response.StatusCode}, expected {status}");
                }

                if (shape["body"]?["json"] is { } json && !JsonNode.DeepEquals(json, Parse(response.GetBodyText())))
                {
                    problems.Add($"body {response.GetBodyText()}, expected {json.ToJsonString()}");
                }

                foreach (var (name, value) in shape["headers"] as JsonObject ?? [])
                {
                    if (response.GetHeader(name) != (string?)value)
                    {
                        problems.Add($"header {name}: {response.GetHeader(name) ?? "absent"}, expected {value}");
                    }
                }

                foreach (string? name in (shape["headersPresent"] as JsonArray ?? []).Select(static n => (string?)n))
                {
                    if (response.GetHeader(name!) is null)
                    {
                        problems.Add($"header {name} absent");
                    }
                }

                foreach (string? name in (shape["headersAbsent"] as JsonArray ?? []).Select(static n => (string?)n))
                {
                    if (response.GetHeader(name!) is { } present)
                    {
                        problems.Add($"header {name} present ({present})");
                    }
                }

                return problems.Count == 0 ? null : string.Join(", ", problems);
            default:
                return $"cannot read the expectation {expected?.ToJsonString()}";
        }
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
