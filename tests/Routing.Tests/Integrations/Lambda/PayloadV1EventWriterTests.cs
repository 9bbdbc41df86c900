using System.Text.Json.Nodes;
using static Routing.Tests.Integrations.Lambda.LambdaTestRequests;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Tests.Integrations.Lambda;

public sealed class PayloadV1EventWriterTests
{
    private const string Host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    private static JsonObject Write(IntegrationRequest request, byte[]? body = null)
        => JsonNode.Parse(PayloadV1EventWriter.Write(request, body ?? []).Span)!.AsObject();

    [Fact]
    public void Write_MinimalGet_HasRestStyleFieldsWithNulls()
    {
        var evt = Write(Create(headers: [("Host", Host)]));

        Assert.Equal(
            ["version", "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
             "multiValueQueryStringParameters", "requestContext", "pathParameters", "stageVariables", "body", "isBase64Encoded"],
            evt.Select(static p => p.Key));
        Assert.Equal("1.0", (string?)evt["version"]);
        Assert.Equal("/pets", (string?)evt["resource"]);
        Assert.Equal("GET", (string?)evt["httpMethod"]);
        Assert.Null(evt["queryStringParameters"]);
        Assert.Null(evt["pathParameters"]);
        Assert.Null(evt["stageVariables"]);
        Assert.Null(evt["body"]);
        Assert.False((bool)evt["isBase64Encoded"]!);
        var context = evt["requestContext"]!;
        Assert.Equal("GET /pets", (string?)context["resourceId"]);
        Assert.Equal("/pets", (string?)context["resourcePath"]);
        Assert.Equal("ATfSmjLgPHcESJw=", (string?)context["extendedRequestId"]);
        Assert.Equal("10/Jul/2026:19:19:05 +0000", (string?)context["requestTime"]);
        Assert.Equal(1783711145766, (long)context["requestTimeEpoch"]!);
        Assert.Equal("198.51.100.10", (string?)context["identity"]!["sourceIp"]);
        Assert.Equal(string.Empty, (string?)context["identity"]!["userAgent"]);
        Assert.True(context["identity"]!.AsObject().ContainsKey("user"));
    }

    [Fact]
    public void Write_NoAuthorizer_AuthorizerAndIdentityMembersArePresentAsNull()
    {
        var context = Write(Create(headers: [("Host", Host)]))["requestContext"]!.AsObject();

        var authorizer = Assert.IsType<JsonObject>(context["authorizer"]);
        Assert.Equal(["claims", "scopes"], authorizer.Select(static p => p.Key));
        Assert.All(authorizer, static p => Assert.Null(p.Value));
        var identity = context["identity"]!.AsObject();
        Assert.Equal(
            ["accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
             "cognitoIdentityPoolId", "principalOrgId", "sourceIp", "user", "userAgent", "userArn"],
            identity.Select(static p => p.Key));
        Assert.All(identity.Where(static p => p.Key is not ("sourceIp" or "userAgent")), static p => Assert.Null(p.Value));
    }

    [Fact]
    public void WriteAuthorizerEvent_HasNoAuthorizerMember()
    {
        var fields = new AuthorizerEventFields("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/pets", ["token"]);

        var evt = JsonNode.Parse(PayloadV1EventWriter.WriteAuthorizerEvent(Create(headers: [("Host", Host)]), fields).Span)!;

        Assert.False(evt["requestContext"]!.AsObject().ContainsKey("authorizer"));
    }

    [Fact]
    public void Write_EncodedPath_PathStaysEncodedContextPathDecoded()
    {
        var request = Create(
            method: "POST",
            path: "/dev/users/**** Doe",
            encodedPath: "/dev/users/****%20Doe",
            routeKey: "POST /users/{username}",
            pathParameters: new Dictionary<string, string> { ["username"] = "**** Doe" },
            stage: "dev");

        var evt = Write(request);

        Assert.Equal("/dev/users/****%20Doe", (string?)evt["path"]);
        Assert.Equal("/dev/users/**** Doe", (string?)evt["requestContext"]!["path"]);
        Assert.Equal("/users/{username}", (string?)evt["resource"]);
        Assert.Equal("**** Doe", (string?)evt["pathParameters"]!["username"]);
    }

    [Fact]
    public void Write_Headers_KeepCaseLastValueWinsAndGatewayHeadersCapitalised()
    {
        var request = Create(headers:
        [
            ("Host", Host), ("User-Agent", "TestAgent"), ("X-Custom", "one"), ("x-custom", "two"),
            ("Cookie", "session=abc123; theme=dark"), ("x-forwarded-proto", "http"),
        ]);

        var evt = Write(request);

        var headers = evt["headers"]!.AsObject();
        Assert.Equal("two", (string?)headers["X-Custom"]);
        Assert.Equal(["one", "two"], evt["multiValueHeaders"]!["X-Custom"]!.AsArray().Select(static v => (string)v!));
        Assert.Equal("session=abc123; theme=dark", (string?)headers["Cookie"]);
        Assert.Equal("0", (string?)headers["Content-Length"]);
        Assert.Equal("198.51.100.10", (string?)headers["X-Forwarded-For"]);
        Assert.Equal("https", (string?)headers["X-Forwarded-Proto"]);
        Assert.Equal("443", (string?)headers["X-Forwarded-Port"]);
        Assert.Matches("^Root=1-6a5145a9-[0-9a-f]{24}$", (string?)headers["X-Amzn-Trace-Id"]);
        Assert.False(headers.ContainsKey("x-forwarded-proto"));
        Assert.Equal("TestAgent", (string?)evt["requestContext"]!["identity"]!["userAgent"]);
    }

    [Fact]
    public void Write_Query_LastValueWinsAndMultiValueKeepsAll()
    {
        var evt = Write(Create(query: "status=pending&tag=important&tag=urgent"));

        Assert.Equal("urgent", (string?)evt["queryStringParameters"]!["tag"]);
        Assert.Equal("pending", (string?)evt["queryStringParameters"]!["status"]);
        Assert.Equal(["important", "urgent"], evt["multiValueQueryStringParameters"]!["tag"]!.AsArray().Select(static v => (string)v!));
    }

    [Fact]
    public void Write_DefaultRoute_ResourceIsDefault()
    {
        var evt = Write(Create(routeKey: "$default"));

        Assert.Equal("$default", (string?)evt["resource"]);
        Assert.Equal("$default", (string?)evt["requestContext"]!["resourceId"]);
    }

    [Fact]
    public void Write_BinaryBody_IsBase64()
    {
        var evt = Write(Create(method: "POST", headers: [("Content-Type", "application/octet-stream")]), [1, 2, 3, 4, 5]);

        Assert.Equal("AQIDBAU=", (string?)evt["body"]);
        Assert.True((bool)evt["isBase64Encoded"]!);
    }

    [Fact]
    public void Write_JwtAuthorizer_PutsClaimsDirectlyUnderAuthorizer()
    {
        var context = new AuthorizerContext { JwtClaims = new JsonObject { ["sub"] = "u1", ["exp"] = 1700000000 } };

        var authorizer = Write(Create(authorizer: context))["requestContext"]!["authorizer"]!;

        Assert.Equal("u1", (string?)authorizer["claims"]!["sub"]);
        Assert.Equal("1700000000", (string?)authorizer["claims"]!["exp"]);
        Assert.Null(authorizer["scopes"]);
        Assert.False(authorizer.AsObject().ContainsKey("jwt"));
    }
}
