using Routing.Authorization.Jwt;
using Routing.Definitions;
using Routing.Tests.Apis;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>Deploy-time checks of JWT authorizer definitions, with their full messages.</summary>
public sealed class JwtAuthorizerValidationTests
{
    private static readonly JwtAuthorizerDefinition Valid = new()
    {
        Issuer = "https://idp.example.com/",
        Audiences = ["client-a"],
    };

    [Fact]
    public void Validate_DefaultsWithIssuerAndAudience_NoErrors()
    {
        Assert.Empty(JwtAuthorizer.Validate("main", Valid));
        Assert.Equal("$request.header.Authorization", Valid.IdentitySource);
        Assert.Equal(["RS256", "RS384", "RS512"], Valid.AllowedAlgorithms);
        Assert.Equal(TimeSpan.Zero, Valid.ClockSkew);
        Assert.Equal(16384, Valid.MaxTokenBytes);
    }

    [Theory]
    [InlineData("$request.header.X-Auth-Token")]
    [InlineData("$request.querystring.access_token")]
    public void Validate_HeaderOrQueryIdentitySource_NoErrors(string source)
    {
        Assert.Empty(JwtAuthorizer.Validate("main", Valid with { IdentitySource = source }));
    }

    [Theory]
    [InlineData("$request.header.")]
    [InlineData("$request.header.Bad Name")]
    [InlineData("$request.querystring.a&b")]
    [InlineData("$context.authorizer")]
    [InlineData("$stageVariables.token")]
    [InlineData("Authorization")]
    [InlineData("$request.header.Authorization,$request.header.X")]
    public void Validate_OtherIdentitySource_Error(string source)
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { IdentitySource = source }));

        Assert.Equal("authorizers[main].identitySource", error.Path);
        Assert.Equal($"JWT authorizer 'main' has the identity source '{source}'; use $request.header.NAME or $request.querystring.NAME, e.g. $request.header.Authorization.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_NoIssuer_Error(string issuer)
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { Issuer = issuer }));

        Assert.Equal("authorizers[main].issuer", error.Path);
        Assert.Equal("JWT authorizer 'main' has no issuer; set Issuer to the identity provider's issuer URL, the exact value of its tokens' iss claim.", error.Message);
    }

    [Theory]
    [InlineData("idp.example.com")]
    [InlineData("/relative")]
    [InlineData("ftp://idp.example.com")]
    public void Validate_IssuerNotAnHttpUrl_Error(string issuer)
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { Issuer = issuer }));

        Assert.Equal($"JWT authorizer 'main' has the issuer '{issuer}', which is not an absolute http(s) URL; use the issuer URL of the identity provider, e.g. https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example.", error.Message);
    }

    [Theory]
    [InlineData("https://idp.example.com/?tenant=a")]
    [InlineData("https://idp.example.com/#x")]
    public void Validate_IssuerWithQueryOrFragment_Error(string issuer)
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { Issuer = issuer }));

        Assert.Equal($"JWT authorizer 'main' has the issuer '{issuer}', which has a query or fragment; an OIDC issuer URL has neither.", error.Message);
    }

    [Fact]
    public void Validate_RelativeDiscoveryUri_Error()
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { DiscoveryUri = new Uri("/.well-known/openid-configuration", UriKind.Relative) }));

        Assert.Equal("authorizers[main].discoveryUri", error.Path);
        Assert.Equal("JWT authorizer 'main' has the discovery address '/.well-known/openid-configuration', which is not an absolute http(s) URL; leave it unset to use {issuer}/.well-known/openid-configuration.", error.Message);
    }

    [Fact]
    public void Validate_NoAudience_Error()
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { Audiences = [] }));

        Assert.Equal("authorizers[main].audiences", error.Path);
        Assert.Equal("JWT authorizer 'main' lists no audience; add at least one (a token's aud, or client_id when it has no aud, must name one).", error.Message);
    }

    [Fact]
    public void Validate_FiftyAudiencesPassFiftyOneFail()
    {
        var fifty = Enumerable.Range(0, 50).Select(static i => $"a{i}").ToList();

        Assert.Empty(JwtAuthorizer.Validate("main", Valid with { Audiences = fifty }));
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { Audiences = [.. fifty, "a50"] }));
        Assert.Equal("JWT authorizer 'main' has 51 audiences; at most 50 are allowed (API Gateway's quota; set Quotas.AudiencesPerAuthorizer in HttpApiOptions, or HttpApiRoutingOptions in ASP.NET Core, to allow more).", error.Message);
    }

    [Fact]
    public void Validate_EmptyAudience_Error()
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { Audiences = ["a", " "] }));

        Assert.Equal("authorizers[main].audiences[1]", error.Path);
        Assert.Equal("JWT authorizer 'main' has an empty audience at position 1; remove it or give the audience's value.", error.Message);
    }

    [Fact]
    public void Validate_NoAlgorithm_Error()
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { AllowedAlgorithms = [] }));

        Assert.Equal("authorizers[main].allowedAlgorithms", error.Path);
        Assert.Equal("JWT authorizer 'main' allows no signing algorithm; allow at least one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512 (the default is RS256, RS384 and RS512).", error.Message);
    }

    [Theory]
    [InlineData("none", "JWT authorizer 'main' allows the algorithm 'none'; unsigned tokens are never accepted, so remove it.")]
    [InlineData("None", "JWT authorizer 'main' allows the algorithm 'None'; unsigned tokens are never accepted, so remove it.")]
    [InlineData("HS256", "JWT authorizer 'main' allows the HMAC algorithm 'HS256'; keys come only from the issuer's JWKS, whose public keys must never serve as HMAC secrets, so use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512.")]
    [InlineData("hs512", "JWT authorizer 'main' allows the HMAC algorithm 'hs512'; keys come only from the issuer's JWKS, whose public keys must never serve as HMAC secrets, so use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512.")]
    [InlineData("rs256", "JWT authorizer 'main' allows the algorithm 'rs256', which is not supported (names are case-sensitive); use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512.")]
    [InlineData("EdDSA", "JWT authorizer 'main' allows the algorithm 'EdDSA', which is not supported (names are case-sensitive); use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512.")]
    public void Validate_ForbiddenOrUnknownAlgorithm_Error(string algorithm, string message)
    {
        var error = Assert.Single(JwtAuthorizer.Validate("main", Valid with { AllowedAlgorithms = ["RS256", algorithm] }));

        Assert.Equal("authorizers[main].allowedAlgorithms", error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_BadTokenLimitAndSkew_Errors()
    {
        var errors = JwtAuthorizer.Validate("main", Valid with { MaxTokenBytes = 0, ClockSkew = TimeSpan.FromSeconds(-1) });

        Assert.Equal(
            [
                new ValidationError("authorizers[main].maxTokenBytes", "JWT authorizer 'main' has MaxTokenBytes 0; use a positive number of bytes (the default is 16384)."),
                new ValidationError("authorizers[main].clockSkew", "JWT authorizer 'main' has a negative clock skew (-00:00:01); use zero (the default, as API Gateway) or a small positive leeway."),
            ],
            errors);
    }

    [Fact]
    public void Validate_EveryProblemAtOnce()
    {
        var definition = new JwtAuthorizerDefinition { Issuer = "x", Audiences = [], AllowedAlgorithms = ["none"], IdentitySource = "y", MaxTokenBytes = -1 };

        var paths = JwtAuthorizer.Validate("bad", definition).Select(static e => e.Path);

        Assert.Equal(["authorizers[bad].identitySource", "authorizers[bad].issuer", "authorizers[bad].audiences", "authorizers[bad].allowedAlgorithms", "authorizers[bad].maxTokenBytes"], paths);
    }

    [Fact]
    public void HttpApiDefinition_Validate_ReportsAuthorizerErrors()
    {
        var api = new HttpApiDefinition();
        api.Authorizers.Add("main", Valid with { AllowedAlgorithms = ["HS256"] });

        var error = Assert.Single(api.Validate());

        Assert.Equal("authorizers[main].allowedAlgorithms", error.Path);
    }

    [Fact]
    public void Constructor_InvalidDefinition_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new JwtAuthorizer("main", Valid with { Audiences = [] }, OidcKeySource.Shared, TimeProvider.System));

        Assert.StartsWith("JWT authorizer 'main' lists no audience;", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://idp.example.com/", "https://idp.example.com/.well-known/openid-configuration")]
    [InlineData("https://idp.example.com", "https://idp.example.com/.well-known/openid-configuration")]
    [InlineData("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration")]
    public void GetDiscoveryAddress_FromTheIssuer_TrailingSlashRemoved(string issuer, string expected)
    {
        Assert.Equal(expected, JwtAuthorizer.GetDiscoveryAddress(Valid with { Issuer = issuer }));
    }

    [Fact]
    public void GetDiscoveryAddress_ExplicitUri_Wins()
    {
        Assert.Equal("http://127.0.0.1:5000/d", JwtAuthorizer.GetDiscoveryAddress(Valid with { DiscoveryUri = new Uri("http://127.0.0.1:5000/d") }));
    }
}
