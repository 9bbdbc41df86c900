using System.Text.Json;
using System.Text.Json.Serialization;

namespace Routing.Integrations.Lambda;

/// <summary>The <c>requestContext.authorizer</c> member of a payload format 2.0 event.</summary>
public sealed class PayloadV2AuthorizerDescription
{
    /// <summary>A JWT authorizer's output; <see langword="null"/> for other authorizers.</summary>
    [JsonPropertyName("jwt")]
    public PayloadV2JwtDescription? Jwt { get; set; }

    /// <summary>A Lambda authorizer's <c>context</c>, with its JSON types; <see langword="null"/> for other authorizers.</summary>
    [JsonPropertyName("lambda")]
    public IDictionary<string, JsonElement>? Lambda { get; set; }
}
