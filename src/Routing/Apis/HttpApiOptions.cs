using Routing.Authorization.Jwt;
using Routing.Definitions;




namespace Routing.Apis;

/// <summary>Settings of a running API that are not part of its definition.</summary>
public sealed class HttpApiOptions
{
    /// <summary>The API's identity as reported in payload events.</summary>
    /// <value>The default value is API id <c>local</c>, account <c>000000000000</c>, domain <c>localhost</c>.</value>
    public ApiIdentity Identity { get; set; } = new("local", "000000000000", "localhost");

    /// <summary>The clock for deployment times and request times.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where JWT authorizers get their issuers' signing keys. Authorizers of every deployment (and of every API given
    /// the same source) share its cache, so a redeploy does not fetch the keys again.
    /// </summary>
    /// <value>The default value is <see cref="OidcKeySource.Shared"/>.</value>
    public OidcKeySource KeySource { get; set; } = OidcKeySource.Shared;
}
