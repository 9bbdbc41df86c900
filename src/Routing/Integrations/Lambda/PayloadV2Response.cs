using System.Text.Json.Serialization;

namespace Routing.Integrations.Lambda;

/// <summary>
/// A structured payload format 2.0 response, with AWS's JSON member names. Without a <c>content-type</c> header the
/// client gets <c>text/plain; charset=utf-8</c>.
/// </summary>
public sealed class PayloadV2Response
{
    /// <summary>The status code, 100 to 599; anything else gives the client 500.</summary>
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; set; }

    /// <summary>Response headers, one line each (a comma inside a value is not split).</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Cookies, each sent as its own <c>set-cookie</c> line.</summary>
    [JsonPropertyName("cookies")]
    public IList<string>? Cookies { get; set; }

    /// <summary>The body as text, or base64 when <see cref="IsBase64Encoded"/>.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64 (decoded before it is sent).</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }
}
