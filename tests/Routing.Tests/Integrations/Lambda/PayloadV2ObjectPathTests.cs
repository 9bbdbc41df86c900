using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Routing.Tests.Integrations.Lambda.LambdaTestRequests;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Tests.Integrations.Lambda;

/// <summary>
/// The typed payload 2.0 fast path (<see cref="PayloadV2RequestFactory"/>, <see cref="LambdaResponseMapper.MapV2(PayloadV2Response)"/>)
/// against the JSON path it replaces: the event written by <see cref="PayloadV2EventWriter"/> and read with
/// <see cref="PayloadJsonContext"/>, and the response serialized with it and mapped from JSON.
/// </summary>
public sealed partial class PayloadV2ObjectPathTests
{
    private const string Host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    private const string FixedTrace = "Root=1-00000000-000000000000000000000000";

    private static readonly Dictionary<string, (IntegrationRequest Request, byte[] Body)> Requests = new()
    {
        ["minimal get"] = (Create(), []),
        ["no host header"] = (Create(headers: [("Accept", "*/*")]), []),
        ["repeated and cased headers"] = (Create(headers:
        [
            ("Host", Host), ("X-Probe", "first"), ("x-PROBE", "second"), ("Accept", "a"), ("ACCEPT", "b"), ("User-Agent", "ua/1"),
            ("user-agent", "ua/2"), ("Content-Length", "5"), ("Transfer-Encoding", "chunked"), ("X-Empty", string.Empty),
        ]), []),
        ["cookies"] = (Create(headers: [("Host", Host), ("Cookie", "a=1; b=2"), ("cookie", " c=3 ;;"), ("COOKIE", "d=é")]), []),
        ["empty cookie header"] = (Create(headers: [("Host", Host), ("Cookie", " ; ")]), []),
        ["client gateway headers"] = (Create(headers:
        [
            ("Host", "custom.example.com"), ("X-Forwarded-For", "203.0.113.7"), ("x-forwarded-for", "203.0.113.8"),
            ("X-Forwarded-Proto", "http"), ("X-Forwarded-Port", "80"), ("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000001"),
        ]), Utf8("{}")),
        ["query with repeats and plus"] = (Create(query: "a=1&b=2&a=3&q=hello+world&enc=%E2%9C%93&flag&&=x&a%20b=c+d&bad=%ZZ&pct=100%25"), []),
        ["query of only separators"] = (Create(query: "&&"), []),
        ["text body"] = (Create(method: "POST", headers: [("Host", Host), ("Content-Type", "text/plain; charset=utf-8")]), Utf8("héllo ✓ \"quoted\"\n")),
        ["json body"] = (Create(method: "POST", headers: [("Host", Host), ("Content-Type", "Application/JSON")]), Utf8("{\"a\":[1,2]}")),
        ["json body with bom"] = (Create(method: "POST", headers: [("Host", Host), ("Content-Type", "application/json")]), [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']),
        ["binary body"] = (Create(method: "PUT", headers: [("Host", Host), ("Content-Type", "application/octet-stream")]), [0, 1, 2, 255, 254]),
        ["body without content type"] = (Create(method: "POST"), Utf8("plain")),
        ["problem json body"] = (Create(method: "POST", headers: [("Host", Host), ("Content-Type", "application/problem+json")]), Utf8("{}")),
        ["text type with invalid utf-8"] = (Create(method: "POST", headers: [("Host", Host), ("Content-Type", "text/plain")]), [0x61, 0xC3, 0x28]),
        ["repeated content type"] = (Create(method: "POST", headers: [("Host", Host), ("Content-Type", "text/plain"), ("content-type", "application/json")]), Utf8("x")),
        ["path parameters and stage variables"] = (Create(
            path: "/prod/pets/a b/ü",
            encodedPath: "/prod/pets/a%20b/%C3%BC",
            routeKey: "GET /pets/{id}/{rest+}",
            pathParameters: new Dictionary<string, string> { ["id"] = "a b", ["rest"] = "ü" },
            stage: "prod",
            stageVariables: new Dictionary<string, string> { ["alias"] = "live", ["empty"] = string.Empty }), []),
        ["default route"] = (Create(routeKey: "$default", path: "/anything/at/all"), []),
        ["jwt with scopes"] = (Create(authorizer: new AuthorizerContext
        {
            JwtClaims = new JsonObject
            {
                ["sub"] = "user-1", ["exp"] = 1787996002, ["big"] = JsonNode.Parse("1.5e3"), ["admin"] = true, ["off"] = false,
                ["groups"] = new JsonArray("Admins", "Readers", 3), ["address"] = new JsonObject { ["city"] = "Zürich" }, ["none"] = null,
            },
            JwtScopes = ["pets:read", "pets:write"],
        }), []),
        ["jwt without scopes"] = (Create(authorizer: new AuthorizerContext { JwtClaims = new JsonObject { ["sub"] = "user-2" } }), []),
        ["jwt with empty scopes"] = (Create(authorizer: new AuthorizerContext { JwtClaims = [], JwtScopes = [] }), []),
        ["lambda authorizer"] = (Create(authorizer: new AuthorizerContext
        {
            LambdaContext = new JsonObject
            {
                ["tenant"] = "acme", ["n"] = 1, ["ratio"] = 0.25, ["ok"] = true, ["nothing"] = null,
                ["nested"] = new JsonObject { ["list"] = new JsonArray(1, "two", null) }, ["text"] = "<script>é\u2028</script>",
            },
        }), []),
        ["empty lambda authorizer"] = (Create(authorizer: new AuthorizerContext { LambdaContext = [] }), []),
        ["authorizer with nothing"] = (Create(authorizer: new AuthorizerContext()), []),
        ["many headers"] = (Create(headers:
        [
            .. Enumerable.Range(0, 24).Select(static i => ($"X-Header-{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ("x-header-3", "again"), ("X-HEADER-20", "again"), ("Host", Host), ("Cookie", "k=v"),
        ]), []),
        ["non-ascii and odd names"] = (Create(headers: [("Host", Host), ("X-Ünïcode", "välue"), ("x-ünïcode", "two"), ("\u212Aelvin", "k"), ("Hoſt", "long s")]), []),
        ["unpaired surrogates"] = (Create(
            path: "/pets/\uD800",
            query: "q=%F0%9F%98%80",
            headers: [("Host", Host), ("X-Odd", "a\uD800b"), ("X-Odd-\uDC00", "v"), ("User-Agent", "ua\uDBFF"), ("Cookie", "c=\uD800")],
            pathParameters: new Dictionary<string, string> { ["id"] = "\uD800", ["pair"] = "😀" },
            stageVariables: new Dictionary<string, string> { ["v\uDC00"] = "x" },
            authorizer: new AuthorizerContext { JwtClaims = new JsonObject { ["sub"] = "\uD800" }, JwtScopes = ["s\uDC00"] }), []),
        ["other scheme and port"] = (WithPort(Create(headers: [("Host", "localhost:8080")]), "http", 8080), []),
        ["port 80"] = (WithPort(Create(), "http", 80), []),
    };

    private static readonly Dictionary<string, PayloadV2Response?> Responses = new()
    {
        ["json"] = new() { StatusCode = 200, Headers = new Dictionary<string, string> { ["content-type"] = "application/json" }, Body = "{\"id\":42}" },
        ["no content type"] = new() { StatusCode = 201, Body = "created" },
        ["cased content type"] = new() { StatusCode = 200, Headers = new Dictionary<string, string> { ["Content-Type"] = "text/html" }, Body = "<p>é</p>" },
        ["framing headers dropped"] = new()
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string> { ["Content-Length"] = "3", ["transfer-encoding"] = "chunked", ["x-multi"] = "a, b", ["X-Empty"] = string.Empty },
            Body = "abc",
        },
        ["null header value"] = new() { StatusCode = 200, Headers = new Dictionary<string, string> { ["x-a"] = "1", ["x-null"] = null!, ["x-b"] = "2" } },
        ["names differing in case"] = new() { StatusCode = 200, Headers = new Dictionary<string, string> { ["X-A"] = "upper", ["x-a"] = "lower" } },
        ["sorted dictionary"] = new() { StatusCode = 200, Headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["b"] = "2", ["a"] = "1", ["content-type"] = "text/css" } },
        ["cookies"] = new() { StatusCode = 302, Headers = new Dictionary<string, string> { ["location"] = "/next" }, Cookies = ["a=1; Path=/", "b=2; HttpOnly"] },
        ["empty cookies"] = new() { StatusCode = 200, Cookies = [] },
        ["null cookie"] = new() { StatusCode = 200, Cookies = ["a=1", null!] },
        ["base64 body"] = new() { StatusCode = 200, Headers = new Dictionary<string, string> { ["content-type"] = "image/png" }, Body = Convert.ToBase64String([0, 1, 2, 255]), IsBase64Encoded = true },
        ["base64 with whitespace"] = new() { StatusCode = 200, Body = "AQ ID\nBA==", IsBase64Encoded = true },
        ["empty base64 body"] = new() { StatusCode = 200, Body = string.Empty, IsBase64Encoded = true },
        ["invalid base64"] = new() { StatusCode = 200, Body = "not base64!", IsBase64Encoded = true },
        ["unpadded base64"] = new() { StatusCode = 200, Body = "AQI", IsBase64Encoded = true },
        ["non-ascii base64"] = new() { StatusCode = 200, Body = "AQIé", IsBase64Encoded = true },
        ["null body flagged base64"] = new() { StatusCode = 204, IsBase64Encoded = true },
        ["empty body"] = new() { StatusCode = 200, Body = string.Empty },
        ["status 0"] = new() { StatusCode = 0, Body = "x" },
        ["status 99"] = new() { StatusCode = 99 },
        ["status 100"] = new() { StatusCode = 100 },
        ["status 599"] = new() { StatusCode = 599 },
        ["status 600"] = new() { StatusCode = 600, Body = "x" },
        ["negative status"] = new() { StatusCode = -200 },
        ["unpaired surrogates"] = new()
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string> { ["x-odd"] = "a\uD800b", ["x-\uDC00"] = "v", ["x-\uDBFF"] = "w" },
            Cookies = ["c=\uD800"],
            Body = "\uDC00body\uD800",
        },
        ["null response"] = null,
    };

    public static TheoryData<string> RequestCases => [.. Requests.Keys];

    public static TheoryData<string> ResponseCases => [.. Responses.Keys];

    [Theory]
    [MemberData(nameof(RequestCases))]
    public void Create_EqualsTheWritersEventReadAsJson(string name)
    {
        var (request, body) = Requests[name];
        var json = PayloadV2EventWriter.Write(request, body);
        var viaJson = JsonSerializer.Deserialize(json.Span, PayloadJsonContext.Default.PayloadV2Request)!;
        var direct = PayloadV2RequestFactory.Create(request, body);
        NormalizeTrace(request, viaJson);
        NormalizeTrace(request, direct);

        // As JSON: the object serialized equals the writer's event (whose only null member, "scopes", is omitted).
        var written = JsonNode.Parse(json.Span)!.AsObject();
        written["headers"]!["x-amzn-trace-id"] = direct.Headers!["x-amzn-trace-id"];
        if (written["requestContext"]?["authorizer"]?["jwt"] is JsonObject jwt && jwt.TryGetPropertyValue("scopes", out var scopes) && scopes is null)
        {
            jwt.Remove("scopes");
        }

        var serialized = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(direct, PayloadJsonContext.Default.PayloadV2Request));
        Assert.True(JsonNode.DeepEquals(written, serialized), $"written:    {written.ToJsonString()}\nserialized: {serialized!.ToJsonString()}");

        // As objects: the same strings (char for char: serializing would hide unpaired surrogates), the same order and
        // the same collection types as the deserializer's.
        AssertSameRequest(viaJson, direct);
    }

