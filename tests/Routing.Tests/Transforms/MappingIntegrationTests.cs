using System.Text;
using static Routing.Tests.Integrations.HttpProxy.ProxyHarness;
using Routing.Apis;
using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Tests.Transforms;

/// <summary>Parameter mappings applied around an integration, through the real dispatcher.</summary>
public sealed class MappingIntegrationTests
{
    private static readonly Dictionary<string, string> StageVariables = new() { ["env"] = "blue" };

    private static CancellationToken Timeout => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invoke_HeaderMappings_AppendOverwriteRemoveFromEveryRequestSource()
    {
        // Arrange
        var recorder = new Recorder();
        var dispatcher = Build(recorder, new()
        {
            ["append:header.x-joined"] = "$request.header.x-in",
            ["overwrite:header.x-over"] = "${request.path.id}-${stageVariables.env}",
            ["remove:header.x-remove"] = "",
            ["overwrite:header.x-query"] = "$request.querystring.q",
            ["overwrite:header.x-ctx"] = "$context.stage $context.routeKey $context.httpMethod $context.path $request.path $context.identity.sourceIp $context.apiId",
            ["overwrite:header.x-missing"] = "$request.header.nope",
            ["append:header.x-in"] = "three",
        });

        // Act
        var answer = await SendAsync(dispatcher, Get("/prod/pets/7?q=a+b&q=c%26d", ("X-In", "1"), ("x-in", "2"), ("X-Remove", "gone"), ("X-Over", "client"), ("X-Missing", "client")), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        var seen = recorder.Request!;
        Assert.Equal(["1", "2", "three"], Values(seen, "x-in"));
        Assert.Equal(["1,2"], Values(seen, "x-joined"));
        Assert.Equal(["7-blue"], Values(seen, "x-over"));
        Assert.Empty(Values(seen, "x-remove"));
        Assert.Empty(Values(seen, "x-missing"));
        Assert.Equal(["a b,c&d"], Values(seen, "x-query"));
        Assert.Equal([$"prod ANY /pets/{{id}} GET /prod/pets/7 /pets/7 {ClientIp} local"], Values(seen, "x-ctx"));
    }

    [Fact]
    public async Task Invoke_QueryMappings_KeepUntouchedParametersAsSent()
    {
        // Arrange
        var recorder = new Recorder();
        var dispatcher = Build(recorder, new()
        {
            ["append:querystring.a"] = "new value",
            ["overwrite:querystring.b"] = "$request.path.id",
            ["remove:querystring.c"] = "",
        });

        // Act
        await SendAsync(dispatcher, Get("/prod/pets/7?a=1&b=2&b=3&c=%20x&keep=k%2B"), Timeout);

        // Assert: removals, then overwrites, then appends.
        Assert.Equal("a=1&keep=k%2B&b=7&a=new%20value", recorder.Request!.RawQueryString);
    }

    [Fact]
    public async Task Invoke_BodyMappings_SelectJsonAndLeaveBodyWhole()
    {
        // Arrange
        var recorder = new Recorder();
        var dispatcher = Build(recorder, new()
        {
            ["overwrite:header.x-id"] = "$request.body.user.id",
            ["overwrite:header.x-name"] = "${request.body.user['name']}",
            ["overwrite:header.x-tag"] = "$request.body.tags[1]",
            ["overwrite:header.x-obj"] = "$request.body.nested",
            ["overwrite:header.x-none"] = "$request.body.tags[5]",
            ["overwrite:querystring.raw"] = "$request.body",
        });
        const string Json = """{"user":{"id":42,"name":"Zoë"},"tags":["x","y"],"nested":{"a":[1,2]}}""";

        // Act
        await SendAsync(dispatcher, Post("/prod/pets/7", Json), Timeout);

        // Assert
        var seen = recorder.Request!;
        Assert.Equal(["42"], Values(seen, "x-id"));
        Assert.Equal(["Zoë"], Values(seen, "x-name"));
        Assert.Equal(["y"], Values(seen, "x-tag"));
        Assert.Equal(["""{"a":[1,2]}"""], Values(seen, "x-obj"));
        Assert.Empty(Values(seen, "x-none"));
        Assert.Equal("raw=" + Uri.EscapeDataString(Json), seen.RawQueryString);
        Assert.Equal(Json, recorder.Body);
    }

    [Fact]
    public async Task Invoke_BodyOver100KB_JsonPathSelectsNothingAndBodyPassesWhole()
    {
        // Arrange: API Gateway truncates the body at 100 KB before applying the JSON path.
        var recorder = new Recorder();
        var dispatcher = Build(recorder, new() { ["overwrite:header.x-a"] = "$request.body.a" });
        string json = "{\"a\":\"" + new string('x', 200 * 1024) + "\"}";

        // Act
        await SendAsync(dispatcher, Post("/prod/pets/7", json), Timeout);

        // Assert
        Assert.Empty(Values(recorder.Request!, "x-a"));
        Assert.Equal(json, recorder.Body);
    }

    [Fact]
    public async Task Invoke_ValueWithLineBreak_NeverBecomesAHeaderAndOverwriteStillRemovesClientValue()
    {
        // Arrange
        var recorder = new Recorder();
        var dispatcher = Build(recorder, new() { ["overwrite:header.x-v"] = "$request.body.v" });

        // Act
        await SendAsync(dispatcher, Post("/prod/pets/7", """{"v":"a\r\nX-Evil: 1"}""", ("X-V", "client")), Timeout);

        // Assert
        Assert.Empty(Values(recorder.Request!, "x-v"));
        Assert.Empty(Values(recorder.Request!, "x-evil"));
    }

    [Fact]
    public async Task Invoke_ResponseMappings_AppliedForTheIntegrationStatus()
    {
        // Arrange
        var recorder = new Recorder(static _ => new GatewayResponse(
            404,
            [new("X-Backend", "b"), new("Content-Type", "application/json")],
            Encoding.UTF8.GetBytes("""{"id":"abc","status":"410"}""")));
        var dispatcher = Build(recorder, response: new()
        {
            ["404"] = new Dictionary<string, string>
            {
                ["overwrite:statuscode"] = "$response.body.status",
                ["append:header.x-id"] = "$response.body.id",
                ["overwrite:header.x-copy"] = "$response.header.x-backend",
                ["remove:header.x-backend"] = "",
                ["overwrite:header.x-req"] = "$context.requestId",
                ["overwrite:header.x-int"] = "${context.integrationStatus}/${stageVariables.env}",
            },
            ["200"] = new Dictionary<string, string> { ["overwrite:header.x-200"] = "never" },
        });

        // Act
        var answer = await SendAsync(dispatcher, Get("/prod/pets/7"), Timeout);

        // Assert
        Assert.Equal(410, answer.Status);
        Assert.Equal("abc", answer.Header("x-id"));
        Assert.Equal("b", answer.Header("x-copy"));
        Assert.Null(answer.Header("x-backend"));
        Assert.Equal(answer.Header("apigw-requestid"), answer.Header("x-req"));
        Assert.Equal("404/blue", answer.Header("x-int"));
        Assert.Null(answer.Header("x-200"));
        Assert.Equal("""{"id":"abc","status":"410"}""", answer.Text);
    }

    [Fact]
    public async Task Invoke_StreamedResponseOver100KB_MappedAndStreamedWhole()
    {
        // Arrange
        byte[] body = Encoding.UTF8.GetBytes("{\"id\":\"x\",\"pad\":\"" + new string('p', 300 * 1024) + "\"}");
        var recorder = new Recorder(_ => new GatewayResponse(200, [], new MemoryStream(body), null));
        var dispatcher = Build(recorder, response: new()
        {
            ["200"] = new Dictionary<string, string> { ["overwrite:header.x-len"] = "$response.body.id", ["overwrite:header.x-start"] = "static" },
        });

        // Act
        var answer = await SendAsync(dispatcher, Get("/prod/pets/7"), Timeout);

        // Assert: cut at 100 KB the JSON does not parse, so the path selects nothing; the body is intact.
        Assert.Null(answer.Header("x-len"));
        Assert.Equal("static", answer.Header("x-start"));
        Assert.Equal(body, answer.Body);
    }

    [Fact]
    public async Task Invoke_StaticStatusCode_Overwrites()
    {
        // Arrange
        var recorder = new Recorder(static _ => new GatewayResponse(500));
        var dispatcher = Build(recorder, response: new() { ["500"] = new Dictionary<string, string> { ["overwrite:statuscode"] = "503" } });

        // Act
        var answer = await SendAsync(dispatcher, Get("/prod/pets/7"), Timeout);

        // Assert
        Assert.Equal(503, answer.Status);
    }

    [Fact]
    public async Task Invoke_DynamicStatusCodeNotANumber_StatusKept()
    {
        // Arrange
        var recorder = new Recorder(static _ => new GatewayResponse(201, [new("X-S", "nope")]));
        var dispatcher = Build(recorder, response: new() { ["201"] = new Dictionary<string, string> { ["overwrite:statuscode"] = "$response.header.x-s" } });

        // Act
        var answer = await SendAsync(dispatcher, Get("/prod/pets/7"), Timeout);

        // Assert
        Assert.Equal(201, answer.Status);
    }

    private static HttpApiDispatcher Build(
        IIntegration integration,
        Dictionary<string, string>? request = null,
        Dictionary<string, IReadOnlyDictionary<string, string>>? response = null) =>
        Dispatcher(
            new IntegrationDefinition
            {
                Integration = integration,
                RequestParameters = request ?? new Dictionary<string, string>(),
                ResponseParameters = response ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(),
            },
            "ANY /pets/{id}",
            "prod",
            StageVariables);

    private static GatewayRequest Post(string target, string json, params (string Name, string Value)[] headers)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        var request = Request("POST", target, [("Content-Type", "application/json"), ("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. headers]);
        return new GatewayRequest
        {
            Method = request.Method,
            RawTarget = request.RawTarget,
            Headers = request.Headers,
            Body = new MemoryStream(body),
            SourceIp = request.SourceIp,
        };
    }

    private static string[] Values(IntegrationRequest request, string name) =>
        [.. request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    /// <summary>Records the request it gets (and reads its body) and answers as told.</summary>
    private sealed class Recorder(Func<IntegrationRequest, GatewayResponse>? answer = null) : IIntegration
    {
        public IntegrationRequest? Request { get; private set; }

        public string? Body { get; private set; }

        public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            Request = request;
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            Body = await reader.ReadToEndAsync(cancellationToken);
            return answer?.Invoke(request) ?? new GatewayResponse(200);
        }
    }
}
