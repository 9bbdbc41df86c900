using System.Text.Json.Nodes;
using Routing.Apis;
using Routing.Authorization.Jwt;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.Lambda;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>
/// End to end through <see cref="HttpApiDispatcher"/>: a JWT route in front of a Lambda-style integration, the keys
/// fetched from a real OIDC issuer on loopback.
/// </summary>
public sealed class JwtAuthorizerDispatchTests : IAsyncLifetime
{
    private static readonly TestKey K1 = JwtTestContext.K1;

    private LoopbackIssuer _issuer = null!;
    private OidcKeySource _source = null!;
    private HttpApiDispatcher _dispatcher = null!;
    private int _invocations;
    private JsonNode? _event;

    public async ValueTask InitializeAsync()
    {
        _issuer = await LoopbackIssuer.StartAsync(K1);
        // One fake clock that nobody moves: tokens are judged at TestJwt.Now, and the fetch timeout never fires.
        var clock = TestJwt.NewClock();
        _source = new OidcKeySource { RequireHttps = false, TimeProvider = clock };
        var definition = new HttpApiDefinition();
        definition.Authorizers.Add("users", new JwtAuthorizerDefinition
        {
            Issuer = _issuer.Issuer,
            Audiences = [TestJwt.Audience],
            DiscoveryUri = _issuer.DiscoveryUri,
        });
        definition.Integrations.Add("orders", new IntegrationDefinition { Integration = new LambdaIntegration(CaptureAsync) });
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /orders", IntegrationId = "orders", AuthorizationType = AuthorizationType.Jwt, AuthorizerId = "users" });
        definition.Routes.Add(new RouteDefinition
        {
            RouteKey = "POST /orders",
            IntegrationId = "orders",
            AuthorizationType = AuthorizationType.Jwt,
            AuthorizerId = "users",
            AuthorizationScopes = ["orders:write", "orders:admin"],
        });
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /public", IntegrationId = "orders" });
        var api = new HttpApi(definition, new HttpApiOptions { KeySource = _source, TimeProvider = clock });
        api.AddStage(new Stage { Name = StageSelector.DefaultStageName, AutoDeploy = true });
        _dispatcher = new HttpApiDispatcher(api);
    }

    public async ValueTask DisposeAsync()
    {
        _source.Dispose();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Dispatch_NoToken_401WithChallengeAndNoIntegration()
    {
        await using var response = await DispatchAsync("GET", null);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", response.GetBodyText());
        Assert.Equal("application/json", response.GetHeader("content-type"));
        Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token is missing\"", response.GetHeader("www-authenticate"));
        Assert.NotNull(response.GetHeader(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal(0, _invocations);
    }

    [Fact]
    public async Task Dispatch_WrongAudience_401WithApiGatewaysChallenge()
    {
        await using var response = await DispatchAsync("GET", TestJwt.Sign(K1, TestJwt.Claims(static c => c["aud"] = "someone-else")));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\"", response.GetHeader("www-authenticate"));
        Assert.Equal(0, _invocations);
    }

    [Fact]
    public async Task Dispatch_ValidTokenWithoutTheRouteScope_403AndNoIntegration()
    {
        await using var response = await DispatchAsync("POST", TestJwt.Sign(K1, TestJwt.Claims(static c => c["scope"] = "orders:read")));

        Assert.Equal(403, response.StatusCode);
        Assert.Equal("""{"message":"Forbidden"}""", response.GetBodyText());
        Assert.Null(response.GetHeader("www-authenticate"));
        Assert.Equal(0, _invocations);
    }

    [Fact]
    public async Task Dispatch_ValidToken_ClaimsStringifiedInTheEventAndScopesNull()
    {
        string token = TestJwt.Sign(K1, TestJwt.Claims(static c =>
        {
            c["cognito:groups"] = new JsonArray("Admins", "Readers");
            c["email_verified"] = true;
            c["scope"] = "orders:read profile";
        }));

        await using var response = await DispatchAsync("GET", token);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, _invocations);
        var jwt = _event!["requestContext"]!["authorizer"]!["jwt"]!;
        var claims = jwt["claims"]!.AsObject();
        Assert.Equal(TestJwt.Issuer, claims["iss"]!.GetValue<string>());
        Assert.Equal(TestJwt.Audience, claims["aud"]!.GetValue<string>());
        Assert.Equal("1893459600", claims["exp"]!.GetValue<string>());
        Assert.Equal("[Admins Readers]", claims["cognito:groups"]!.GetValue<string>());
        Assert.Equal("true", claims["email_verified"]!.GetValue<string>());
        Assert.Equal("orders:read profile", claims["scope"]!.GetValue<string>());
        Assert.True(jwt.AsObject().ContainsKey("scopes"));
        Assert.Null(jwt["scopes"]);
        Assert.Equal("Bearer " + token, _event["headers"]!["authorization"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dispatch_ValidTokenWithARouteScope_ScopesArrayInTheEvent()
    {
        await using var response = await DispatchAsync("POST", TestJwt.Sign(K1, TestJwt.Claims(static c => c["scp"] = new JsonArray("profile", "orders:admin"))));

        Assert.Equal(200, response.StatusCode);
        var scopes = _event!["requestContext"]!["authorizer"]!["jwt"]!["scopes"]!.AsArray();
        Assert.Equal(["profile", "orders:admin"], scopes.Select(static s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task Dispatch_RouteWithoutAuthorizer_TokenIsNotValidated()
    {
        await using var response = await DispatchAsync("GET", "garbage", "/public");

        Assert.Equal(200, response.StatusCode);
        Assert.False(_event!["requestContext"]!.AsObject().ContainsKey("authorizer"));
        Assert.Equal(0, _issuer.JwksRequests);
    }

    private async Task<GatewayResponse> DispatchAsync(string method, string? token, string target = "/orders")
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "api.example.test") };
        if (token is not null)
        {
            headers.Add(new("Authorization", "Bearer " + token));
        }

        return await _dispatcher.DispatchAsync(new GatewayRequest { Method = method, RawTarget = target, Headers = headers }, TestContext.Current.CancellationToken);
    }

    private ValueTask<Stream> CaptureAsync(Stream input, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _invocations);
        _event = JsonNode.Parse(input);
        return ValueTask.FromResult<Stream>(new MemoryStream("""{"statusCode":200,"body":"ok"}"""u8.ToArray()));
    }
}
