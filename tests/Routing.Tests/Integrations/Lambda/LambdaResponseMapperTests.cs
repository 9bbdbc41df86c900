using System.Text;
using Routing.Definitions;
using Routing.Http;
using Routing.Integrations.Lambda;

namespace Routing.Tests.Integrations.Lambda;

public sealed class LambdaResponseMapperTests
{
    private const string ServerError = "{\"message\":\"Internal Server Error\"}";

    private static GatewayResponse V2(string payload) => MappedResponses.Answer(() => LambdaResponseMapper.MapV2(Encoding.UTF8.GetBytes(payload)));

    private static GatewayResponse V1(string payload) => MappedResponses.Answer(() => LambdaResponseMapper.MapV1(Encoding.UTF8.GetBytes(payload)));

    private static List<string> Lines(GatewayResponse response, string name)
        => response.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(static h => h.Value).ToList();

    [Fact]
    public void MapV2_StructuredWithoutContentType_DefaultsToTextPlain()
    {
        var response = V2("""{"statusCode":201,"body":"{\"message\":\"Created\"}"}""");

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.GetHeader("content-type"));
        Assert.Equal("{\"message\":\"Created\"}", response.GetBodyText());
    }

    [Fact]
    public void MapV2_HeadersAndCookies_OneLineEachCommaNotSplit()
    {
        var response = V2("""
            {"statusCode":200,"headers":{"Content-Type":"application/xml","myheader":"test,second","X-Num":5},
             "cookies":["a=1; Path=/; HttpOnly","b=2"],"body":"<a/>"}
            """);

        Assert.Equal(["application/xml"], Lines(response, "content-type"));
        Assert.Equal(["test,second"], Lines(response, "myheader"));
        Assert.Equal(["5"], Lines(response, "x-num"));
        Assert.Equal(["a=1; Path=/; HttpOnly", "b=2"], Lines(response, "set-cookie"));
        Assert.Equal("<a/>", response.GetBodyText());
    }

    [Fact]
    public void MapV2_Base64Body_IsDecoded()
    {
        var response = V2("""{"statusCode":200,"isBase64Encoded":true,"body":"AQID"}""");

        Assert.Equal(new byte[] { 1, 2, 3 }, response.Body.ToArray());
    }

    [Fact]
    public void MapV2_NoBody_IsEmpty()
    {
        var response = V2("""{"statusCode":204}""");

        Assert.Equal(204, response.StatusCode);
        Assert.True(response.Body.IsEmpty);
    }

    [Fact]
    public void MapV2_FramingHeaders_AreDropped()
    {
        var response = V2("""{"statusCode":200,"headers":{"Content-Length":"99","Transfer-Encoding":"chunked"},"body":"ok"}""");

        Assert.Null(response.GetHeader("content-length"));
        Assert.Null(response.GetHeader("transfer-encoding"));
    }

    [Theory]
    [InlineData("""{"statusCode":200,"headers":{"Content-Length":"70"}}""", false, null)]
    [InlineData("""{"statusCode":200,"headers":{"Content-Length":"70"},"body":"ok"}""", true, null)]
    [InlineData("""{"statusCode":200,"headers":{"Content-Length":"70"}}""", true, "70")]
    [InlineData("""{"statusCode":200,"headers":{"Content-Length":" 70 ","Transfer-Encoding":"chunked"},"body":""}""", true, " 70 ")]
    [InlineData("""{"statusCode":200,"headers":{"Content-Length":"-70"}}""", true, null)]
    [InlineData("""{"statusCode":200,"headers":{"Content-Length":"70,70"}}""", true, null)]
    public void MapV2_ContentLength_KeptOnlyForABodilessHeadAnswer(string payload, bool head, string? expected)
    {
        var response = MappedResponses.Answer(() => LambdaResponseMapper.MapV2(Encoding.UTF8.GetBytes(payload), head));

        Assert.Equal(expected is null ? [] : [expected], Lines(response, "content-length"));
        Assert.Empty(Lines(response, "transfer-encoding"));
    }

    [Fact]
    public void MapV1_HeadAnswer_KeepsTheFirstValidLengthOnly()
    {
        var response = MappedResponses.Answer(() => LambdaResponseMapper.MapV1(
            """{"statusCode":200,"headers":{"Content-Length":"70"},"multiValueHeaders":{"Content-Length":["71"]}}"""u8.ToArray(), head: true));

        Assert.Equal(["70"], Lines(response, "content-length"));
    }

    [Fact]
    public void MapV2_TypedHeadAnswer_KeepsTheDeclaredLength()
    {
        var response = LambdaResponseMapper.MapV2(
            new PayloadV2Response { StatusCode = 200, Headers = new Dictionary<string, string> { ["content-length"] = "70" } }, head: true);

        Assert.Equal(["70"], Lines(response, "content-length"));
    }

    [Fact]
    public void MapV2_MultiValueHeaders_AreIgnored()
    {
        var response = V2("""{"statusCode":200,"multiValueHeaders":{"X-A":["1","2"]},"body":"ok"}""");

        Assert.Null(response.GetHeader("x-a"));
    }

    [Theory]
    [InlineData("\"Hello from Lambda!\"", "Hello from Lambda!")]
    [InlineData("\"\"", "")]
    [InlineData("\"Special \\\"quoted\\\" text\"", "Special \"quoted\" text")]
    [InlineData("42", "42")]
    [InlineData("true", "true")]
    [InlineData("[1, 2]", "[1, 2]")]
    [InlineData("{\"body\": \"hi\"}", "{\"body\": \"hi\"}")]
    [InlineData("{\"name\": \"John Doe\", \"age\":", "{\"name\": \"John Doe\", \"age\":")]
    [InlineData("", "")]
    public void MapV2_WithoutStatusCode_InfersJson200(string payload, string body)
    {
        var response = V2(payload);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["application/json"], Lines(response, "content-type"));
        Assert.Equal(body, response.GetBodyText());
    }

    [Theory]
    [InlineData("""{"statusCode":0,"body":"x"}""")]
    [InlineData("""{"statusCode":200.5,"body":"x"}""")]
    [InlineData("""{"statusCode":"200","body":"x"}""")]
    [InlineData("""{"statusCode":null}""")]
    [InlineData("""{"statusCode":600}""")]
    [InlineData("""{"statusCode":200,"body":{"a":1}}""")]
    [InlineData("""{"statusCode":200,"isBase64Encoded":true,"body":"***"}""")]
    [InlineData("""{"statusCode":200,"isBase64Encoded":"true","body":"x"}""")]
    [InlineData("""{"statusCode":200,"headers":{"X-A":["1"]}}""")]
    [InlineData("""{"statusCode":200,"headers":"x"}""")]
    [InlineData("""{"statusCode":200,"cookies":"a=1"}""")]
    [InlineData("""{"statusCode":200,"cookies":[1]}""")]
    public void MapV2_InvalidStructured_Is500(string payload)
    {
        var response = V2(payload);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("application/json", response.GetHeader("content-type"));
        Assert.Equal(ServerError, response.GetBodyText());
    }

    [Fact]
    public void MapV1_HeadersAndMultiValueHeaders_SingleValueFirst()
    {
        var response = V1("""
            {"statusCode":200,"headers":{"Combined-Header":"single-value","X-Custom-Header":"single-value","Content-Type":"application/json"},
             "multiValueHeaders":{"Combined-Header":["multi-value1","multi-value2"],"X-Multi-Header":["multi-value1","multi-value2"]},
             "body":"{}"}
            """);

        Assert.Equal(["single-value", "multi-value1", "multi-value2"], Lines(response, "combined-header"));
        Assert.Equal(["multi-value1", "multi-value2"], Lines(response, "x-multi-header"));
        Assert.Equal(["single-value"], Lines(response, "x-custom-header"));
        Assert.Equal(["application/json"], Lines(response, "content-type"));
    }

    [Fact]
    public void MapV1_WithoutContentType_DefaultsToTextPlain()
    {
        var response = V1("""{"statusCode":200,"body":"Hello, World!"}""");

        Assert.Equal("text/plain; charset=utf-8", response.GetHeader("content-type"));
        Assert.Equal("Hello, World!", response.GetBodyText());
    }

    [Fact]
    public void MapV1_CookiesMember_IsIgnored()
    {
        var response = V1("""{"statusCode":200,"cookies":["a=1"]}""");

        Assert.Null(response.GetHeader("set-cookie"));
    }

    [Theory]
    [InlineData("""{"statusCode":0,"body":"x"}""")]
    [InlineData("""{"body":"x"}""")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"statusCode\": 200,")]
    [InlineData("")]
    [InlineData("""{"statusCode":200,"multiValueHeaders":{"X":"not-an-array"}}""")]
    public void MapV1_InvalidOutput_Is500(string payload)
    {
        var response = V1(payload);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(ServerError, response.GetBodyText());
    }

    [Fact]
    public void Map_Version_SelectsTheRules()
    {
        byte[] payload = Encoding.UTF8.GetBytes("\"text\"");

        Assert.Equal(200, LambdaResponseMapper.Map(payload, PayloadFormatVersion.V2).StatusCode);
        Assert.Equal(500, MappedResponses.Answer(() => LambdaResponseMapper.Map(payload, PayloadFormatVersion.V1)).StatusCode);
    }
}
