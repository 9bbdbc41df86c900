using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Tests.Conformance;

/// <summary>
/// <c>response-mapping</c>: a <see cref="LambdaIntegration"/> whose raw function produces the case's integration
/// result, served through <see cref="HttpApiDispatcher"/> on a <c>$default</c> route, so the gateway's own answers
/// (500 for a function error, 503 at the integration timeout, <c>apigw-requestid</c>) come from the real dispatcher.
/// </summary>
/// <remarks>
/// <para>How each <c>integrationResult.kind</c> is produced: <c>payload</c>, the function returns those bytes;
/// <c>function_error</c>, the function throws; <c>invoke_denied</c>, the invocation fails before the function runs
/// (an in-process function has no invoke permission, so the failed invoke is an exception from the invoke path,
/// which API Gateway answers like a function error); <c>timeout</c>, the function never finishes and the
/// integration's timeout is <see cref="IntegrationDefinition.MinTimeout"/> instead of the case's <c>timeoutMillis</c>:
/// only the outcome is under test, not how long it takes.</para>
/// <para>The response is then framed as an HTTP host writes it (<see cref="FrameAsHost"/>): the library's
/// <see cref="GatewayResponse"/> leaves <c>date</c> and <c>content-length</c> to the host (Kestrel adds both).</para>
/// </remarks>
internal sealed class ResponseMappingHandler : CategoryHandler
{
    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal) { "payloadFormatVersion", "integrationResult" };
    private static readonly HashSet<string> ResultFields = new(StringComparer.Ordinal) { "kind", "payload", "errorType", "errorMessage", "timeoutMillis" };

    public override string Category => "response-mapping";

    public override IReadOnlySet<string> InputFields => Inputs;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        var version = RequireString(data, "payloadFormatVersion", "case") switch
        {
            "2.0" => PayloadFormatVersion.V2,
            "1.0" => PayloadFormatVersion.V1,
            var other => throw new InvalidDataException($"payloadFormatVersion '{other}' is neither 1.0 nor 2.0"),
        };
        var result = RequireObject(data, "integrationResult");
        NoteUnknownKeys(result, "integrationResult", ResultFields, unhandled);
        string kind = RequireString(result, "kind", "integrationResult");
        Func<Stream, CancellationToken, ValueTask<Stream>> function = kind switch
        {
            "payload" => Returning(Encoding.UTF8.GetBytes(RequireString(result, "payload", "integrationResult"))),
            "function_error" => (_, _) => throw new InvalidOperationException(
                $"{ConformanceJson.AsString(result["errorType"]) ?? "Error"}: {ConformanceJson.AsString(result["errorMessage"]) ?? "(no message)"}"),
            "invoke_denied" => (_, _) => throw new UnauthorizedAccessException("The gateway is not allowed to invoke the function (lambda:InvokeFunction)."),
            "timeout" => static async (_, cancellationToken) =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return Stream.Null;
            },
            _ => throw new InvalidDataException($"integrationResult.kind '{kind}' is not one of payload, function_error, timeout, invoke_denied"),
        };

        var integration = new LambdaIntegration(function, version);
        // Only the timeout case runs against the shortest timeout: a slow first run (JIT, a loaded machine) must not
        // turn the other cases into 503s.
        var timeout = kind == "timeout" ? IntegrationDefinition.MinTimeout : IntegrationDefinition.MaxTimeout;
        var response = Dispatch(integration, timeout);
        FrameAsHost(response);
        return Describe(response, RequireObject(data, "expect"));
    }

    /// <summary>Serves <c>GET /</c> through an API whose <c>$default</c> route uses the integration.</summary>
    public static GatewayResponse Dispatch(IIntegration integration, TimeSpan timeout)
    {
        var definition = new HttpApiDefinition();
        definition.Integrations.Add("fn", new IntegrationDefinition { Integration = integration, Timeout = timeout });
        definition.Routes.Add(new RouteDefinition { RouteKey = "$default", IntegrationId = "fn" });
        var api = new HttpApi(definition);
        api.AddStage(new Stage { Name = StageSelector.DefaultStageName, AutoDeploy = true });
        var request = new GatewayRequest
        {
            Method = "GET",
            RawTarget = "/",
            Headers = [new("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com")],
        };
        return new HttpApiDispatcher(api).DispatchAsync(request).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Adds what an HTTP/1.1 host writes with every response and the library leaves to it: <c>date</c> and the
    /// <c>content-length</c> of the in-memory body.
    /// </summary>
    public static void FrameAsHost(GatewayResponse response)
    {
        if (response.GetHeader("date") is null)
        {
            response.AddHeader("date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        }

        if (response.GetHeader("content-length") is null && response.BodyStream is null)
        {
            response.AddHeader("content-length", response.Body.Length.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static Func<Stream, CancellationToken, ValueTask<Stream>> Returning(byte[] payload)
        => (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(payload, writable: false));

    /// <summary>The response in the shape of the case's <c>expect</c>.</summary>
    private static JsonObject Describe(GatewayResponse response, JsonObject expect)
    {
        var actual = new JsonObject { ["status"] = response.StatusCode };
        if (expect["headers"] is JsonObject headers)
        {
            actual["headers"] = ResponseHeaderLines.DescribeSingle(response, headers);
        }

        if (expect["headerValues"] is JsonObject headerValues)
        {
            var multi = new JsonObject();
            foreach (var (name, _) in headerValues)
            {
                multi[name] = new JsonArray([.. ResponseHeaderLines.Lines(response, name).Select(static l => JsonValue.Create(l))]);
            }

            actual["headerValues"] = multi;
        }

        if (expect["headersPresent"] is JsonArray present)
        {
            actual["headersPresent"] = new JsonArray([.. present
                .Select(ConformanceJson.AsString)
                .OfType<string>()
                .Select(name => JsonValue.Create(response.GetHeader(name) is null ? $"{name} (missing)" : name))]);
        }

        if (expect["body"] is JsonObject body)
        {
            actual["body"] = DescribeBody(response.Body.ToArray(), body);
        }

        return actual;
    }

    private static JsonObject DescribeBody(byte[] bytes, JsonObject expected)
    {
        if (expected.ContainsKey("base64"))
        {
            return new JsonObject { ["base64"] = Convert.ToBase64String(bytes) };
        }

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

        return new JsonObject { ["text"] = Encoding.UTF8.GetString(bytes) };
    }

}
