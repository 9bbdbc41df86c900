using System.Text.Json.Serialization;
using Routing.Routes;

namespace Routing.Integrations.Lambda;

/// <summary>
/// The payload format 2.0 event a Lambda-style function receives, with AWS's JSON member names, for typed handlers
/// written without the Amazon.Lambda packages (see <see cref="LambdaIntegration.Create(Func{PayloadV2Request, CancellationToken, ValueTask{PayloadV2Response}})"/>).
/// </summary>
public sealed class PayloadV2Request
{
    /// <summary>Always <c>2.0</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>The matched route key as configured, e.g. <c>GET /pets/{id}</c> or <c>$default</c>.</summary>
    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; set; }

    /// <summary>The request path, percent-decoded, including a named stage's segment.</summary>
    [JsonPropertyName("rawPath")]
    public string? RawPath { get; set; }

    /// <summary>The query string as sent (still encoded), without <c>?</c>; empty when there is none.</summary>
    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; set; }

    /// <summary>The request's cookies (<c>name=value</c>); <see langword="null"/> when it sent none.</summary>
    [JsonPropertyName("cookies")]
    public IList<string>? Cookies { get; set; }

    /// <summary>The headers: lower-case names, repeated lines joined with <c>,</c>.</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>The decoded query parameters, repeated names joined with <c>,</c>; <see langword="null"/> without a query.</summary>
    [JsonPropertyName("queryStringParameters")]
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>What the gateway knows about the request.</summary>
    [JsonPropertyName("requestContext")]
    public PayloadV2RequestContext? RequestContext { get; set; }

    /// <summary>The body as text, or base64 when <see cref="IsBase64Encoded"/>; <see langword="null"/> without a body.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; set; }

    /// <summary>The route's decoded path parameters; <see langword="null"/> when it has none.</summary>
    [JsonPropertyName("pathParameters")]
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }

    /// <summary>The stage's variables; <see langword="null"/> when it has none.</summary>
    [JsonPropertyName("stageVariables")]
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>The body's bytes: <see cref="Body"/> base64-decoded or UTF-8 encoded; empty without a body.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="FormatException"><see cref="IsBase64Encoded"/> is set and <see cref="Body"/> is not base64.</exception>
    public byte[] GetBodyBytes()
    {
        if (Body is null)
        {
            return [];
        }

        return IsBase64Encoded ? Convert.FromBase64String(Body) : System.Text.Encoding.UTF8.GetBytes(Body);
    }
}
