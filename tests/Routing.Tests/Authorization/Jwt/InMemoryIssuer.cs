using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>
/// OIDC metadata served from memory through an <see cref="HttpMessageHandler"/> (no socket): the discovery document at
/// <see cref="DiscoveryUri"/> and the JWKS of <see cref="Keys"/>. Records every request, to any host.
/// </summary>
internal sealed class InMemoryIssuer : HttpMessageHandler
{
    public const string Host = "https://idp.memory.test";

    public static readonly Uri DiscoveryUri = new(Host + "/.well-known/openid-configuration");

    public TestKey[] Keys { get; set; } = [];

    /// <summary>When set, served instead of the JWKS built from <see cref="Keys"/>.</summary>
    public string? RawJwks { get; set; }

    public ConcurrentQueue<Uri> Requests { get; } = new();

    public int JwksRequests => Requests.Count(static u => u.AbsolutePath == "/jwks");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        Requests.Enqueue(uri);
        string? body = uri.GetLeftPart(UriPartial.Path) switch
        {
            Host + "/.well-known/openid-configuration" => new JsonObject { ["issuer"] = TestJwt.Issuer, ["jwks_uri"] = Host + "/jwks" }.ToJsonString(),
            Host + "/jwks" => RawJwks ?? TestKey.Jwks(Keys),
            _ => null,
        };
        var response = body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return Task.FromResult(response);
    }
}
