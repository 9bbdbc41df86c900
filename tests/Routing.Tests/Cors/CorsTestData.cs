using Routing.Definitions;
using Routing.Http;

namespace Routing.Tests.Cors;

/// <summary>Configurations and requests the CORS tests share (the shapes of the security corpus's policies).</summary>
internal static class CorsTestData
{
    public const string App = "https://app.example.com";
    public const string Admin = "https://admin.example.com";

    /// <summary>The corpus's <c>corsStrict</c>: two origins, credentials, three methods, three headers.</summary>
    public static CorsConfiguration Strict { get; } = new()
    {
        AllowOrigins = [App, Admin],
        AllowMethods = ["GET", "POST", "PUT"],
        AllowHeaders = ["authorization", "content-type", "x-request-id"],
        ExposeHeaders = ["x-request-id"],
        MaxAge = 600,
        AllowCredentials = true,
    };

    /// <summary>The corpus's <c>corsWildcard</c>: any origin, no credentials.</summary>
    public static CorsConfiguration Wildcard { get; } = new()
    {
        AllowOrigins = ["*"],
        AllowMethods = ["GET", "POST"],
        AllowHeaders = ["content-type"],
        MaxAge = 300,
    };

    /// <summary>Every https origin, no credentials.</summary>
    public static CorsConfiguration AnyHttps { get; } = new()
    {
        AllowOrigins = ["https://*"],
        AllowMethods = ["GET", "PUT"],
        AllowHeaders = ["content-type"],
    };

    public static GatewayRequest Request(string method, string target, params (string Name, string Value)[] headers) => new()
    {
        Method = method,
        RawTarget = target,
        Headers = [.. headers.Select(static h => new KeyValuePair<string, string>(h.Name, h.Value))],
    };

    public static GatewayRequest Get(string? origin, params (string Name, string Value)[] more) =>
        Request("GET", "/pets", [.. origin is null ? [] : new[] { ("Origin", origin) }, .. more]);

    public static GatewayRequest Preflight(string origin, string method = "POST", string? headers = null) =>
        Request("OPTIONS", "/pets", [("Origin", origin), ("Access-Control-Request-Method", method), .. headers is null ? [] : new[] { ("Access-Control-Request-Headers", headers) }]);

    /// <summary>The header lines of a response whose name starts with <c>access-control-</c>.</summary>
    public static List<KeyValuePair<string, string>> CorsHeaders(GatewayResponse response) =>
        response.Headers.Where(static h => h.Key.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Every value of a header, one per line.</summary>
    public static List<string> Values(GatewayResponse response, string name) =>
        response.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(static h => h.Value).ToList();
}
