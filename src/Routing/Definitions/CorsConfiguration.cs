namespace Routing.Definitions;

/// <summary>An API's CORS configuration, with API Gateway's fields (<c>corsConfiguration</c>).</summary>
/// <remarks>
/// <para>Deploying checks the configuration as a whole (every problem is reported at once) and compiles it into a
/// policy whose header values are computed once. With a configuration, the gateway answers a CORS preflight
/// (<c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>) that no route takes, replaces any
/// <c>Access-Control-*</c> headers an integration returns with the configured ones, and adds <c>Vary</c>.</para>
/// <para>Origins are compared exactly (ordinal, case-sensitive). Browsers send the scheme and host in lower case, so
/// write configured origins in lower case and without a default port: <c>https://app.example.com</c>, not
/// <c>https://App.Example.com</c> or <c>https://app.example.com:443</c>.</para>
/// </remarks>
public sealed record CorsConfiguration
{
    /// <summary>The wildcard: every origin (<see cref="AllowOrigins"/>), method (<see cref="AllowMethods"/>) or header
    /// (<see cref="AllowHeaders"/>, <see cref="ExposeHeaders"/>). Refused together with <see cref="AllowCredentials"/>.</summary>
    public const string Wildcard = "*";

    /// <summary>The origin wildcard that admits every <c>https</c> origin. Refused together with <see cref="AllowCredentials"/>.</summary>
    public const string AnyHttpsOrigin = "https://*";

    /// <summary>The origin wildcard that admits every <c>http</c> origin. Refused together with <see cref="AllowCredentials"/>.</summary>
    public const string AnyHttpOrigin = "http://*";

    /// <summary>The smallest <see cref="MaxAge"/> accepted (API Gateway's range): -1, which tells browsers not to cache.</summary>
    public const int MinMaxAge = -1;

    /// <summary>The largest <see cref="MaxAge"/> accepted (API Gateway's range): one day.</summary>
    public const int MaxMaxAge = 86400;

    /// <summary>The longest origin accepted, in characters; a longer <c>Origin</c> header is never allowed.</summary>
    public const int MaxOriginLength = 1024;

    /// <summary>The longest method name accepted in <see cref="AllowMethods"/> (API Gateway's limit).</summary>
    public const int MaxMethodLength = 64;

    /// <summary>
    /// Allowed origins, each <c>scheme://host[:port]</c> with no path (e.g. <c>https://app.example.com</c>),
    /// <see cref="Wildcard"/>, or the scheme wildcards <see cref="AnyHttpsOrigin"/> and <see cref="AnyHttpOrigin"/>.
    /// <c>null</c> and patterns such as <c>https://*.example.com</c> are refused.
    /// </summary>
    public IReadOnlyList<string> AllowOrigins { get; init; } = [];

    /// <summary>Allowed methods, upper case (<c>PUT</c>), or <see cref="Wildcard"/>. <c>GET</c>, <c>HEAD</c> and
    /// <c>POST</c> never need listing: browsers send them without asking.</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = [];

    /// <summary>Allowed request headers (names, compared case-insensitively), or <see cref="Wildcard"/>. Browsers never
    /// let <see cref="Wildcard"/> cover <c>Authorization</c>: list it by name.</summary>
    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    /// <summary>Response headers the browser lets scripts read, or <see cref="Wildcard"/>.</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>
    /// How long, in seconds, a browser may cache a preflight answer (<see cref="MinMaxAge"/> to <see cref="MaxMaxAge"/>);
    /// <see langword="null"/> sends no <c>Access-Control-Max-Age</c> header.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? MaxAge { get; init; }

    /// <summary>
    /// Whether browsers may send credentials (cookies, TLS client certificates, <c>Authorization</c>). Refused together
    /// with a wildcard origin (<see cref="Wildcard"/>, <see cref="AnyHttpsOrigin"/>, <see cref="AnyHttpOrigin"/>) and
    /// with <see cref="Wildcard"/> in <see cref="AllowMethods"/>, <see cref="AllowHeaders"/> or <see cref="ExposeHeaders"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowCredentials { get; init; }
}
