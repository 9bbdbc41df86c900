using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Routing.Tests.Integrations.Lambda.LambdaTestRequests;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Tests.Integrations.Lambda;

public sealed class PayloadV2EventWriterTests
{
    private const string Host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    private static JsonObject Write(IntegrationRequest request, byte[]? body = null)
        => JsonNode.Parse(PayloadV2EventWriter.Write(request, body ?? []).Span)!.AsObject();

    [Fact]
    public void Write_MinimalGet_WritesAwsFieldsInOrderAndOmitsEmptyOnes()
    {
        var request = Create(headers: [("Host", Host), ("User-Agent", "curl/8.7.1"), ("Accept", "*/*")]);

        string json = Encoding.UTF8.GetString(PayloadV2EventWriter.Write(request, default).Span);
        string stable = Regex.Replace(json, "Root=1-6a5145a9-[0-9a-f]{24}", "TRACE");

        Assert.Equal(
            "{\"version\":\"2.0\",\"routeKey\":\"GET /pets\",\"rawPath\":\"/pets\",\"rawQueryString\":\"\","
            + "\"headers\":{\"host\":\"" + Host + "\",\"user-agent\":\"curl/8.7.1\",\"accept\":\"*/*\",\"content-length\":\"0\","
            + "\"x-amzn-trace-id\":\"TRACE\",\"x-forwarded-for\":\"198.51.100.10\",\"x-forwarded-port\":\"443\",\"x-forwarded-proto\":\"https\"},"
            + "\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":\"a1b2c3d4e5\",\"domainName\":\"" + Host + "\",\"domainPrefix\":\"a1b2c3d4e5\","
            + "\"http\":{\"method\":\"GET\",\"path\":\"/pets\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"198.51.100.10\",\"userAgent\":\"curl/8.7.1\"},"
            + "\"requestId\":\"ATfSmjLgPHcESJw=\",\"routeKey\":\"GET /pets\",\"stage\":\"$default\",\"time\":\"10/Jul/2026:19:19:05 +0000\",\"timeEpoch\":1783711145766},"
            + "\"isBase64Encoded\":false}",
            stable);
    }

    [Fact]
    public void Write_RepeatedAndMixedCaseHeaders_LowerCasesAndJoinsWithoutSpace()
    {
        var request = Create(headers: [("Host", Host), ("X-Probe", "first"), ("x-probe", "second"), ("Content-Type", "Application/JSON")]);

        var headers = Write(request)["headers"]!.AsObject();

        Assert.Equal("first,second", (string?)headers["x-probe"]);
        Assert.Equal("Application/JSON", (string?)headers["content-type"]);
        Assert.All(headers, h => Assert.Equal(h.Key.ToLowerInvariant(), h.Key));
    }

    [Fact]
    public void Write_CookieHeaders_BecomeCookiesAndLeaveHeaders()
    {
        var request = Create(headers: [("Host", Host), ("Cookie", "session=abc123; theme=dark"), ("cookie", " lang=en ;")]);

        var evt = Write(request);

        Assert.Equal(["session=abc123", "theme=dark", "lang=en"], evt["cookies"]!.AsArray().Select(static c => (string)c!));
        Assert.False(evt["headers"]!.AsObject().ContainsKey("cookie"));
    }

    [Fact]
    public void Write_GatewayHeaders_OverrideClientValuesExceptHostAndTrace()
    {
        var request = Create(headers:
        [
            ("Host", "custom.example.com"), ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "http"),
            ("X-Forwarded-Port", "80"), ("Content-Length", "999"), ("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000001"),
        ]);

        var headers = Write(request, Utf8("{}"))["headers"]!.AsObject();

