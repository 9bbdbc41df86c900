using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Routing.Definitions;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.Matching;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.Tests.Conformance;

/// <summary>
/// <c>payload-v2-event</c> / <c>payload-v1-event</c>: the case's request, stage, route and authorizer result become an
/// <see cref="IntegrationRequest"/> (route matching is not under test: the route's own key supplies the path
/// parameters), a raw <see cref="LambdaIntegration"/> is invoked with it and captures the event it sends, and the
/// JSON Pointer assertions are applied to that event.
/// </summary>
internal abstract class PayloadEventHandler : CategoryHandler
{
    /// <summary>The time used when a case gives no <c>receivedAt</c> (the 1.0 file does not).</summary>
    public static readonly DateTimeOffset DefaultReceivedAt = new(2026, 7, 10, 19, 19, 5, 766, TimeSpan.Zero);

    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal) { "api", "stage", "request", "route", "authorizerResult" };
    private static readonly HashSet<string> ApiFields = new(StringComparer.Ordinal) { "apiId", "accountId", "region", "domainName" };
    private static readonly HashSet<string> StageFields = new(StringComparer.Ordinal) { "name", "stageVariables" };
    private static readonly HashSet<string> RouteFields = new(StringComparer.Ordinal) { "routeKey", "authorizationType", "authorizationScopes" };
    private static readonly HashSet<string> RequestFields = new(StringComparer.Ordinal)
    {
        "method", "target", "headers", "body", "protocol", "sourceIp", "receivedAt",
    };

    private static readonly HashSet<string> AuthorizerFields = new(StringComparer.Ordinal) { "kind", "tokenClaims", "response" };

    protected abstract PayloadFormatVersion Version { get; }

    public override IReadOnlySet<string> InputFields => Inputs;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        var eventJson = CaptureEvent(BuildRequest(data, unhandled), Version);
        var expect = RequireObject(data, "expect");
        return EventAssertions.Evaluate(expect, eventJson);
    }

    /// <summary>Invokes a raw <see cref="LambdaIntegration"/> and returns the event its function received.</summary>
    public static JsonNode CaptureEvent(IntegrationRequest request, PayloadFormatVersion version)
    {
        JsonNode? captured = null;
        var integration = new LambdaIntegration(
            (input, _) =>
            {
                captured = JsonNode.Parse(input);
                return ValueTask.FromResult<Stream>(new MemoryStream("{\"statusCode\":200}"u8.ToArray()));
            },
            version);
        var response = integration.InvokeAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (response.StatusCode != 200)
        {
            throw new InvalidOperationException($"the capturing function's answer was mapped to {response.StatusCode} {response.GetBodyText()}");
        }

        return captured ?? throw new InvalidOperationException("the integration did not invoke the function");
    }

    private static IntegrationRequest BuildRequest(JsonObject data, List<string> unhandled)
    {
        var api = RequireObject(data, "api");
        NoteUnknownKeys(api, "api", ApiFields, unhandled);
        var stage = RequireObject(data, "stage");
        NoteUnknownKeys(stage, "stage", StageFields, unhandled);
        var route = RequireObject(data, "route");
        NoteUnknownKeys(route, "route", RouteFields, unhandled);
        var request = RequireObject(data, "request");
        NoteUnknownKeys(request, "request", RequestFields, unhandled);

        string method = RequireString(request, "method", "request");
        string target = RequireString(request, "target", "request");
        var status = RequestTarget.Parse(method, target, out string path, out string query);
        if (status != RequestTargetStatus.Ok)
        {
            throw new InvalidDataException($"request.target '{target}' is refused by the request-target pipeline ({status})");
        }

        int queryStart = target.IndexOf('?', StringComparison.Ordinal);
        string encodedPath = queryStart < 0 ? target : target[..queryStart];
        string stageName = RequireString(stage, "name", "stage");
        string routingPath = StripStage(path, stageName);

        var routeKey = RouteKey.Parse(RequireString(route, "routeKey", "route"));
        var table = RouteTable.Create([routeKey]);
        if (!table.TryMatch(method, routingPath, out var match))
        {
            throw new InvalidDataException($"route '{routeKey}' does not match {method} {routingPath}; the case's route and request disagree");
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (request["headers"] is JsonArray lines)
        {
            foreach (var line in lines)
            {
                if (line is not JsonArray { Count: 2 } pair || ConformanceJson.AsString(pair[0]) is not { } name || ConformanceJson.AsString(pair[1]) is not { } value)
                {
                    throw new InvalidDataException($"request.headers holds {ConformanceJson.Show(line)}, not a [name, value] pair");
                }

                headers.Add(new(name, value));
            }
        }

        return new IntegrationRequest
        {
            Method = method,
            Path = path,
            EncodedPath = encodedPath,
            RoutingPath = routingPath,
            RawQueryString = query,
            Headers = headers,
            Body = new MemoryStream(ReadBody(request["body"]), writable: false),
            RouteKey = routeKey,
            PathParameters = match.CreateParameterDictionary(),
            Stage = stageName,
            StageVariables = ReadStringMap(stage["stageVariables"], "stage.stageVariables"),
            RequestId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(11)),
            RequestTime = ConformanceJson.AsString(request["receivedAt"]) is { } receivedAt
                ? DateTimeOffset.Parse(receivedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
                : DefaultReceivedAt,
            SourceIp = RequireString(request, "sourceIp", "request"),
            Protocol = ConformanceJson.AsString(request["protocol"]) ?? "HTTP/1.1",
            Api = new ApiIdentity(RequireString(api, "apiId", "api"), RequireString(api, "accountId", "api"), RequireString(api, "domainName", "api")),
            Authorizer = ReadAuthorizer(data, route, unhandled),
        };
    }

    /// <summary>The routing path: the decoded path without a named stage's first segment (<c>/</c> when nothing is left).</summary>
    public static string StripStage(string path, string stageName)
    {
        if (stageName == "$default")
        {
            return path;
        }

        string prefix = "/" + stageName;
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || (path.Length > prefix.Length && path[prefix.Length] != '/'))
        {
            throw new InvalidDataException($"path '{path}' does not start with the stage segment '{prefix}'");
        }

        string rest = path[prefix.Length..];
        return rest.Length == 0 ? "/" : rest;
    }

    private static byte[] ReadBody(JsonNode? body)
    {
        switch (body)
        {
            case null:
                return [];
            case JsonObject obj when ConformanceJson.AsString(obj["text"]) is { } text:
                return Encoding.UTF8.GetBytes(text);
            case JsonObject obj when ConformanceJson.AsString(obj["base64"]) is { } base64:
                return Convert.FromBase64String(base64);
            default:
                throw new InvalidDataException($"request.body {ConformanceJson.Show(body)} is neither null, {{text}} nor {{base64}}");
        }
    }

    private static Dictionary<string, string> ReadStringMap(JsonNode? node, string where)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return map;
        }

        if (node is not JsonObject obj)
        {
            throw new InvalidDataException($"{where} is not an object");
        }

        foreach (var (name, value) in obj)
        {
            map[name] = ConformanceJson.AsString(value) ?? throw new InvalidDataException($"{where}.{name} is not a string");
        }

        return map;
    }

    /// <summary>
    /// The authorizer's output as the dispatcher would hand it on: JWT claims, with the token's scopes only when the
    /// route lists scopes; a Lambda authorizer's <c>context</c>.
    /// </summary>
    private static AuthorizerContext? ReadAuthorizer(JsonObject data, JsonObject route, List<string> unhandled)
    {
        if (data["authorizerResult"] is not JsonObject result)
        {
            return null;
        }

        NoteUnknownKeys(result, "authorizerResult", AuthorizerFields, unhandled);
        switch (ConformanceJson.AsString(result["kind"]))
        {
            case "jwt":
                var claims = RequireObject(result, "tokenClaims").DeepClone().AsObject();
                bool routeHasScopes = route["authorizationScopes"] is JsonArray { Count: > 0 };
                return new AuthorizerContext { JwtClaims = claims, JwtScopes = routeHasScopes ? TokenScopes(claims) : null };
            case "lambda":
                var response = RequireObject(result, "response");
                return new AuthorizerContext { LambdaContext = (response["context"] as JsonObject)?.DeepClone().AsObject() ?? [] };
            default:
                unhandled.Add($"authorizerResult.kind {ConformanceJson.Show(result["kind"])} is not handled by the runner");
                return null;
        }
    }

    private static List<string> TokenScopes(JsonObject claims)
    {
        var scopes = new List<string>();
        foreach (string name in new[] { "scope", "scp" })
        {
            switch (claims[name])
            {
                case JsonArray array:
                    scopes.AddRange(array.Select(ConformanceJson.AsString).OfType<string>());
                    break;
                case JsonValue value when ConformanceJson.AsString(value) is { } text:
                    scopes.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    break;
            }
        }

        return scopes;
    }
}

/// <summary><c>payload-v2-event</c>: the payload format 2.0 event.</summary>
internal sealed class PayloadV2EventHandler : PayloadEventHandler
{
    public override string Category => "payload-v2-event";

    protected override PayloadFormatVersion Version => PayloadFormatVersion.V2;
}

/// <summary><c>payload-v1-event</c>: the payload format 1.0 event (HTTP API flavour).</summary>
internal sealed class PayloadV1EventHandler : PayloadEventHandler
{
    public override string Category => "payload-v1-event";

    protected override PayloadFormatVersion Version => PayloadFormatVersion.V1;
}
