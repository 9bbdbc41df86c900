using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routing.Apis;
using Routing.Cors;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Pipeline;
using Routing.Tests.Apis;

namespace Routing.Tests.Conformance;

/// <summary>
/// <c>cors</c>: an <see cref="HttpApi"/> built from the case (its <c>corsConfiguration</c>, its routes on one
/// integration that answers <c>integrationResponse</c>, an auto-deploying <c>$default</c> stage), served through the
/// real <see cref="HttpApiDispatcher"/>. Configuration-validation cases (<c>request: null</c>) only validate.
/// </summary>
/// <remarks>
/// <para><c>JWT</c> routes name one JWT authorizer (issuer <c>https://issuer.example</c>, audience <c>x</c>). The cases
/// only send token-less requests, which a JWT authorizer rejects with 401 from the request alone, before any key is
/// fetched; a dispatch that does not finish within <see cref="DispatchLimit"/> (an authorizer reaching for the network)
/// makes the case throw.</para>
/// <para><c>handledBy</c> is read from what happened: the integration ran (<c>integration</c>); the gateway's 401/403
/// (<c>authorizer_rejected</c>); its 404 <c>Not Found</c> (<c>gateway_not_found</c>); a 204 to a preflight with CORS
/// configured and no integration run (<c>gateway_preflight</c>).</para>
/// </remarks>
internal sealed class CorsHandler : CategoryHandler
{
    /// <summary>The id of the JWT authorizer that <c>JWT</c> routes name.</summary>
    public const string AuthorizerId = "jwt";

    /// <summary>The longest a case's dispatch may take.</summary>
    public static readonly TimeSpan DispatchLimit = TimeSpan.FromSeconds(10);

