using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Tests.Conformance;

/// <summary>
/// <c>lambda-authorizers</c> (REST corpus): an HTTP API whose routes (on the auto-deploying <c>$default</c> stage) name
/// one Lambda authorizer, served by <see cref="HttpApiDispatcher"/>. The authorizer function is a fake that answers each
/// step's <c>authorizerReturns</c> (or throws with its message) and records whether it ran and its event; the
/// integration records its event and answers 200. Steps run on a <see cref="FakeTimeProvider"/> moved to each step's
/// <c>t</c>; nothing sleeps. REST API cases (<c>api: REST</c>) are skipped until REST APIs exist.
/// </summary>
internal sealed class LambdaAuthorizerHandler : CategoryHandler
{
    /// <summary>AWS's identity of the corpus's API: region us-east-1, account 123456789012, API id a1b2c3d4e5.</summary>
    public static readonly ApiIdentity Identity = new("a1b2c3d4e5", "123456789012", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com") { Region = "us-east-1" };

    private static readonly DateTimeOffset Start = new(2026, 7, 10, 19, 19, 5, TimeSpan.Zero);

    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal)
    {
        "api", "routes", "authorizer", "steps", "resources", "stageVariables", "apiKeySource", "apiKeyRequired", "apiKeys",
    };

    private static readonly HashSet<string> AuthorizerFields = new(StringComparer.Ordinal)
    {
        "type", "identitySource", "authorizerPayloadFormatVersion", "enableSimpleResponses", "authorizerResultTtlInSeconds",
    };

    private static readonly HashSet<string> StepFields = new(StringComparer.Ordinal) { "t", "request", "authorizerReturns", "expect" };

    private static readonly HashSet<string> RequestFields = new(StringComparer.Ordinal) { "method", "path", "headers", "body" };

    public override string Category => "lambda-authorizers";

    public override IReadOnlySet<string> InputFields => Inputs;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        string api = ConformanceJson.AsString(data["api"]) ?? "REST";
        if (api != "HTTP")
        {
            unhandled.Add($"api {api}: REST API authorizers (TOKEN and REQUEST) come with REST APIs, which are not built yet");
            return [];
        }

        // 'resources' (the REST resource tree, inherited from the file's defaults) has no meaning for an HTTP API,
        // whose routes are 'routes'; API keys are not built yet.
        foreach (string notYet in new[] { "apiKeySource", "apiKeyRequired", "apiKeys" })
        {
            if (data.ContainsKey(notYet))
            {
                unhandled.Add($"input field '{notYet}': API keys and usage plans are not built yet");
            }
        }

        var clock = new FakeTimeProvider(Start);
        var function = new FakeAuthorizerFunction();
        var integration = new RecordingIntegration();
        var authorizer = ReadAuthorizer(RequireObject(data, "authorizer"), unhandled);
        var builder = new HttpApiBuilder(new HttpApiOptions { Identity = Identity, TimeProvider = clock })
            .AddIntegration("backend", new LambdaIntegration(integration.Function))
            .AddLambdaAuthorizer("auth", function.Function, authorizer)
            .AddStage(Stage.DefaultName, autoDeploy: true, ReadStageVariables(data));
        foreach (string routeKey in RequireStrings(data, "routes"))
        {
            builder.AddRoute(new RouteDefinition { RouteKey = routeKey, IntegrationId = "backend", AuthorizationType = AuthorizationType.Custom, AuthorizerId = "auth" });
        }

        if (ConformanceJson.AsString(data["kind"]) == "config")
        {
            var errors = builder.Validate();
            return new JsonObject
            {
                ["configValid"] = errors.Count == 0,
                ["error"] = errors.Count == 0 ? null : "BadRequestException",
            };
        }

