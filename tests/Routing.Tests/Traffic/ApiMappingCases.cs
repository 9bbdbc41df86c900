using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Domains;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.Pipeline;
using Routing.Tests.Conformance;

namespace Routing.Tests.Traffic;

/// <summary>
/// Runs an <c>api-mappings</c> case: the APIs (every route a function that keeps its event), the custom domains, and
/// the request through an <see cref="ApiGatewayHost"/>; the event is checked at the pointers the case names, in 2.0
/// and, for <c>eventV1</c>, again with payload 1.0.
/// </summary>
internal static class ApiMappingCases
{
    private static readonly HashSet<string> CaseFields = new(StringComparer.Ordinal)
    {
        "id", "title", "confidence", "sources", "notes", "alternatives", "kind", "expect", "responses", "region", "apis", "domains", "request", "input", "at",
    };

    public static ConformanceVerdict Run(ConformanceCase testCase)
    {
        var data = testCase.Data;
        var unhandled = TrafficCorpus.UnhandledInput(data, CaseFields);

        var expect = data["expect"] as JsonObject ?? [];
        JsonObject actual;
        switch ((string?)data["kind"])
        {
            case "createApiMapping":
                actual = CreateMapping(data, unhandled);
                break;
            case null:
                actual = Dispatch(data, PayloadFormatVersion.V2, unhandled, out var event2);
                if (expect["event"] is JsonObject)
                {
                    actual["event"] = Pointers(expect["event"] as JsonObject, event2);
                }

                if (expect["eventV1"] is JsonObject pointers)
                {
                    _ = Dispatch(data, PayloadFormatVersion.V1, unhandled, out var event1);
                    actual["eventV1"] = Pointers(pointers, event1);
                }

                break;
            default:
                return ConformanceVerdict.Skip($"{testCase.Id}: kind '{data["kind"]}' is not known to the api-mappings runner");
        }

        var differences = new List<string>();
        TrafficCorpus.Compare(string.Empty, expect, actual, differences);

        return TrafficCorpus.Verdict(testCase, differences, unhandled, actual);
    }