        Assert.Equal("custom.example.com", (string?)headers["host"]);
        Assert.Equal("203.0.113.7, 198.51.100.10", (string?)headers["x-forwarded-for"]);
        Assert.Equal("https", (string?)headers["x-forwarded-proto"]);
        Assert.Equal("443", (string?)headers["x-forwarded-port"]);
        Assert.Equal("2", (string?)headers["content-length"]);
        Assert.Equal("Root=1-00000000-000000000000000000000001", (string?)headers["x-amzn-trace-id"]);
    }

    [Fact]
    public void Write_NoHostHeader_AddsTheApiDomainAndTraceId()
    {
        var headers = Write(Create(headers: []))["headers"]!.AsObject();

        Assert.Equal(Host, (string?)headers["host"]);
        Assert.Matches("^Root=1-6a5145a9-[0-9a-f]{24}$", (string?)headers["x-amzn-trace-id"]);
    }

    [Fact]
    public void Write_QueryString_DecodesJoinsRepeatsAndKeepsRawQuery()
    {
        const string raw = "tag=important&tag=urgent&q=a+b&plus=a%2Bb&flag&=anonymous&&e=&uni=%E2%98%95&bad=%ZZ";

        var evt = Write(Create(query: raw));

        Assert.Equal(raw, (string?)evt["rawQueryString"]);
        var query = evt["queryStringParameters"]!.AsObject();
        Assert.Equal("important,urgent", (string?)query["tag"]);
        Assert.Equal("a b", (string?)query["q"]);
        Assert.Equal("a+b", (string?)query["plus"]);
        Assert.Equal(string.Empty, (string?)query["flag"]);
        Assert.Equal("anonymous", (string?)query[string.Empty]);
        Assert.Equal(string.Empty, (string?)query["e"]);
        Assert.Equal("\u2615", (string?)query["uni"]);
        Assert.Equal("%ZZ", (string?)query["bad"]);
    }

    [Theory]
    [InlineData("text/plain", false)]
    [InlineData("text/csv; charset=iso-8859-1", false)]
    [InlineData("Application/JSON; charset=utf-8", false)]
    [InlineData("application/xml", false)]
    [InlineData("application/javascript", false)]
    [InlineData("application/problem+json", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("multipart/form-data; boundary=x", true)]
    [InlineData("application/octet-stream", true)]
    [InlineData(null, true)]
    public void Write_Body_IsTextOnlyForTextualMediaTypes(string? contentType, bool base64)
    {
        var headers = contentType is null ? new[] { ("Host", Host) } : [("Host", Host), ("Content-Type", contentType)];

        var evt = Write(Create(method: "POST", headers: headers), Utf8("a=1"));

        Assert.Equal(base64, (bool)evt["isBase64Encoded"]!);
        Assert.Equal(base64 ? "YT0x" : "a=1", (string?)evt["body"]);
    }

    [Fact]
    public void Write_TextMediaTypeWithInvalidUtf8_FallsBackToBase64()
    {
        var evt = Write(Create(method: "POST", headers: [("Content-Type", "text/plain")]), [0xFF, 0xFE]);

        Assert.True((bool)evt["isBase64Encoded"]!);
        Assert.Equal("//4=", (string?)evt["body"]);
    }

    [Fact]
    public void Write_NamedStageWithParameters_KeepsPrefixAndAddsMaps()
    {
        var request = Create(
            path: "/dev/pets/**** Doe",
            routeKey: "GET /pets/{name}",
            pathParameters: new Dictionary<string, string> { ["name"] = "**** Doe" },
            stage: "dev",
            stageVariables: new Dictionary<string, string> { ["env"] = "dev" });

        var evt = Write(request);

        Assert.Equal("/dev/pets/**** Doe", (string?)evt["rawPath"]);
        Assert.Equal("/dev/pets/**** Doe", (string?)evt["requestContext"]!["http"]!["path"]);
        Assert.Equal("dev", (string?)evt["requestContext"]!["stage"]);
        Assert.Equal("**** Doe", (string?)evt["pathParameters"]!["name"]);
        Assert.Equal("dev", (string?)evt["stageVariables"]!["env"]);
    }

    [Fact]
    public void Write_JwtAuthorizer_StringifiesClaimsAndKeepsScopesNullWithoutRouteScopes()
    {
        var claims = JsonNode.Parse("""
            {"sub":"u1","exp":1787996002,"big":1e3,"email_verified":true,"off":false,"cognito:groups":["Admins","Readers"],"nested":{"a":1},"none":null}
            """)!.AsObject();

        var jwt = Write(Create(authorizer: new AuthorizerContext { JwtClaims = claims }))["requestContext"]!["authorizer"]!["jwt"]!;

        Assert.Equal("u1", (string?)jwt["claims"]!["sub"]);
        Assert.Equal("1787996002", (string?)jwt["claims"]!["exp"]);
        Assert.Equal("1000", (string?)jwt["claims"]!["big"]);
        Assert.Equal("true", (string?)jwt["claims"]!["email_verified"]);
        Assert.Equal("false", (string?)jwt["claims"]!["off"]);
        Assert.Equal("[Admins Readers]", (string?)jwt["claims"]!["cognito:groups"]);
        Assert.Equal("{\"a\":1}", (string?)jwt["claims"]!["nested"]);
        Assert.Equal("null", (string?)jwt["claims"]!["none"]);
        Assert.True(jwt.AsObject().ContainsKey("scopes"));
        Assert.Null(jwt["scopes"]);
    }

    [Fact]
    public void Write_JwtAuthorizerWithRouteScopes_WritesScopesArray()
    {
        var context = new AuthorizerContext { JwtClaims = new JsonObject { ["scope"] = "orders:read profile" }, JwtScopes = ["orders:read"] };

        var jwt = Write(Create(authorizer: context))["requestContext"]!["authorizer"]!["jwt"]!;

        Assert.Equal(["orders:read"], jwt["scopes"]!.AsArray().Select(static s => (string)s!));
        Assert.Equal("orders:read profile", (string?)jwt["claims"]!["scope"]);
    }

    [Fact]
    public void Write_LambdaAuthorizer_KeepsContextTypes()
    {
        var context = JsonNode.Parse("""{"tenant":"acme","numberKey":1,"booleanKey":true}""")!.AsObject();

        var authorizer = Write(Create(authorizer: new AuthorizerContext { LambdaContext = context }))["requestContext"]!["authorizer"]!;

        Assert.True(JsonNode.DeepEquals(context, authorizer["lambda"]));
    }

    [Fact]
    public void Write_NonAsciiText_IsWrittenAsUtf8NotEscaped()
    {
        var request = Create(path: "/products/\u2615 Coffee", routeKey: "$default");

        string json = Encoding.UTF8.GetString(PayloadV2EventWriter.Write(request, default).Span);

        Assert.Contains("\"rawPath\":\"/products/\u2615 Coffee\"", json, StringComparison.Ordinal);
    }
}