    private const string IntegrationId = "backend";
    private const string RefusalError = "BadRequestException";

    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal) { "cors", "routes", "request", "integrationResponse" };
    private static readonly HashSet<string> CorsFields = new(StringComparer.Ordinal)
    {
        "allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials",
    };

    private static readonly HashSet<string> RouteFields = new(StringComparer.Ordinal) { "routeKey", "authorizationType" };
    private static readonly HashSet<string> RequestFields = new(StringComparer.Ordinal) { "method", "path", "headers" };
    private static readonly HashSet<string> ResponseFields = new(StringComparer.Ordinal) { "status", "headers", "body" };

    public override string Category => "cors";

    public override IReadOnlySet<string> InputFields => Inputs;

    /// <summary>The JWT authorizer that <c>JWT</c> routes name.</summary>
    public static JwtAuthorizerDefinition Authorizer { get; } = new() { Issuer = "https://issuer.example", Audiences = ["x"] };

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        var integration = new CountingIntegration(ReadIntegration(data, unhandled));
        var definition = new HttpApiDefinition { Cors = ReadCors(data, unhandled) };
        definition.Integrations.Add(IntegrationId, new IntegrationDefinition { Integration = integration });
        AddRoutes(definition, data, unhandled);

        var errors = definition.Validate();
        if (data["request"] is not JsonObject requestObject)
        {
            if (data["request"] is not null)
            {
                throw new InvalidDataException($"'request' is {ConformanceJson.Show(data["request"])}, neither an object nor null");
            }

            return errors.Count == 0
                ? new JsonObject { ["configValid"] = true }
                : new JsonObject
                {
                    ["configValid"] = false,
                    ["error"] = RefusalError,
                    ["message"] = string.Join(" | ", errors.Select(static e => e.Message)),
                };
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException($"the case's API does not deploy: {string.Join(" | ", errors)}");
        }

        var request = ReadRequest(requestObject, unhandled);
        var api = new HttpApi(definition);
        api.AddStage(new Stage { Name = StageSelector.DefaultStageName, AutoDeploy = true });
        var dispatch = new HttpApiDispatcher(api).DispatchAsync(request).AsTask();
        if (!dispatch.Wait(DispatchLimit))
        {
            throw new TimeoutException($"the dispatch did not finish within {DispatchLimit.TotalSeconds} s (did an authorizer fetch keys for a token-less request?)");
        }

        var response = dispatch.Result;
        bool preflight = definition.Cors is not null && CorsPolicy.IsPreflight(request);
        return Describe(response, RequireObject(data, "expect"), integration.Calls > 0, preflight);
    }

    private static CorsConfiguration? ReadCors(JsonObject data, List<string> unhandled)
    {
        if (data["cors"] is null)
        {
            return null;
        }

        var cors = data["cors"] as JsonObject ?? throw new InvalidDataException($"'cors' is {ConformanceJson.Show(data["cors"])}, neither an object nor null");
        NoteUnknownKeys(cors, "cors", CorsFields, unhandled);
        return new CorsConfiguration
        {
            AllowOrigins = cors.ContainsKey("allowOrigins") ? RequireStrings(cors, "allowOrigins") : [],
            AllowMethods = cors.ContainsKey("allowMethods") ? RequireStrings(cors, "allowMethods") : [],
            AllowHeaders = cors.ContainsKey("allowHeaders") ? RequireStrings(cors, "allowHeaders") : [],
            ExposeHeaders = cors.ContainsKey("exposeHeaders") ? RequireStrings(cors, "exposeHeaders") : [],
            MaxAge = cors["maxAge"]?.GetValue<int>(),
            AllowCredentials = cors["allowCredentials"]?.GetValue<bool>() ?? false,
        };
    }

    private static void AddRoutes(HttpApiDefinition definition, JsonObject data, List<string> unhandled)
    {
        if (data["routes"] is not JsonArray routes)
        {
            throw new InvalidDataException("'routes' is missing or not an array");
        }

        foreach (var node in routes)
        {
            var route = node as JsonObject ?? throw new InvalidDataException($"route {ConformanceJson.Show(node)} is not an object");
            NoteUnknownKeys(route, "routes[]", RouteFields, unhandled);
            string routeKey = RequireString(route, "routeKey", "routes[]");
            string type = ConformanceJson.AsString(route["authorizationType"]) ?? "NONE";
            switch (type)
            {
                case "NONE":
                    definition.Routes.Add(new RouteDefinition { RouteKey = routeKey, IntegrationId = IntegrationId });
                    break;
                case "JWT":
                    definition.Authorizers.TryAdd(AuthorizerId, Authorizer);
                    definition.Routes.Add(new RouteDefinition
                    {
                        RouteKey = routeKey,
                        IntegrationId = IntegrationId,
                        AuthorizationType = AuthorizationType.Jwt,
                        AuthorizerId = AuthorizerId,
                    });
                    break;
                default:
                    unhandled.Add($"routes[].authorizationType '{type}' has no counterpart in {nameof(AuthorizationType)}");
                    definition.Routes.Add(new RouteDefinition { RouteKey = routeKey, IntegrationId = IntegrationId });
                    break;
            }
        }
    }

    private static MockIntegration ReadIntegration(JsonObject data, List<string> unhandled)
    {
        if (data["integrationResponse"] is not JsonObject response)
        {
            return new MockIntegration(200, string.Empty, []);
        }

        NoteUnknownKeys(response, "integrationResponse", ResponseFields, unhandled);
        int status = response["status"]?.GetValue<int>() ?? 200;
        string body = ConformanceJson.AsString(response["body"]) ?? string.Empty;
        return new MockIntegration(status, body, ReadHeaderMap(response["headers"], "integrationResponse.headers"));
    }

    private static GatewayRequest ReadRequest(JsonObject request, List<string> unhandled)
    {
        NoteUnknownKeys(request, "request", RequestFields, unhandled);
        return new GatewayRequest
        {
            Method = RequireString(request, "method", "request"),
            RawTarget = RequireString(request, "path", "request"),
            Headers = ReadHeaderMap(request["headers"], "request.headers"),
        };
    }

    private static List<KeyValuePair<string, string>> ReadHeaderMap(JsonNode? node, string where)
    {
        if (node is null)
        {
            return [];
        }

        var map = node as JsonObject ?? throw new InvalidDataException($"'{where}' is {ConformanceJson.Show(node)}, not an object");
        return [.. map.Select(pair => new KeyValuePair<string, string>(
            pair.Key,
            ConformanceJson.AsString(pair.Value) ?? throw new InvalidDataException($"'{where}.{pair.Key}' is not a string")))];
    }

    /// <summary>The response in the shape of the case's <c>expect</c>.</summary>
    private static JsonObject Describe(GatewayResponse response, JsonObject expect, bool invoked, bool preflight)
    {
        var actual = new JsonObject
        {
            ["handledBy"] = HandledBy(response, invoked, preflight),
            ["integrationInvoked"] = invoked,
            ["status"] = response.StatusCode,
        };

        if (expect["headers"] is JsonObject headers)
        {
            actual["headers"] = ResponseHeaderLines.DescribeSingle(response, headers);
        }

        if (expect["headerLists"] is JsonObject headerLists)
        {
            var lists = new JsonObject();
            foreach (var (name, expected) in headerLists)
            {
                lists[name] = DescribeList(response, name, expected as JsonArray);
            }

            actual["headerLists"] = lists;
        }

        if (expect["headersAbsent"] is JsonArray absent)
        {
            actual["headersAbsent"] = new JsonArray([.. absent
                .Select(ConformanceJson.AsString)
                .OfType<string>()
                .Select(name => JsonValue.Create(response.GetHeader(name) is { } value ? $"{name} (present: {value})" : name))]);
        }

        if (expect["body"] is JsonObject body)
        {
            actual["body"] = DescribeBody(response.Body.ToArray(), body);
        }

        return actual;
    }

    private static string HandledBy(GatewayResponse response, bool invoked, bool preflight)
    {
        if (invoked)
        {
            return "integration";
        }

        string? message = ErrorMessage(response);
        return (response.StatusCode, message) switch
        {
            (401, "Unauthorized") or (403, "Forbidden") => "authorizer_rejected",
            (404, "Not Found") => "gateway_not_found",
            (204, null) when preflight => "gateway_preflight",
            _ => $"unrecognized (status {response.StatusCode}, message {message ?? "none"})",
        };
    }

    private static string? ErrorMessage(GatewayResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(response.Body.Span)?["message"] is JsonValue value && value.TryGetValue(out string? message) ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The expected list itself when the header's tokens equal it (case-insensitive, any order); else what we sent.</summary>
    private static JsonNode? DescribeList(GatewayResponse response, string name, JsonArray? expected)
    {
        var lines = ResponseHeaderLines.Lines(response, name);
        if (lines.Count == 0)
        {
            return null;
        }

        var tokens = lines
            .SelectMany(static line => line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var wanted = expected?.Select(ConformanceJson.AsString).ToList();
        bool same = wanted is not null
            && wanted.All(static w => w is not null)
            && tokens.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(wanted.Order(StringComparer.OrdinalIgnoreCase)!, StringComparer.OrdinalIgnoreCase);
        return same ? expected!.DeepClone() : new JsonArray([.. tokens.Select(static t => JsonValue.Create(t))]);
    }

    private static JsonObject DescribeBody(byte[] bytes, JsonObject expected)
    {
        if (expected.ContainsKey("json"))
        {
            try
            {
                return new JsonObject { ["json"] = JsonNode.Parse(bytes) };
            }
            catch (JsonException)
            {
                return new JsonObject { ["text (not JSON)"] = Encoding.UTF8.GetString(bytes) };
            }
        }

        return expected.ContainsKey("base64")
            ? new JsonObject { ["base64"] = Convert.ToBase64String(bytes) }
            : new JsonObject { ["text"] = Encoding.UTF8.GetString(bytes) };
    }


    /// <summary>Counts the calls that reach the integration.</summary>
    private sealed class CountingIntegration(IIntegration inner) : IIntegration
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.InvokeAsync(request, cancellationToken);
        }
    }
}
