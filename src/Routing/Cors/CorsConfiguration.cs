namespace Routing.Cors;

/// <summary>An API's CORS configuration, with API Gateway's fields (<c>corsConfiguration</c>).</summary>
public sealed record CorsConfiguration
{
    /// <summary>Allowed origins: exact origins, <c>*</c>, or the scheme wildcards <c>https://*</c> and <c>http://*</c>.</summary>
    public IReadOnlyList<string> AllowOrigins { get; init; } = [];

    /// <summary>Allowed methods (may contain <c>*</c>).</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = [];

    /// <summary>Allowed request headers (may contain <c>*</c>).</summary>
    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    /// <summary>Response headers the browser may expose (may contain <c>*</c>).</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>How long, in seconds, a browser may cache a preflight answer; <see langword="null"/> sends no header.</summary>
    public int? MaxAge { get; init; }

    /// <summary>Whether credentials are allowed; refused together with a wildcard origin.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowCredentials { get; init; }
}
