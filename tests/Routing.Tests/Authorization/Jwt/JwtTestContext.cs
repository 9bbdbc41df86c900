using Microsoft.Extensions.Time.Testing;
using Routing.Authorization.Jwt;
using Routing.Authorization;
using Routing.Definitions;
using Routing.Pipeline;
using Routing.Tests.Integrations.Lambda;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>
/// One authorizer under test: an in-memory issuer (keys <see cref="K1"/>, <see cref="K2"/>, <see cref="E1"/>), a fresh
/// key source that reads from it, and fake clocks at <see cref="TestJwt.Now"/> for the key source and the API. The key
/// source keeps the default fetch timeout: on a fake clock it fires only if a test advances <see cref="KeyClock"/> while a
/// fetch is in flight, never because the machine is slow.
/// </summary>
internal sealed class JwtTestContext : IDisposable
{
    // Keys are made once per test run; generating RSA keys is slow.
    public static readonly TestKey K1 = TestKey.Rsa("k1");
    public static readonly TestKey K2 = TestKey.Rsa("k2");
    public static readonly TestKey E1 = TestKey.Ec("e1");

    /// <summary>Never published; signs with kid k1 to forge.</summary>
    public static readonly TestKey Attacker = TestKey.Rsa("k1");

    public JwtTestContext(Func<JwtAuthorizerDefinition, JwtAuthorizerDefinition>? edit = null)
    {
        Issuer = new InMemoryIssuer { Keys = [K1, K2, E1] };
        KeyClock = TestJwt.NewClock();
        Source = new OidcKeySource { HttpMessageHandler = Issuer, RefreshInterval = TimeSpan.FromSeconds(1), TimeProvider = KeyClock };
        Clock = TestJwt.NewClock();
        Definition = (edit ?? (static d => d))(DefaultDefinition);
        Authorizer = new JwtAuthorizer("main", Definition, Source, Clock);
    }

    public static JwtAuthorizerDefinition DefaultDefinition { get; } = new()
    {
        Issuer = TestJwt.Issuer,
        Audiences = [TestJwt.Audience, "client-abc"],
        DiscoveryUri = InMemoryIssuer.DiscoveryUri,
    };

    public InMemoryIssuer Issuer { get; }

    /// <summary>The key source's clock (refresh intervals, fetch timeouts).</summary>
    public FakeTimeProvider KeyClock { get; }

    /// <summary>The API's clock (token lifetimes).</summary>
    public FakeTimeProvider Clock { get; }

    public OidcKeySource Source { get; }

    public JwtAuthorizerDefinition Definition { get; }

    public JwtAuthorizer Authorizer { get; }

    /// <summary>Runs the authorizer with an <c>Authorization</c> header (none when null).</summary>
    public Task<AuthorizationResult> AuthorizeAsync(string? authorization, params string[] routeScopes)
        => AuthorizeAsync(Request(authorization), routeScopes);

    public async Task<AuthorizationResult> AuthorizeAsync(IntegrationRequest request, params string[] routeScopes)
        => await Authorizer.AuthorizeAsync(request, routeScopes, TestContext.Current.CancellationToken);

    /// <summary>Signs a token with a key (header kid = the key's kid) and sends it as <c>Bearer</c>.</summary>
    public Task<AuthorizationResult> AuthorizeTokenAsync(string token, params string[] routeScopes) => AuthorizeAsync("Bearer " + token, routeScopes);

    public static IntegrationRequest Request(string? authorization, string query = "", params (string Name, string Value)[] more)
    {
        var headers = new List<(string, string)> { ("Host", "api.example.test") };
        if (authorization is not null)
        {
            headers.Add(("Authorization", authorization));
        }

        headers.AddRange(more);
        return LambdaTestRequests.Create(query: query, headers: headers);
    }

    public void Dispose() => Source.Dispose();
}
