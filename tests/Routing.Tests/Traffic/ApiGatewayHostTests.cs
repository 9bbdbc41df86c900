using System.Collections.Concurrent;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Domains;
using Routing.Http;
using Routing.Integrations;
using Routing.Pipeline;
using Routing.Traffic;

namespace Routing.Tests.Traffic;

/// <summary>Custom domains over several APIs: what the corpus does not show (refusals, the access log, hosts that are not the gateway's).</summary>
public sealed class ApiGatewayHostTests
{
    private sealed class ListSink : IAccessLogSink
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Write(string stage, string? destinationArn, string line) => Lines.Enqueue(line);
    }

    private static HttpApi Api(string id, IAccessLogSink? sink = null)
    {
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200) };
        definition.Routes.Add(new RouteDefinition { RouteKey = "ANY /{proxy+}", IntegrationId = "mock" });
        var api = new HttpApi(definition, new HttpApiOptions { Identity = new ApiIdentity(id, "123456789012", $"{id}.execute-api.us-east-1.amazonaws.com"), AccessLogSink = sink });
        api.AddStage(new Stage
        {
            Name = "live",
            AutoDeploy = true,
            AccessLogSettings = new AccessLogSettings { Format = "$context.requestId $context.customDomain.basePathMatched $context.domainName $context.path $context.stage" },
        });
        return api;
    }

    [Fact]
    public async Task Serve_ThroughAMapping_LogsTheKeyTheHostAndTheFullPath()
    {
        // Arrange
        var sink = new ListSink();
        var host = new ApiGatewayHost();
        host.AddApi(Api("orders1234", sink));
        host.AddDomain(new CustomDomainName { DomainName = "api.example.com", ApiMappings = [new ApiMapping { ApiMappingKey = "orders/v1", ApiId = "orders1234", Stage = "live" }] });

        // Act
        var context = await host.ServeAsync(new GatewayRequest { Method = "GET", RawTarget = "/orders/v1/42?x=1", Headers = [new("Host", "API.example.com:443")] }, TestContext.Current.CancellationToken);

        // Assert
        Assert.NotNull(context);
        Assert.Equal(200, context.StatusCode);
        Assert.Equal("/42", context.IntegrationRequest!.RoutingPath);
        Assert.Equal($"{context.RequestId} orders/v1 api.example.com /orders/v1/42 live", Assert.Single(sink.Lines));
    }

    [Fact]
    public async Task Serve_HostThatIsNotTheGateways_IsLeftToTheHost()
    {
        var host = new ApiGatewayHost();
        host.AddApi(Api("orders1234"));

        var other = await host.ServeAsync(new GatewayRequest { Method = "GET", RawTarget = "/x", Headers = [new("Host", "www.example.com")] }, TestContext.Current.CancellationToken);
        var otherRegion = await host.ServeAsync(new GatewayRequest { Method = "GET", RawTarget = "/live/x", Headers = [new("Host", "orders1234.execute-api.eu-west-1.amazonaws.com")] }, TestContext.Current.CancellationToken);

        Assert.Null(other);
        Assert.Null(otherRegion);
    }

    [Theory]
    [InlineData("/orders", "orders1234", "live", "NotFoundException")]
    [InlineData("orders v2", "orders1234", "live", "BadRequestException")]
    [InlineData("orders", "nobody0000", "live", "NotFoundException")]
    [InlineData("orders", "orders1234", "prod", "NotFoundException")]
    public void AddApiMapping_InvalidKeyApiOrStage_IsRefusedNamingApiGatewaysError(string key, string apiId, string stage, string error)
    {
        var host = new ApiGatewayHost();
        host.AddApi(Api("orders1234"));
        host.AddDomain(new CustomDomainName { DomainName = "api.example.com" });

        var refused = Assert.Throws<ArgumentException>(() => host.AddApiMapping(key == "/orders" ? "nope.example.com" : "api.example.com", new ApiMapping { ApiMappingKey = key, ApiId = apiId, Stage = stage }));

        Assert.Contains($"({error})", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDomain_TheSameKeyTwice_IsAConflict()
    {
        var host = new ApiGatewayHost();
        host.AddApi(Api("orders1234"));

        var refused = Assert.Throws<ArgumentException>(() => host.AddDomain(new CustomDomainName
        {
            DomainName = "api.example.com",
            ApiMappings = [new ApiMapping { ApiMappingKey = "a", ApiId = "orders1234", Stage = "live" }, new ApiMapping { ApiMappingKey = "a", ApiId = "orders1234", Stage = "live" }],
        }));

        Assert.Contains("(ConflictException)", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("valid", 200)]
    [InlineData("none", 403)]
    [InlineData("expired", 403)]
    [InlineData("weak key", 403)]
    [InlineData("sha1", 403)]
    public async Task Serve_MutualTlsDomain_AcceptsOnlyAStrongValidCertificateThatChainsToTheTruststore(string client, int status)
    {
        // Arrange: a root in the truststore, and a client certificate of the kind named.
        var authorities = new Dictionary<string, (System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, System.Security.Cryptography.RSA Key)>(StringComparer.Ordinal);
        var root = Certificates.Authority(System.Text.Json.Nodes.JsonNode.Parse("""{"subject": "CN=Root", "issuer": "CN=Root"}""")!.AsObject(), authorities);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var host = new ApiGatewayHost(timeProvider: clock);
        host.AddApi(Api("secure1234"));
        host.AddDomain(new CustomDomainName
        {
            DomainName = "secure.example.com",
            ApiMappings = [new ApiMapping { ApiId = "secure1234", Stage = "live" }],
            MutualTlsAuthentication = new MutualTlsAuthentication { Truststore = [root.Certificate] },
        });
        string description = client switch
        {
            "expired" => """{"subject": "CN=c", "issuer": "CN=Root", "notBefore": "2020-01-01T00:00:00Z", "notAfter": "2021-01-01T00:00:00Z"}""",
            "weak key" => """{"subject": "CN=c", "issuer": "CN=Root", "keyAlgorithm": "RSA-1024"}""",
            "sha1" => """{"subject": "CN=c", "issuer": "CN=Root", "signatureAlgorithm": "sha1WithRSAEncryption"}""",
            _ => """{"subject": "CN=c", "issuer": "CN=Root"}""",
        };
        using var certificate = client == "none" ? null : Certificates.Client(System.Text.Json.Nodes.JsonNode.Parse(description)!.AsObject(), authorities);

        // Act
        var context = await host.ServeAsync(new GatewayRequest { Method = "GET", RawTarget = "/x", Headers = [new("Host", "secure.example.com")], ClientCertificate = certificate }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(status, context!.StatusCode);
    }
}
