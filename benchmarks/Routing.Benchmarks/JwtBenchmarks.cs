using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Routing.Authorization.Jwt;
using Routing.Definitions;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// Validating one RS256 bearer token per request with warm keys: our <see cref="JwtAuthorizer"/> against ASP.NET
/// Core's JWT bearer handler given the same <see cref="OpenIdConnectConfiguration"/> (the one our key source fetched)
/// and equivalent validation parameters.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the fields.
public class JwtBenchmarks
#pragma warning restore CA1001
{
    private const string Issuer = "https://issuer.bench.test";
    private const string Audience = "api://bench";
    private static readonly Uri DiscoveryUri = new("https://issuer.bench.test/.well-known/openid-configuration");

    private OidcKeySource _keySource = null!;
    private JwtAuthorizer _authorizer = null!;
    private IntegrationRequest _request = null!;
    private ServiceProvider _services = null!;
    private IServiceScopeFactory _scopes = null!;
    private StringValues _authorization;

    [GlobalSetup]
    public void Setup()
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        string jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["kid"] = "k1", ["use"] = "sig", ["alg"] = "RS256",
                ["n"] = Base64Url.EncodeToString(parameters.Modulus), ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            }),
        }.ToJsonString();
        string token = CreateToken(rsa);
        _authorization = "Bearer " + token;

        // Ours: the key source fetches (from memory) once; every request then reads the cached keys.
        _keySource = new OidcKeySource { HttpMessageHandler = new MetadataHandler(jwks) };
        var definition = new JwtAuthorizerDefinition { Issuer = Issuer, Audiences = [Audience], DiscoveryUri = DiscoveryUri };
        _authorizer = new JwtAuthorizer("bench", definition, _keySource, TimeProvider.System);
        var configuration = _keySource.GetConfigurationManager(DiscoveryUri).GetConfigurationAsync(CancellationToken.None).GetAwaiter().GetResult();
        _request = new IntegrationRequest
        {
            Method = "GET",
            Path = "/orders",
            EncodedPath = "/orders",
            RoutingPath = "/orders",
            RawQueryString = string.Empty,
            Headers = [new("Host", "api.bench.test"), new("Authorization", _authorization.ToString())],
            RouteKey = RouteKey.Parse("GET /orders"),
            PathParameters = new Dictionary<string, string>(),
            Stage = "$default",
            StageVariables = new Dictionary<string, string>(),
            RequestId = "bench",
            RequestTime = DateTimeOffset.UtcNow,
            SourceIp = "127.0.0.1",
            Protocol = "HTTP/1.1",
            Api = new ApiIdentity("bench", "000000000000", "api.bench.test"),
        };

        // ASP.NET Core: the same configuration object and the same rules.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Configuration = configuration;
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                ValidAlgorithms = ["RS256", "RS384", "RS512"],
                IgnoreTrailingSlashWhenValidatingAudience = false,
                TryAllIssuerSigningKeys = false,
                ClockSkew = TimeSpan.Zero,
            };
        });
        _services = services.BuildServiceProvider();
        _scopes = _services.GetRequiredService<IServiceScopeFactory>();

        if (!JwtBearer().GetAwaiter().GetResult() || !Authorizer().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("A validator refused the benchmark token; the comparison would be meaningless.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _keySource.Dispose();
    }

    /// <summary>
    /// <c>HttpContext.AuthenticateAsync</c> with the JWT bearer scheme, on a fresh <see cref="DefaultHttpContext"/> and
    /// DI scope per request as Kestrel gives it (the handler caches its result per request).
    /// </summary>
    [Benchmark(Baseline = true)]
    public async Task<bool> JwtBearer()
    {
        using var scope = _scopes.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = _authorization;
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary><see cref="JwtAuthorizer.AuthorizeAsync"/> on a prepared request (a route without scopes).</summary>
    [Benchmark]
    public async Task<bool> Authorizer()
    {
        var result = await _authorizer.AuthorizeAsync(_request, [], CancellationToken.None).ConfigureAwait(false);
        return result.IsAllowed;
    }

    private static string CreateToken(RSA rsa)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT","kid":"k1"}"""u8);
        string payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = "user-1",
            ["aud"] = Audience,
            ["iat"] = now - 60,
            ["nbf"] = now - 60,
            ["exp"] = now + 86400,
            ["scope"] = "orders:read orders:write",
            ["email"] = "user@example.test",
        }.ToJsonString()));
        string input = header + "." + payload;
        byte[] signature = rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Serves the discovery document and the JWKS from memory.</summary>
    private sealed class MetadataHandler(string jwks) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.RequestUri!.AbsolutePath == "/jwks"
                ? jwks
                : new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = "https://issuer.bench.test/jwks" }.ToJsonString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