    private static (ApiGatewayHost Host, Dictionary<string, HttpApi> Apis, Dictionary<string, (X509Certificate2 Certificate, RSA Key)> Authorities) Build(JsonObject data, PayloadFormatVersion version, List<string> unhandled, List<JsonNode?> events)
    {
        var clock = new FakeTimeProvider((string?)data["at"] is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow);
        var host = new ApiGatewayHost((string?)data["region"] ?? "us-east-1", clock);
        var authorities = new Dictionary<string, (X509Certificate2 Certificate, RSA Key)>(StringComparer.Ordinal);
        var apis = new Dictionary<string, HttpApi>(StringComparer.Ordinal);
        foreach (var node in (data["apis"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string apiId = (string)node["apiId"]!;
            if ((string?)node["protocolType"] is not (null or "HTTP"))
            {
                unhandled.Add($"api {apiId} has protocolType {node["protocolType"]}, which is not built yet");
                continue;
            }

            var function = LambdaFunction.FromStream((input, _) =>
            {
                events.Add(JsonNode.Parse(input));
                return ValueTask.FromResult<Stream>(new MemoryStream("""{"statusCode":200,"body":"ok"}"""u8.ToArray()));
            });
            var definition = new HttpApiDefinition();
            definition.Integrations["fn"] = new IntegrationDefinition { Integration = new LambdaIntegration(function, version) };
            foreach (var route in (node["routes"] as JsonArray ?? []).Select(static r => (string?)r))
            {
                definition.Routes.Add(new RouteDefinition { RouteKey = route!, IntegrationId = "fn" });
            }

            var api = new HttpApi(definition, new HttpApiOptions
            {
                Identity = new ApiIdentity(apiId, "123456789012", $"{apiId}.execute-api.{host.Region}.amazonaws.com") { Region = host.Region },
            });
            foreach (var stage in (node["stages"] as JsonArray ?? []).Select(static s => (string?)s))
            {
                api.AddStage(new Stage { Name = stage!, AutoDeploy = true });
            }

            host.AddApi(api, (bool?)node["disableExecuteApiEndpoint"] ?? false);
            apis[apiId] = api;
        }

        foreach (var domain in (data["domains"] as JsonArray ?? []).OfType<JsonObject>())
        {
            host.AddDomain(new CustomDomainName
            {
                MutualTlsAuthentication = domain["mutualTlsAuthentication"]?["truststore"] is JsonArray truststore
                    ? new MutualTlsAuthentication { Truststore = [.. truststore.OfType<JsonObject>().Select(c => Certificates.Authority(c, authorities).Certificate)] }
                    : null,
                DomainName = (string)domain["domainName"]!,
                ApiMappings = [.. (domain["apiMappings"] as JsonArray ?? []).OfType<JsonObject>().Select(static m => new ApiMapping
                {
                    ApiMappingKey = (string?)m["apiMappingKey"] ?? string.Empty,
                    ApiId = (string)m["apiId"]!,
                    Stage = (string)m["stage"]!,
                })],
            });
        }

        return (host, apis, authorities);
    }

    private static JsonObject Dispatch(JsonObject data, PayloadFormatVersion version, List<string> unhandled, out JsonNode? captured)
    {
        var events = new List<JsonNode?>();
        var (host, _, authorities) = Build(data, version, unhandled, events);
        var request = (JsonObject)data["request"]!;
        using var certificate = request["clientCertificate"] is JsonObject described ? Certificates.Client(described, authorities) : null;
        var context = host.ServeAsync(new GatewayRequest
        {
            Method = (string)request["method"]!,
            RawTarget = (string)request["target"]!,
            Headers = [new("Host", (string)request["host"]!)],
            ClientCertificate = certificate,
        }).AsTask().GetAwaiter().GetResult();
        captured = events.Count > 0 ? events[^1] : null;
        if (context is null)
        {
            return new JsonObject { ["result"] = "unmatchedHost" };
        }

        var response = context.Response!;
        string token = ThrottlingCases.Token(response, data["responses"] as JsonObject ?? []);
        response.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (context.RouteKey is null || response.StatusCode != 200)
        {
            return new JsonObject { ["result"] = "rejected", ["response"] = token };
        }

        var parameters = context.IntegrationRequest?.PathParameters;
        var outcome = new JsonObject
        {
            ["result"] = "dispatched",
            ["apiId"] = context.Api.ApiId,
            ["stage"] = context.Stage,
            ["routingPath"] = context.IntegrationRequest?.RoutingPath,
            ["routeKey"] = context.RouteKey.Value,
            ["basePathMatched"] = context.BasePathMatched ?? "-",
        };
        if (parameters is { Count: > 0 })
        {
            outcome["pathParameters"] = new JsonObject(parameters.Select(static p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        // Members the case does not state are not compared (the runner copies only what expect names).
        if (data["expect"] is JsonObject expect)
        {
            foreach (string optional in (string[])["routeKey", "pathParameters", "basePathMatched"])
            {
                if (!expect.ContainsKey(optional))
                {
                    outcome.Remove(optional);
                }
            }
        }

        return outcome;
    }

    private static JsonObject CreateMapping(JsonObject data, List<string> unhandled)
    {
        var (host, _, _) = Build(data, PayloadFormatVersion.V2, unhandled, []);
        var input = (JsonObject)data["input"]!;
        try
        {
            host.AddApiMapping((string)input["domainName"]!, new ApiMapping
            {
                ApiMappingKey = (string?)input["apiMappingKey"] ?? string.Empty,
                ApiId = (string)input["apiId"]!,
                Stage = (string)input["stage"]!,
            });
            return new JsonObject { ["valid"] = true };
        }
        catch (ArgumentException e)
        {
            return TrafficCorpus.Refusal(e.Message);
        }
    }

    private static JsonObject Pointers(JsonObject? pointers, JsonNode? captured)
    {
        var values = new JsonObject();
        foreach (var (pointer, _) in pointers ?? [])
        {
            JsonNode? node = captured;
            foreach (string token in pointer.Split('/').Skip(1))
            {
                node = node?[token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            values[pointer] = node?.DeepClone();
        }

        return values;
    }
}
