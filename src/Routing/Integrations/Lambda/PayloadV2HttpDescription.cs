using System.Text.Json.Serialization;

namespace Routing.Integrations.Lambda;

/// <summary>The <c>requestContext.http</c> member of a payload format 2.0 event.</summary>
public sealed class PayloadV2HttpDescription
{
    /// <summary>The request method as sent.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; set; }

    /// <summary>The decoded path, as <see cref="PayloadV2Request.RawPath"/>.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>Always <c>HTTP/1.1</c>: the protocol the gateway speaks to integrations.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    /// <summary>The client's IP address.</summary>
    [JsonPropertyName("sourceIp")]
    public string? SourceIp { get; set; }

    /// <summary>The <c>User-Agent</c> header; empty when there is none.</summary>
    [JsonPropertyName("userAgent")]
    public string? UserAgent { get; set; }
}