    [Fact]
    public void Create_TraceIdIsGeneratedPerRequest()
    {
        var request = Create();

        string first = PayloadV2RequestFactory.Create(request, default).Headers!["x-amzn-trace-id"];
        string second = PayloadV2RequestFactory.Create(request, default).Headers!["x-amzn-trace-id"];

        Assert.Matches(TracePattern(), first);
        Assert.StartsWith("Root=1-6a5145a9-", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [MemberData(nameof(ResponseCases))]
    public void MapV2_Object_EqualsTheMappingOfItsJson(string name)
    {
        var response = Responses[name];
        var json = JsonSerializer.SerializeToUtf8Bytes(response!, PayloadJsonContext.Default.PayloadV2Response);

        var viaJson = MappedResponses.Answer(() => LambdaResponseMapper.MapV2(json.AsMemory()));
        var direct = MappedResponses.Answer(() => LambdaResponseMapper.MapV2(response));

        Assert.Equal(viaJson.StatusCode, direct.StatusCode);
        Assert.Equal(viaJson.Headers, direct.Headers);
        Assert.Equal(viaJson.Body.ToArray(), direct.Body.ToArray());
        Assert.Null(direct.BodyStream);
    }

    [Fact]
    public void MapV2_Object_ExpectedAnswersForTheEdgeCases()
    {
        Assert.Equal(500, MappedResponses.Answer(() => LambdaResponseMapper.MapV2(Responses["status 0"])).StatusCode);
        Assert.Equal(500, MappedResponses.Answer(() => LambdaResponseMapper.MapV2(Responses["status 600"])).StatusCode);
        Assert.Equal(500, MappedResponses.Answer(() => LambdaResponseMapper.MapV2(Responses["invalid base64"])).StatusCode);
        Assert.Equal(500, MappedResponses.Answer(() => LambdaResponseMapper.MapV2(Responses["null cookie"])).StatusCode);
        Assert.Equal("text/plain; charset=utf-8", LambdaResponseMapper.MapV2(Responses["no content type"]).GetHeader("content-type"));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, LambdaResponseMapper.MapV2(Responses["base64 with whitespace"]).Body.ToArray());

        var none = LambdaResponseMapper.MapV2((PayloadV2Response?)null);
        Assert.Equal(200, none.StatusCode);
        Assert.Equal("application/json", none.GetHeader("content-type"));
        Assert.Equal("null", none.GetBodyText());
    }

    [Fact]
    public async Task Create_TypedHandler_TakesTheObjectPath()
    {
        PayloadV2Request? seen = null;
        var integration = LambdaIntegration.Create((request, _) =>
        {
            seen = request;
            return ValueTask.FromResult(new PayloadV2Response
            {
                StatusCode = 201,
                Headers = new Dictionary<string, string> { ["x-echo"] = request.QueryStringParameters!["q"] },
                Cookies = ["s=1"],
                Body = Convert.ToBase64String([9, 8]),
                IsBase64Encoded = true,
            });
        });

        await using var response = await integration.InvokeAsync(Create(query: "q=a+b&q=c", headers: [("Host", Host), ("Cookie", "a=1; b=2")]), TestContext.Current.CancellationToken);

        Assert.NotNull(seen);
        Assert.IsType<Dictionary<string, string>>(seen.Headers);
        Assert.Equal(["a=1", "b=2"], seen.Cookies!);
        Assert.Equal(201, response.StatusCode);
        Assert.Equal(
            [
                new KeyValuePair<string, string>("x-echo", "a b,c"),
                new KeyValuePair<string, string>("set-cookie", "s=1"),
                new KeyValuePair<string, string>("content-type", "text/plain; charset=utf-8"),
            ],
            response.Headers);
        Assert.Equal(new byte[] { 9, 8 }, response.Body.ToArray());
    }

    [Fact]
    public async Task Create_TypedHandlerReturningNull_IsTheInferredNullOutput()
    {
        var integration = LambdaIntegration.Create(static (_, _) => ValueTask.FromResult<PayloadV2Response>(null!));

        await using var response = await integration.InvokeAsync(Create(), TestContext.Current.CancellationToken);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("null", response.GetBodyText());
    }

    [Fact]
    public void NewTraceId_IsAwsShapedWithTheEpochSeconds()
    {
        var ids = Enumerable.Range(0, 100).Select(static _ => PayloadEventParts.NewTraceId(LambdaTestRequests.CaptureTime)).ToList();

        Assert.All(ids, static id => Assert.Matches(TracePattern(), id));
        Assert.All(ids, static id => Assert.StartsWith("Root=1-6a5145a9-", id, StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("Root=1-00000000-", PayloadEventParts.NewTraceId(DateTimeOffset.UnixEpoch.AddDays(-1))[..16]);
    }

    [Fact]
    public void FormatTime_MatchesTheFormatString()
    {
        var random = new Random(7);
        var times = new List<DateTimeOffset>
        {
            LambdaTestRequests.CaptureTime, DateTimeOffset.UnixEpoch, new(2024, 2, 29, 23, 59, 59, TimeSpan.Zero),
            new(2026, 12, 31, 23, 0, 0, TimeSpan.FromHours(-5)), new(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(2)),
            new(999, 3, 4, 5, 6, 7, TimeSpan.Zero), new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), new(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        for (int i = 0; i < 500; i++)
        {
            times.Add(new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero));
        }

        foreach (var time in times)
        {
            Assert.Equal(time.UtcDateTime.ToString(PayloadEventParts.TimeFormat, System.Globalization.CultureInfo.InvariantCulture), PayloadEventParts.FormatTime(time));
        }
    }

    [Theory]
    [InlineData("host")]
    [InlineData("Host")]
    [InlineData("USER-AGENT")]
    [InlineData("X-Custom-Header")]
    [InlineData("x-custom-header")]
    [InlineData("X-Ünïcode")]
    [InlineData("\u212Aelvin")]
    [InlineData("Hoſt")]
    [InlineData("İd")]
    [InlineData("")]
    public void LowerCaseHeaderName_IsToLowerInvariant(string name)
    {
        string lower = PayloadEventParts.LowerCaseHeaderName(name);
        string expected = name.ToLowerInvariant();

        Assert.Equal(expected, lower);
        if (string.Equals(name, expected, StringComparison.Ordinal))
        {
            Assert.Same(name, lower);
        }
    }

    [Fact]
    public void LowerCaseHeaderName_CommonNames_NeedNoNewString()
        => Assert.Same(PayloadEventParts.LowerCaseHeaderName("User-Agent"), PayloadEventParts.LowerCaseHeaderName("USER-AGENT"));

    [Fact]
    public void Write_ManyHeaders_JoinsRepeatsPastTheIndexThreshold()
    {
        var (request, _) = Requests["many headers"];

        var headers = JsonNode.Parse(PayloadV2EventWriter.Write(request, default).Span)!["headers"]!.AsObject();

        Assert.Equal("3,again", (string?)headers["x-header-3"]);
        Assert.Equal("20,again", (string?)headers["x-header-20"]);
        Assert.Equal(Host, (string?)headers["host"]);
        Assert.Equal(24 + 6, headers.Count);
        Assert.Equal("x-header-0", headers.First().Key);
    }

    private static void NormalizeTrace(IntegrationRequest request, PayloadV2Request evt)
    {
        if (request.GetHeader("x-amzn-trace-id") is null)
        {
            Assert.Matches(TracePattern(), evt.Headers!["x-amzn-trace-id"]);
            evt.Headers["x-amzn-trace-id"] = FixedTrace;
        }
    }

    private static IntegrationRequest WithPort(IntegrationRequest request, string scheme, int port) =>
        request with { Scheme = scheme, Port = port };

    private static void AssertSameRequest(PayloadV2Request expected, PayloadV2Request actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.RouteKey, actual.RouteKey);
        Assert.Equal(expected.RawPath, actual.RawPath);
        Assert.Equal(expected.RawQueryString, actual.RawQueryString);
        AssertSameList(expected.Cookies, actual.Cookies);
        AssertSameMap(expected.Headers, actual.Headers);
        AssertSameMap(expected.QueryStringParameters, actual.QueryStringParameters);
        Assert.Equal(expected.Body, actual.Body);
        Assert.Equal(expected.IsBase64Encoded, actual.IsBase64Encoded);
        AssertSameMap(expected.PathParameters, actual.PathParameters);
        AssertSameMap(expected.StageVariables, actual.StageVariables);

        var context = expected.RequestContext!;
        var other = actual.RequestContext!;
        Assert.Equal(context.AccountId, other.AccountId);
        Assert.Equal(context.ApiId, other.ApiId);
        Assert.Equal(context.DomainName, other.DomainName);
        Assert.Equal(context.DomainPrefix, other.DomainPrefix);
        Assert.Equal(context.RequestId, other.RequestId);
        Assert.Equal(context.RouteKey, other.RouteKey);
        Assert.Equal(context.Stage, other.Stage);
        Assert.Equal(context.Time, other.Time);
        Assert.Equal(context.TimeEpoch, other.TimeEpoch);
        Assert.Equal(context.Http!.Method, other.Http!.Method);
        Assert.Equal(context.Http.Path, other.Http.Path);
        Assert.Equal(context.Http.Protocol, other.Http.Protocol);
        Assert.Equal(context.Http.SourceIp, other.Http.SourceIp);
        Assert.Equal(context.Http.UserAgent, other.Http.UserAgent);

        Assert.Equal(context.Authorizer is null, other.Authorizer is null);
        if (context.Authorizer is { } authorizer)
        {
            Assert.Equal(authorizer.Jwt is null, other.Authorizer!.Jwt is null);
            if (authorizer.Jwt is { } jwt)
            {
                AssertSameMap(jwt.Claims, other.Authorizer.Jwt!.Claims);
                AssertSameList(jwt.Scopes, other.Authorizer.Jwt.Scopes);
            }

            Assert.Equal(authorizer.Lambda is null, other.Authorizer.Lambda is null);
            if (authorizer.Lambda is { } lambda)
            {
                Assert.Equal(lambda.GetType(), other.Authorizer.Lambda!.GetType());
                Assert.Equal(lambda.Keys, other.Authorizer.Lambda.Keys);
                Assert.All(lambda, member =>
                {
                    var value = other.Authorizer.Lambda[member.Key];
                    Assert.Equal(member.Value.ValueKind, value.ValueKind);
                    Assert.True(JsonElement.DeepEquals(member.Value, value), member.Key);
                    Assert.Equal(member.Value.GetRawText(), value.GetRawText());
                });
            }
        }
    }

    private static void AssertSameMap(IDictionary<string, string>? expected, IDictionary<string, string>? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is not null)
        {
            Assert.Equal(expected.GetType(), actual!.GetType());
            Assert.Equal(expected.ToList(), actual.ToList());
        }
    }

    private static void AssertSameList(IList<string>? expected, IList<string>? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is not null)
        {
            Assert.Equal(expected.GetType(), actual!.GetType());
            Assert.Equal(expected, actual);
        }
    }

    [GeneratedRegex("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$")]
    private static partial Regex TracePattern();
}
