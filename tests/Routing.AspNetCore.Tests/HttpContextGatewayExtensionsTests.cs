using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Routing.Http;

namespace Routing.AspNetCore.Tests;

public sealed class HttpContextGatewayExtensionsTests
{
    private static DefaultHttpContext NewContext(string rawTarget, string decodedPath)
    {
        var context = new DefaultHttpContext();
        var request = context.Features.Get<IHttpRequestFeature>()!;
        request.RawTarget = rawTarget;
        request.Path = decodedPath;
        request.Method = "PUT";
        request.Protocol = "HTTP/2";
        request.Scheme = "https";
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:10.1.2.3");
        context.Connection.LocalPort = 8443;
        context.Request.Headers.Append("X-Multi", new Microsoft.Extensions.Primitives.StringValues(["one", "two"]));
        context.Request.Headers.Host = "example.com";
        context.Request.Body = new MemoryStream("payload"u8.ToArray());
        return context;
    }

    [Fact]
    public void ToGatewayRequest_Context_UsesTheRawTargetNotThePath()
    {
        // Arrange
        var context = NewContext("/pets/%252e%252e?x=%2F", "/pets/%2e%2e");

        // Act
        var request = context.ToGatewayRequest();

        // Assert
        Assert.Equal("/pets/%252e%252e?x=%2F", request.RawTarget);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("HTTP/2", request.Protocol);
        Assert.Equal("https", request.Scheme);
        Assert.Equal(8443, request.Port);
        Assert.Equal("10.1.2.3", request.SourceIp);
        Assert.Same(context.Request.Body, request.Body);
        Assert.Equal(
            [new("X-Multi", "one"), new("X-Multi", "two"), new("Host", "example.com")],
            request.Headers.OrderBy(h => h.Key == "Host").ToArray());
    }

    [Fact]
    public void GetRawTarget_ServerWithoutRawTarget_Throws()
    {
        // Arrange
        var context = NewContext("", "/pets");

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => context.ToGatewayRequest());

        // Assert
        Assert.Equal(
            "The server does not provide IHttpRequestFeature.RawTarget; the HTTP API needs the request-target as sent. Host it on Kestrel, HTTP.sys or IIS.",
            error.Message);
    }

    [Fact]
    public async Task WriteGatewayResponseAsync_InMemoryBody_CopiesStatusHeaderLinesAndBody()
    {
        // Arrange
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await using var response = new GatewayResponse(
            201,
            [new("content-type", "text/plain"), new("set-cookie", "a=1"), new("set-cookie", "b=2"),
             new("content-length", "999"), new("connection", "close"), new("transfer-encoding", "chunked")],
            "created"u8.ToArray());

        // Act
        await context.WriteGatewayResponseAsync(response);

        // Assert
        Assert.Equal(201, context.Response.StatusCode);
        Assert.Equal(["a=1", "b=2"], context.Response.Headers.SetCookie.ToArray());
        Assert.Equal("text/plain", context.Response.ContentType);
        Assert.Equal(7, context.Response.ContentLength);
        Assert.False(context.Response.Headers.ContainsKey("connection"));
        Assert.False(context.Response.Headers.ContainsKey("transfer-encoding"));
        Assert.Equal("created", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task WriteGatewayResponseAsync_NoContent_WritesNoBody()
    {
        // Arrange
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await using var response = new GatewayResponse(204, null, "ignored"u8.ToArray());

        // Act
        await context.WriteGatewayResponseAsync(response);

        // Assert
        Assert.Equal(204, context.Response.StatusCode);
        Assert.Null(context.Response.ContentLength);
        Assert.Equal(0, body.Length);
    }

    [Fact]
    public async Task WriteGatewayResponseAsync_StreamedBody_CopiesTheStream()
    {
        // Arrange
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        byte[] big = Encoding.UTF8.GetBytes(new string('x', 100_000));
        await using var response = new GatewayResponse(200, [new("content-length", "100000")], new MemoryStream(big), null);

        // Act
        await context.WriteGatewayResponseAsync(response);

        // Assert
        Assert.Equal(big, body.ToArray());
        Assert.Equal("100000", context.Response.Headers.ContentLength.ToString());
    }
}
