using System.Text.Json.Serialization;

namespace Routing.Integrations.Lambda;

/// <summary>The <c>requestContext.authorizer.jwt</c> member of a payload format 2.0 event.</summary>
public sealed class PayloadV2JwtDescription
{
    /// <summary>Every claim of the token, stringified as API Gateway does (<c>"1700000000"</c>, <c>"true"</c>, <c>"[a b]"</c>).</summary>
    [JsonPropertyName("claims")]
    public IDictionary<string, string>? Claims { get; set; }

    /// <summary>The token's scopes when the route requires scopes; <see langword="null"/> otherwise.</summary>
    [JsonPropertyName("scopes")]
    public IList<string>? Scopes { get; set; }
}
