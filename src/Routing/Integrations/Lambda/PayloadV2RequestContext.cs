using System.Text.Json.Serialization;

namespace Routing.Integrations.Lambda;

/// <summary>The <c>requestContext</c> of a payload format 2.0 event.</summary>
public sealed class PayloadV2RequestContext
{
    /// <summary>The API owner's account id.</summary>
    [JsonPropertyName("accountId")]
    public string? AccountId { get; set; }

    /// <summary>The API id.</summary>
    [JsonPropertyName("apiId")]
    public string? ApiId { get; set; }

    /// <summary>The mTLS client certificate (<c>authentication.clientCert</c>); <see langword="null"/> without mutual TLS.</summary>
    [JsonPropertyName("authentication")]
    public PayloadV2Authentication? Authentication { get; set; }

    /// <summary>What the route's authorizer produced; <see langword="null"/> when the route has none.</summary>
    [JsonPropertyName("authorizer")]
    public PayloadV2AuthorizerDescription? Authorizer { get; set; }

    /// <summary>The API's domain name.</summary>
    [JsonPropertyName("domainName")]
    public string? DomainName { get; set; }

    /// <summary>The first label of <see cref="DomainName"/>.</summary>
    [JsonPropertyName("domainPrefix")]
    public string? DomainPrefix { get; set; }

    /// <summary>The HTTP side of the request.</summary>
    [JsonPropertyName("http")]
    public PayloadV2HttpDescription? Http { get; set; }

    /// <summary>The request id, also sent back as <c>apigw-requestid</c>.</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    /// <summary>The matched route key.</summary>
    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; set; }

    /// <summary>The stage: <c>$default</c> or its name.</summary>
    [JsonPropertyName("stage")]
    public string? Stage { get; set; }

    /// <summary>When the request arrived, as <c>10/Jul/2026:19:19:05 +0000</c>.</summary>
    [JsonPropertyName("time")]
    public string? Time { get; set; }

    /// <summary>When the request arrived, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyName("timeEpoch")]
    public long TimeEpoch { get; set; }
}
