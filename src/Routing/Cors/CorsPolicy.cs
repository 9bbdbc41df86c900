using Routing.Apis;
using Routing.Dispatch;

namespace Routing.Cors;

/// <summary>A compiled CORS configuration: header values computed once. (Being implemented.)</summary>
internal sealed class CorsPolicy(CorsConfiguration configuration)
{
    public CorsConfiguration Configuration { get; } = configuration;

    /// <summary>Checks a configuration at deploy time.</summary>
    public static IReadOnlyList<ValidationError> Validate(CorsConfiguration configuration) => [];

    /// <summary>Whether a request is a CORS preflight: OPTIONS with <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(GatewayRequest request) => false;

    /// <summary>The gateway's own answer to a preflight that no route takes.</summary>
    public GatewayResponse AnswerPreflight(GatewayRequest request) => new(Configuration.AllowOrigins.Count > 0 ? 204 : 204);

    /// <summary>Replaces the integration's CORS headers with the configured ones for an actual request.</summary>
    public void Apply(GatewayRequest request, GatewayResponse response) => _ = Configuration;
}
