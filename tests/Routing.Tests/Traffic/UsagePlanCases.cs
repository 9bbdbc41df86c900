using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Integrations.Lambda;
using Routing.Pipeline;
using Routing.Tests.Conformance;
using Routing.Traffic;

namespace Routing.Tests.Traffic;

/// <summary>
/// Runs a <c>usage-plans</c> case. The corpus states REST APIs; the library offers keys and plans on HTTP APIs, so each
/// REST method becomes the HTTP route <c>METHOD /resource/path</c> (same key requirement, a Lambda authorizer for
/// <c>CUSTOM</c>) on the same stages, and the keys, plans and plan keys go into one <see cref="UsagePlanStore"/> on a
/// fake clock. An answer only REST APIs give (403 Missing Authentication Token) is reported as not run.
/// </summary>
internal static class UsagePlanCases
{
    private static readonly HashSet<string> CaseFields = new(StringComparer.Ordinal)
    {
        "id", "title", "confidence", "sources", "notes", "alternatives", "kind", "expect", "responses", "restApis", "apiKeys", "usagePlans",
        "usagePlanKeys", "clockStart", "steps", "input", "inputs", "imports",
    };

    public static ConformanceVerdict Run(ConformanceCase testCase)
    {
        var data = testCase.Data;
        var unhandled = TrafficCorpus.UnhandledInput(data, CaseFields);

        var clock = new FakeTimeProvider(DateTimeOffset.Parse((string?)data["clockStart"] ?? "2026-03-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new UsagePlanStore(clock);
        string? kind = (string?)data["kind"];
        var differences = new List<string>();
        JsonNode? actual;
        switch (kind)
        {
            case null:
                Populate(store, data, withKeys: true);
                actual = RunSteps(data, store, clock, unhandled, differences);
                break;
            case "createApiKey":
                var inputs = data["inputs"] as JsonArray ?? [new JsonObject { ["input"] = data["input"]?.DeepClone(), ["expect"] = data["expect"]?.DeepClone() }];
                var results = new JsonArray();
                foreach (var item in inputs.OfType<JsonObject>())
                {
                    var result = CreateKey(store, item["input"] as JsonObject ?? []);
                    results.Add(result);
                    TrafficCorpus.Compare("createApiKey: ", item["expect"] as JsonObject ?? [], result, differences);
                }

                actual = results;
                break;
            case "importApiKeys":
                Populate(store, data, withKeys: false);
                actual = Import(store, data);
                TrafficCorpus.Compare("importApiKeys: ", data["expect"] as JsonObject ?? [], (JsonObject)actual, differences);
                break;
            case "createUsagePlanKey":
                Populate(store, data, withKeys: true);
                actual = CreatePlanKey(store, data["input"] as JsonObject ?? []);
                TrafficCorpus.Compare("createUsagePlanKey: ", data["expect"] as JsonObject ?? [], (JsonObject)actual, differences);
                break;
            default:
                return ConformanceVerdict.Skip($"{testCase.Id}: kind '{kind}' is not known to the usage-plans runner");
        }

        return TrafficCorpus.Verdict(testCase, differences, unhandled, actual);
    }

    private static void Populate(UsagePlanStore store, JsonObject data, bool withKeys)
    {
        if (withKeys)
        {
            foreach (var key in (data["apiKeys"] as JsonArray ?? []).OfType<JsonObject>())
            {
                store.AddApiKey(new ApiKey { Id = (string)key["id"]!, Value = (string)key["value"]!, Name = (string?)key["name"], Enabled = (bool?)key["enabled"] ?? false });
            }
        }

        foreach (var plan in (data["usagePlans"] as JsonArray ?? []).OfType<JsonObject>())
        {
            store.AddUsagePlan(new UsagePlan
            {
                Id = (string)plan["id"]!,
                Name = (string?)plan["name"],
                CreatedAt = (string?)plan["createdAt"] is { } created ? DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture) : null,
                Throttle = Throttle(plan["throttle"]),
                Quota = plan["quota"] is JsonObject quota
                    ? new QuotaSettings((int)quota["limit"]!, Enum.Parse<QuotaPeriod>((string)quota["period"]!, ignoreCase: true), (int?)quota["offset"] ?? 0)
                    : null,
                ApiStages = [.. (plan["apiStages"] as JsonArray ?? []).OfType<JsonObject>().Select(static s => new UsagePlanApiStage
                {
                    ApiId = (string)s["apiId"]!,
                    Stage = (string)s["stage"]!,
                    Throttle = (s["throttle"] as JsonObject ?? []).ToDictionary(static t => t.Key, static t => Throttle(t.Value)!, StringComparer.Ordinal),
                })],
            });
        }

        if (withKeys)
        {
            foreach (var planKey in (data["usagePlanKeys"] as JsonArray ?? []).OfType<JsonObject>())
            {
                store.AddUsagePlanKey((string)planKey["usagePlanId"]!, (string)planKey["keyId"]!);
            }
        }
    }

    private static ThrottleLimits? Throttle(JsonNode? node) =>
        node is JsonObject throttle ? new ThrottleLimits((double)throttle["rateLimit"]!, (int)throttle["burstLimit"]!) : null;

    private static JsonArray RunSteps(JsonObject data, UsagePlanStore store, FakeTimeProvider clock, List<string> unhandled, List<string> differences)
    {
        JsonObject? authorizerResult = null;
        var apis = Apis(data, store, clock, () => authorizerResult, unhandled);
        var responses = data["responses"] as JsonObject ?? [];
        var outcomes = new JsonArray();
        var steps = data["steps"] as JsonArray ?? [];
        for (int s = 0; s < steps.Count; s++)
        {
            var step = (JsonObject)steps[s]!;
            var at = DateTimeOffset.Parse((string)step["at"]!, System.Globalization.CultureInfo.InvariantCulture);
            if (at > clock.GetUtcNow())
            {
                clock.SetUtcNow(at);
            }

            if (step["updateUsage"] is JsonObject update)
            {
                foreach (var patch in (update["patch"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if ((string?)patch["path"] == "/remaining")
                    {
                        store.UpdateRemaining((string)update["usagePlanId"]!, (string)update["keyId"]!, long.Parse((string)patch["value"]!, System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        unhandled.Add($"steps[{s}]: updateUsage path {patch["path"]} is not handled by the runner");
                    }
                }

                continue;
            }

            if (step["getUsage"] is JsonObject query)
            {
                var usage = Usage(store, query);
                outcomes.Add(usage);
                TrafficCorpus.Compare($"steps[{s}] getUsage: ", step["expect"] as JsonObject ?? [], usage, differences);
                continue;
            }

            var request = (JsonObject)step["request"]!;
            authorizerResult = request["authorizerResult"] as JsonObject;
            string path = (string)request["path"]!;
            var api = apis.Values.First();
            var headers = (request["headers"] as JsonObject ?? []).Select(static h => KeyValuePair.Create(h.Key, (string)h.Value!)).ToList();
            int repeat = (int?)step["repeat"] ?? 1;
            var expected = step["expect"] as JsonArray ?? [];
            for (int r = 0; r < repeat; r++)
            {
                var response = new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = (string)request["method"]!, RawTarget = path, Headers = headers })
                    .AsTask().GetAwaiter().GetResult();
                string token = ThrottlingCases.Token(response, responses);
                response.DisposeAsync().AsTask().GetAwaiter().GetResult();
                outcomes.Add(token);
                string? wanted = r < expected.Count ? (string?)expected[r] : null;
                if (wanted == "missingAuthenticationToken")
                {
                    unhandled.Add($"steps[{s}] expects REST's 403 Missing Authentication Token for a method that does not exist; HTTP APIs answer 404");
                }
                else if (wanted != token)
                {
                    differences.Add($"steps[{s}] at {step["at"]} {request["method"]} {path} #{r + 1}: expected {wanted}, got {token}");
                }
            }
        }

        return outcomes;
    }

    /// <summary>The REST APIs as HTTP APIs: a route per method, a Lambda authorizer for CUSTOM methods that answers what the step says.</summary>
    private static Dictionary<string, HttpApi> Apis(JsonObject data, UsagePlanStore store, FakeTimeProvider clock, Func<JsonObject?> authorizerResult, List<string> unhandled)
    {
        var apis = new Dictionary<string, HttpApi>(StringComparer.Ordinal);
        var functions = new LambdaFunctionRegistry().Add("authorizer", LambdaFunction.FromStream((_, _) =>
        {
            var result = authorizerResult();
            var answer = new JsonObject
            {
                ["principalId"] = (string?)result?["principalId"] ?? "anonymous",
                ["policyDocument"] = JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}]}"""),
            };
            if ((string?)result?["usageIdentifierKey"] is { } key)
            {
                answer["usageIdentifierKey"] = key;
            }

            return ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(answer.ToJsonString())));
        }));
        foreach (var rest in (data["restApis"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string apiId = (string)rest["restApiId"]!;
            var definition = new HttpApiDefinition { ApiKeySource = (string?)rest["apiKeySource"] == "AUTHORIZER" ? ApiKeySource.Authorizer : ApiKeySource.Header };
            definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200, "ok") };
            definition.Authorizers["authorizer"] = new LambdaAuthorizerDefinition { AuthorizerUri = "authorizer", IdentitySource = [], PayloadFormatVersion = PayloadFormatVersion.V1 };
            foreach (var method in (rest["methods"] as JsonArray ?? []).OfType<JsonObject>())
            {
                string type = (string?)method["authorizationType"] ?? "NONE";
                if (type is not ("NONE" or "CUSTOM"))
                {
                    unhandled.Add($"method authorizationType '{type}' is not handled by the runner");
                }

                definition.Routes.Add(new RouteDefinition
                {
                    RouteKey = $"{method["httpMethod"]} {method["resourcePath"]}",
                    IntegrationId = "mock",
                    ApiKeyRequired = (bool?)method["apiKeyRequired"] ?? false,
                    AuthorizationType = type == "CUSTOM" ? AuthorizationType.Custom : AuthorizationType.None,
                    AuthorizerId = type == "CUSTOM" ? "authorizer" : null,
                });
            }

            var api = new HttpApi(definition, new HttpApiOptions
            {
                TimeProvider = clock,
                UsagePlans = store,
                FunctionResolver = functions,
                Identity = new ApiIdentity(apiId, "123456789012", $"{apiId}.execute-api.us-east-1.amazonaws.com"),
            });
            foreach (var stage in (rest["stages"] as JsonArray ?? []).Select(static s => (string?)s))
            {
                api.AddStage(new Stage { Name = stage!, AutoDeploy = true });
            }

            apis[apiId] = api;
        }

        return apis;
    }

    private static JsonObject Usage(UsagePlanStore store, JsonObject query)
    {
        string keyId = (string)query["keyId"]!;
        var records = store.GetUsage((string)query["usagePlanId"]!, keyId, DateOnly.Parse((string)query["startDate"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse((string)query["endDate"]!, System.Globalization.CultureInfo.InvariantCulture));
        var days = new JsonArray();
        foreach (var record in records)
        {
            days.Add(new JsonArray(record.Used, record.Remaining));
        }

        return new JsonObject { ["items"] = new JsonObject { [keyId] = days } };
    }

    private static JsonObject CreateKey(UsagePlanStore store, JsonObject input)
    {
        try
        {
            var key = store.CreateApiKey((string?)input["name"], (string?)input["value"], (bool?)input["enabled"] ?? false, (string?)input["description"]);
            return new JsonObject
            {
                ["valid"] = true,
                ["key"] = new JsonObject { ["name"] = key.Name, ["enabled"] = key.Enabled, ["value"] = key.Value },
                ["valueLength"] = key.Value.Length,
            };
        }
        catch (ArgumentException e)
        {
            return TrafficCorpus.Refusal(e.Message);
        }
    }

    private static JsonObject Import(UsagePlanStore store, JsonObject data)
    {
        int warnings = 0;
        foreach (var import in (data["imports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            try
            {
                warnings += store.ImportApiKeys((string)import["body"]!, (bool?)import["failOnWarnings"] ?? false).Warnings.Count;
            }
            catch (ArgumentException)
            {
                warnings++;
            }
        }

        var keys = new JsonArray();
        foreach (var key in store.ApiKeys.OrderBy(static k => k.Value, StringComparer.Ordinal))
        {
            keys.Add(new JsonObject
            {
                ["value"] = key.Value,
                ["name"] = key.Name,
                ["enabled"] = key.Enabled,
                ["description"] = key.Description,
                ["usagePlanIds"] = new JsonArray([.. store.UsagePlansOf(key.Id).Select(static p => (JsonNode?)p)]),
            });
        }

        return new JsonObject { ["warnings"] = warnings, ["keys"] = keys };
    }

    private static JsonObject CreatePlanKey(UsagePlanStore store, JsonObject input)
    {
        if ((string?)input["keyType"] is { } type && type != "API_KEY")
        {
            return new JsonObject { ["valid"] = false, ["error"] = "BadRequestException", ["message"] = $"keyType '{type}' is not API_KEY" };
        }

        try
        {
            store.AddUsagePlanKey((string)input["usagePlanId"]!, (string)input["keyId"]!);
            return new JsonObject { ["valid"] = true };
        }
        catch (ArgumentException e)
        {
            return TrafficCorpus.Refusal(e.Message);
        }
    }

}