        var dispatcher = new HttpApiDispatcher(builder.Build());
        var steps = new JsonArray();
        foreach (var node in data["steps"] as JsonArray ?? throw new InvalidDataException("'steps' is missing or not an array"))
        {
            var step = node as JsonObject ?? throw new InvalidDataException("a step is not an object");
            NoteUnknownKeys(step, "steps[]", StepFields, unhandled);
            steps.Add(RunStep(step, dispatcher, clock, function, integration, unhandled));
        }

        return new JsonObject { ["steps"] = steps };
    }

    private static JsonObject RunStep(JsonObject step, HttpApiDispatcher dispatcher, FakeTimeProvider clock, FakeAuthorizerFunction function, RecordingIntegration integration, List<string> unhandled)
    {
        double t = step["t"]?.GetValue<double>() ?? 0;
        var at = Start + TimeSpan.FromSeconds(t);
        if (at > clock.GetUtcNow())
        {
            clock.SetUtcNow(at);
        }

        function.Next(step["authorizerReturns"]);
        integration.Event = null;
        var request = RequireObject(step, "request");
        NoteUnknownKeys(request, "request", RequestFields, unhandled);
        var headers = new List<KeyValuePair<string, string>>();
        if (request["headers"] is JsonObject given)
        {
            foreach (var (name, value) in given)
            {
                headers.Add(new(name, ConformanceJson.AsString(value) ?? throw new InvalidDataException($"header '{name}' is not a string")));
            }
        }

        string? body = ConformanceJson.AsString(request["body"]);
        var gatewayRequest = new GatewayRequest
        {
            Method = RequireString(request, "method", "request"),
            RawTarget = RequireString(request, "path", "request"),
            Headers = headers,
            Body = body is null ? Stream.Null : new MemoryStream(Encoding.UTF8.GetBytes(body), writable: false),
        };
        var response = dispatcher.DispatchAsync(gatewayRequest).AsTask().GetAwaiter().GetResult();
        var expect = step["expect"] as JsonObject ?? [];
        return Describe(expect, response, function, integration, unhandled);
    }

    /// <summary>The step's outcome in the shape of its <c>expect</c>.</summary>
    private static JsonObject Describe(JsonObject expect, GatewayResponse response, FakeAuthorizerFunction function, RecordingIntegration integration, List<string> unhandled)
    {
        var actual = new JsonObject();
        foreach (var (name, expected) in expect)
        {
            switch (name)
            {
                case "status":
                    actual[name] = response.StatusCode;
                    break;
                case "authorizerInvoked":
                    actual[name] = function.Invoked;
                    break;
                case "body" when expected is JsonObject shape:
                    actual[name] = DescribeBody(shape, response.GetBodyText());
                    break;
                case "headers" when expected is JsonObject names:
                    actual[name] = ResponseHeaderLines.DescribeSingle(response, names);
                    break;
                case "headersAbsent" when expected is JsonArray names:
                    actual[name] = new JsonArray([.. names.Where(n => response.GetHeader(ConformanceJson.AsString(n) ?? string.Empty) is null).Select(static n => n?.DeepClone())]);
                    break;
                case "authorizerEvent" when expected is JsonObject assertions:
                    actual[name] = EventAssertions.Evaluate(assertions, function.Event ?? new JsonObject());
                    break;
                case "integrationEvent" when expected is JsonObject assertions:
                    actual[name] = EventAssertions.Evaluate(assertions, integration.Event ?? new JsonObject());
                    break;
                default:
                    unhandled.Add($"step expect '{name}' is not produced by the runner (REST-only or unknown)");
                    break;
            }
        }

        return actual;
    }

    private static JsonObject DescribeBody(JsonObject shape, string text)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = text;
        }

        var described = new JsonObject();
        foreach (var (kind, expected) in shape)
        {
            switch (kind)
            {
                case "text":
                    described[kind] = text;
                    break;
                case "json":
                    described[kind] = parsed?.DeepClone();
                    break;
                case "jsonSubset" when expected is JsonObject subset && parsed is JsonObject whole:
                    var members = new JsonObject();
                    foreach (var (member, _) in subset)
                    {
                        members[member] = whole.TryGetPropertyValue(member, out var value) ? value?.DeepClone() : EventAssertions.Absent;
                    }

                    described[kind] = members;
                    break;
                default:
                    described[kind] = parsed?.DeepClone();
                    break;
            }
        }

        return described;
    }

    private static LambdaAuthorizerDefinition ReadAuthorizer(JsonObject authorizer, List<string> unhandled)
    {
        NoteUnknownKeys(authorizer, "authorizer", AuthorizerFields, unhandled);
        if (ConformanceJson.AsString(authorizer["type"]) is { } type && type != "REQUEST")
        {
            unhandled.Add($"an HTTP API authorizer of type {type}");
        }

        var sources = authorizer["identitySource"] switch
        {
            JsonArray list => list.Select(static s => ConformanceJson.AsString(s) ?? throw new InvalidDataException("an identity source is not a string")).ToList(),
            null => [],
            var other => throw new InvalidDataException($"identitySource is {ConformanceJson.Show(other)}, not a list"),
        };
        string version = ConformanceJson.AsString(authorizer["authorizerPayloadFormatVersion"]) ?? "2.0";
        return new LambdaAuthorizerDefinition
        {
            IdentitySource = sources,
            PayloadFormatVersion = version switch
            {
                "1.0" => PayloadFormatVersion.V1,
                "2.0" => PayloadFormatVersion.V2,
                _ => throw new InvalidDataException($"authorizerPayloadFormatVersion '{version}' is neither 1.0 nor 2.0"),
            },
            EnableSimpleResponses = authorizer["enableSimpleResponses"]?.GetValue<bool>() ?? false,
            ResultTtl = TimeSpan.FromSeconds(authorizer["authorizerResultTtlInSeconds"]?.GetValue<int>() ?? 0),
        };
    }

    private static Dictionary<string, string>? ReadStageVariables(JsonObject data)
    {
        if (data["stageVariables"] is not JsonObject variables)
        {
            return null;
        }

        return variables.ToDictionary(static p => p.Key, static p => ConformanceJson.AsString(p.Value) ?? string.Empty, StringComparer.Ordinal);
    }

    /// <summary>The authorizer function: answers what the current step says, records whether it ran and its event.</summary>
    private sealed class FakeAuthorizerFunction
    {
        private JsonNode? _returns;

        public FakeAuthorizerFunction() => Function = LambdaFunction.FromStream(InvokeAsync);

        public LambdaFunction Function { get; }

        public bool Invoked { get; private set; }

        public JsonNode? Event { get; private set; }

        public void Next(JsonNode? returns)
        {
            _returns = returns?.DeepClone();
            Invoked = false;
            Event = null;
        }

        private async ValueTask<Stream> InvokeAsync(Stream input, CancellationToken cancellationToken)
        {
            Invoked = true;
            Event = await JsonNode.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (_returns is JsonObject { Count: 1 } failure && ConformanceJson.AsString(failure["throws"]) is { } message)
            {
                throw new InvalidOperationException(message);
            }

            string output = _returns?.ToJsonString() ?? throw new InvalidOperationException("The case gives no authorizerReturns for a step that invoked the authorizer.");
            return new MemoryStream(Encoding.UTF8.GetBytes(output), writable: false);
        }
    }

    /// <summary>The integration: a payload 2.0 function that records its event and answers 200.</summary>
    private sealed class RecordingIntegration
    {
        public RecordingIntegration() => Function = LambdaFunction.FromStream(InvokeAsync);

        public LambdaFunction Function { get; }

        public JsonNode? Event { get; set; }

        private async ValueTask<Stream> InvokeAsync(Stream input, CancellationToken cancellationToken)
        {
            Event = await JsonNode.ParseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new MemoryStream("""{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"ok\":true}"}"""u8.ToArray(), writable: false);
        }
    }
}
