using System.Text;
using System.Text.Json.Nodes;
using static Routing.Tests.Authorization.Jwt.JwtTestContext;
using Routing.Authorization.Jwt;
using Routing.Authorization;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>
/// Every check of <see cref="JwtAuthorizer"/> on its own: tokens signed with keys made here, OIDC metadata read from
/// memory, the API clock stopped at <see cref="TestJwt.Now"/>.
/// </summary>
public sealed class JwtAuthorizerTests
{
    private const string Challenge = "Bearer scope=\"\" error=\"invalid_token\" error_description=\"";

    // ---- token extraction ----

    [Fact]
    public async Task Authorize_ValidTokenWithBearerPrefix_AllowsWithClaimsAndNullScopes()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1));

        Assert.True(result.IsAllowed);
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.WwwAuthenticate);
        var claims = result.Context!.JwtClaims!;
        Assert.Equal("user-1", claims["sub"]!.GetValue<string>());
        Assert.Equal(TestJwt.Now + 3600, claims["exp"]!.GetValue<long>());
        Assert.Null(result.Context.JwtScopes);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("Bearer {0}")]
    [InlineData("bearer {0}")]
    [InlineData("BEARER {0}")]
    [InlineData("Bearer   {0}")]
    [InlineData(" Bearer {0}\t")]
    public async Task Authorize_TokenAloneOrWithBearerInAnyCase_Allows(string template)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeAsync(string.Format(template, TestJwt.Sign(K1)));

        Assert.True(result.IsAllowed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Bearer ")]
    public async Task Authorize_NoToken_401Missing(string? authorization)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeAsync(authorization);

        AssertUnauthorized(result, "the token is missing");
        Assert.Empty(context.Issuer.Requests);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer {0} extra")]
    [InlineData("Basic {0}")]
    [InlineData("Bearer,{0}")]
    public async Task Authorize_TokenWithOtherWords_401Malformed(string template)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeAsync(string.Format(template, TestJwt.Sign(K1)));

        AssertUnauthorized(result, "the token is malformed");
    }

    [Fact]
    public async Task Authorize_TwoAuthorizationHeaders_401Ambiguous()
    {
        using var context = new JwtTestContext();
        string token = TestJwt.Sign(K1);

        var result = await context.AuthorizeAsync(Request("Bearer " + token, more: ("authorization", "Bearer " + token)));

        AssertUnauthorized(result, "the token is given more than once");
    }

    [Fact]
    public async Task Authorize_CustomHeaderSource_NameIsCaseInsensitive()
    {
        using var context = new JwtTestContext(static d => d with { IdentitySource = "$request.header.X-Auth-Token" });

        var result = await context.AuthorizeAsync(Request(null, more: ("x-auth-token", TestJwt.Sign(K1))));
        var onAuthorization = await context.AuthorizeTokenAsync(TestJwt.Sign(K1));

        Assert.True(result.IsAllowed);
        AssertUnauthorized(onAuthorization, "the token is missing");
    }

    [Fact]
    public async Task Authorize_QueryStringSource_DecodesTheParameterOnce()
    {
        using var context = new JwtTestContext(static d => d with { IdentitySource = "$request.querystring.access_token" });
        string token = TestJwt.Sign(K1);

        var plain = await context.AuthorizeAsync(Request(null, query: "a=1&access_token=" + token));
        var encoded = await context.AuthorizeAsync(Request(null, query: "access%5Ftoken=" + Uri.EscapeDataString("Bearer " + token) + "&b"));
        var otherCase = await context.AuthorizeAsync(Request(null, query: "Access_Token=" + token));
        var twice = await context.AuthorizeAsync(Request(null, query: $"access_token={token}&access_token={token}"));
        var doubleEncoded = await context.AuthorizeAsync(Request(null, query: "access_token=" + token.Replace(".", "%252E", StringComparison.Ordinal)));

        Assert.True(plain.IsAllowed);
        Assert.True(encoded.IsAllowed);
        AssertUnauthorized(otherCase, "the token is missing");
        AssertUnauthorized(twice, "the token is given more than once");
        AssertUnauthorized(doubleEncoded, "the token is malformed");
    }

    // ---- size and structure, refused before any key is fetched ----

    [Fact]
    public async Task Authorize_TokenOverMaxTokenBytes_401TooLargeWithoutFetching()
    {
        using var context = new JwtTestContext(static d => d with { MaxTokenBytes = 2048 });
        string big = TestJwt.Sign(K1, TestJwt.Claims(c => c["pad"] = new string('x', 4000)));

        var result = await context.AuthorizeTokenAsync(big);

        AssertUnauthorized(result, "the token is too large");
        Assert.Empty(context.Issuer.Requests);
    }

    [Fact]
    public async Task Authorize_TokenAtMaxTokenBytes_Allows()
    {
        string token = TestJwt.Sign(K1);
        using var context = new JwtTestContext(d => d with { MaxTokenBytes = token.Length });

        var result = await context.AuthorizeTokenAsync(token);

        Assert.True(result.IsAllowed);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("..")]
    [InlineData(".e30.x")]
    [InlineData("e30..x")]
    [InlineData("not a token")]
    [InlineData("eyJ+.eyJ/.abc=")]
    public async Task Authorize_NotACompactJws_401MalformedWithoutFetching(string token)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(token);

        AssertUnauthorized(result, "the token is malformed");
        Assert.Empty(context.Issuer.Requests);
    }

    [Fact]
    public async Task Authorize_JweCompactSerialization_401EncryptedWithoutDecrypting()
    {
        using var context = new JwtTestContext();
        string jwe = TestKey.B64("""{"alg":"RSA-OAEP-256","enc":"A256GCM","zip":"DEF","kid":"k1"}"""u8.ToArray()) + ".AAAA.AAAA.AAAA.AAAA";

        var result = await context.AuthorizeTokenAsync(jwe);

        AssertUnauthorized(result, "encrypted tokens are not accepted");
        Assert.Empty(context.Issuer.Requests);
    }

    [Fact]
    public async Task Authorize_PaddedOrStandardBase64Segments_401Malformed()
    {
        using var context = new JwtTestContext();
        string token = TestJwt.Sign(K1, TestJwt.Claims(c => c["note"] = "???>>>???>>>"));
        string[] parts = token.Split('.');
        string standard = parts[0] + "." + parts[1].Replace('-', '+').Replace('_', '/') + "." + parts[2];
        string padded = string.Join('.', parts.Select(static p => p.PadRight((p.Length + 3) / 4 * 4, '=')));

        Assert.NotEqual(token, standard);
        AssertUnauthorized(await context.AuthorizeTokenAsync(standard), "the token is malformed");
        AssertUnauthorized(await context.AuthorizeTokenAsync(padded), "the token is malformed");
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("\uFEFF{\"alg\":\"RS256\",\"kid\":\"k1\"}")]
    [InlineData("[\"RS256\"]")]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"k1\",\"kid\":\"k2\"}")]
    public async Task Authorize_HeaderNotAJsonObject_401Malformed(string headerText)
    {
        using var context = new JwtTestContext();
        string token = TestJwt.SignRaw(headerText, TestJwt.Claims().ToJsonString(), input => K1.Sign("RS256", input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token is malformed");
    }

    [Theory]
    [InlineData("\"pets:write\"")]
    [InlineData("[1,2]")]
    [InlineData("{\"iss\":\"x\"")]
    public async Task Authorize_PayloadNotAJsonObject_401Malformed(string payload)
    {
        using var context = new JwtTestContext();
        string token = TestJwt.SignRaw(TestJwt.Header().ToJsonString(), payload, input => K1.Sign("RS256", input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token is malformed");
    }

    [Fact]
    public async Task Authorize_PayloadWithInvalidUtf8_401Malformed()
    {
        using var context = new JwtTestContext();
        byte[] payload = [.. Encoding.UTF8.GetBytes($"{{\"iss\":\"{TestJwt.Issuer}\",\"sub\":\""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes($"\",\"aud\":\"{TestJwt.Audience}\",\"exp\":{TestJwt.Now + 3600}}}")];
        string token = TestJwt.SignRawBytes(Encoding.UTF8.GetBytes(TestJwt.Header().ToJsonString()), payload, input => K1.Sign("RS256", input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token is malformed");
    }

    [Theory]
    [InlineData(3600, -3600)]
    [InlineData(-3600, 3600)]
    public async Task Authorize_DuplicateExp_401MalformedWhicheverComesLast(int first, int last)
    {
        using var context = new JwtTestContext();
        string payload = $"{{\"iss\":\"{TestJwt.Issuer}\",\"aud\":\"{TestJwt.Audience}\",\"exp\":{TestJwt.Now + first},\"exp\":{TestJwt.Now + last}}}";
        string token = TestJwt.SignRaw(TestJwt.Header().ToJsonString(), payload, input => K1.Sign("RS256", input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token is malformed");
    }

    // ---- header: algorithm, crit, kid ----

    [Theory]
    [InlineData("none")]
    [InlineData("rs256")]
    [InlineData("PS256")]
    [InlineData("ES256")]
    public async Task Authorize_AlgorithmNotAllowed_401Algorithm(string alg)
    {
        using var context = new JwtTestContext();
        var key = alg == "ES256" ? E1 : K1;
        string token = alg == "none"
            ? TestJwt.Unsigned(TestJwt.Header("none"))
            : TestJwt.SignRaw(TestJwt.Header(alg, key.Kid).ToJsonString(), TestJwt.Claims().ToJsonString(), input => key.Sign(alg.ToUpperInvariant(), input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token's algorithm is not allowed");
        Assert.Empty(context.Issuer.Requests);
    }

    [Theory]
    [InlineData("k1")]
    [InlineData(null)]
    public async Task Authorize_Hs256SignedWithThePublicKeyText_401Algorithm(string? kid)
    {
        using var context = new JwtTestContext();
        byte[] secret = Encoding.UTF8.GetBytes(K1.PublicJwk().ToJsonString());

        var result = await context.AuthorizeTokenAsync(TestJwt.SignHmac(secret, header: TestJwt.Header("HS256", kid)));

        AssertUnauthorized(result, "the token's algorithm is not allowed");
    }

    [Fact]
    public async Task Authorize_AlgMissing_401Algorithm()
    {
        using var context = new JwtTestContext();
        string token = TestJwt.SignRaw("""{"typ":"JWT","kid":"k1"}""", TestJwt.Claims().ToJsonString(), input => K1.Sign("RS256", input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token's algorithm is not allowed");
    }

    [Fact]
    public async Task Authorize_Es256WhenAllowed_Allows()
    {
        using var context = new JwtTestContext(static d => d with { AllowedAlgorithms = ["RS256", "ES256"] });

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(E1, header: TestJwt.Header("ES256", "e1")));

        Assert.True(result.IsAllowed);
    }

    [Fact]
    public async Task Authorize_Ps256WithAKeyWhoseJwkSaysRs256_401KeyMismatch()
    {
        using var context = new JwtTestContext(static d => d with { AllowedAlgorithms = ["RS256", "PS256"] });

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, header: TestJwt.Header("PS256")));

        AssertUnauthorized(result, "the token's algorithm does not match its key");
    }

    [Fact]
    public async Task Authorize_Rs256NamingTheEcKey_401KeyMismatch()
    {
        using var context = new JwtTestContext(static d => d with { AllowedAlgorithms = ["RS256", "ES256"] });

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, header: TestJwt.Header("RS256", "e1")));

        AssertUnauthorized(result, "the token's algorithm does not match its key");
    }

    [Fact]
    public async Task Authorize_CritHeader_401CriticalEvenWithAValidSignature()
    {
        using var context = new JwtTestContext();
        var header = TestJwt.Header();
        header["crit"] = new JsonArray("b64");
        header["b64"] = false;

        AssertUnauthorized(await context.AuthorizeTokenAsync(TestJwt.Sign(K1, header: header)), "the token has critical header parameters that are not supported");
    }

    [Fact]
    public async Task Authorize_NestedJwtContentType_401Malformed()
    {
        using var context = new JwtTestContext();
        var header = TestJwt.Header();
        header["cty"] = "JWT";

        AssertUnauthorized(await context.AuthorizeTokenAsync(TestJwt.Sign(K1, header: header)), "the token is malformed");
    }

    [Fact]
    public async Task Authorize_NoKidThoughTheJwksHasOneKeyThatVerifies_401MissingKeyId()
    {
        using var context = new JwtTestContext();
        context.Issuer.Keys = [K1];

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, header: TestJwt.Header(kid: null)));

        AssertUnauthorized(result, "the token does not have a valid key id");
    }

    [Theory]
    [InlineData("{\"$ne\":null}")]
    [InlineData("\"\"")]
    [InlineData("42")]
    public async Task Authorize_KidNotANonEmptyString_401MissingKeyId(string kidJson)
    {
        using var context = new JwtTestContext();
        string header = $"{{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":{kidJson}}}";
        string token = TestJwt.SignRaw(header, TestJwt.Claims().ToJsonString(), input => K1.Sign("RS256", input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token does not have a valid key id");
    }

    [Fact]
    public async Task Authorize_UnknownKid_401AfterExactlyOneRefresh()
    {
        using var context = new JwtTestContext();
        var unrelated = TestKey.Rsa("k999");
        Assert.True((await context.AuthorizeTokenAsync(TestJwt.Sign(K1))).IsAllowed);
        context.KeyClock.Advance(TimeSpan.FromSeconds(2));

        var first = await context.AuthorizeTokenAsync(TestJwt.Sign(unrelated));
        var second = await context.AuthorizeTokenAsync(TestJwt.Sign(unrelated));

        AssertUnauthorized(first, "the token's key id does not match any key of the issuer");
        AssertUnauthorized(second, "the token's key id does not match any key of the issuer");
        Assert.Equal(2, context.Issuer.JwksRequests); // the first fetch, then one refresh; the second token is throttled
    }

    [Fact]
    public async Task Authorize_UnknownKidOfAnotherIssuer_DoesNotRefresh()
    {
        using var context = new JwtTestContext();
        Assert.True((await context.AuthorizeTokenAsync(TestJwt.Sign(K1))).IsAllowed);
        context.KeyClock.Advance(TimeSpan.FromMinutes(1));

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(TestKey.Rsa("k999"), TestJwt.Claims(static c => c["iss"] = "https://other.example.test")));

        AssertUnauthorized(result, "the token's key id does not match any key of the issuer");
        Assert.Equal(1, context.Issuer.JwksRequests);
    }

    [Theory]
    [InlineData("../../../../dev/null")]
    [InlineData("k1' UNION SELECT 'secret' --")]
    [InlineData("k1\r\nX-Injected: 1")]
    public async Task Authorize_HostileKid_IsOnlyALookupKeyAndNeverEchoed(string kid)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, header: TestJwt.Header(kid: kid)));

        AssertUnauthorized(result, "the token's key id does not match any key of the issuer");
        Assert.DoesNotContain(kid, result.WwwAuthenticate!, StringComparison.Ordinal);
        Assert.All(context.Issuer.Requests, static u => Assert.Equal("idp.memory.test", u.Host));
    }

    // ---- signature and key binding ----

    [Fact]
    public async Task Authorize_SecondKeyOfTheJwks_Allows()
    {
        using var context = new JwtTestContext();

        Assert.True((await context.AuthorizeTokenAsync(TestJwt.Sign(K2))).IsAllowed);
    }

    [Fact]
    public async Task Authorize_SignatureByteFlipped_401Signature()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.CorruptSignature(TestJwt.Sign(K1)));

        AssertUnauthorized(result, "the token does not have a valid signature");
    }

    [Fact]
    public async Task Authorize_EmptySignature_401Signature()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Unsigned(TestJwt.Header()));

        AssertUnauthorized(result, "the token does not have a valid signature");
    }

    [Fact]
    public async Task Authorize_PayloadEditedAfterSigning_401Signature()
    {
        using var context = new JwtTestContext();
        string[] parts = TestJwt.Sign(K1).Split('.');
        string edited = TestKey.B64(Encoding.UTF8.GetBytes(TestJwt.Claims(static c => c["scope"] = "admin").ToJsonString()));

        var result = await context.AuthorizeTokenAsync($"{parts[0]}.{edited}.{parts[2]}");

        AssertUnauthorized(result, "the token does not have a valid signature");
    }

    [Fact]
    public async Task Authorize_AttackerKeyWithKidK1AndJwkAndJkuHeaders_401SignatureAndNoOtherFetch()
    {
        using var context = new JwtTestContext();
        var header = TestJwt.Header();
        header["jwk"] = Attacker.PublicJwk();
        header["jku"] = "https://attacker.test/jwks.json";
        header["x5u"] = "https://attacker.test/cert.pem";

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(Attacker, header: header));

        AssertUnauthorized(result, "the token does not have a valid signature");
        Assert.All(context.Issuer.Requests, static u => Assert.Equal("idp.memory.test", u.Host));
    }

    [Fact]
    public async Task Authorize_EcdsaZeroSignature_401Signature()
    {
        using var context = new JwtTestContext(static d => d with { AllowedAlgorithms = ["ES256"] });
        string token = TestJwt.SignRaw(TestJwt.Header("ES256", "e1").ToJsonString(), TestJwt.Claims().ToJsonString(), static _ => new byte[64]);

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token does not have a valid signature");
    }

    // ---- issuer ----

    [Theory]
    [InlineData(TestJwt.Issuer + "/")]
    [InlineData("https://ISSUER.example.test")]
    [InlineData("http://issuer.example.test")]
    [InlineData("https://issuer.\u0435xample.test")]
    public async Task Authorize_IssuerNotExactlyEqual_401Issuer(string iss)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(c => c["iss"] = iss)));

        AssertUnauthorized(result, "the token does not have a valid issuer");
    }

    [Fact]
    public async Task Authorize_IssuerMissingOrAnArray_401Issuer()
    {
        using var context = new JwtTestContext();

        var missing = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c.Remove("iss"))));
        var array = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["iss"] = new JsonArray(TestJwt.Issuer))));

        AssertUnauthorized(missing, "the token does not have a valid issuer");
        AssertUnauthorized(array, "the token does not have a valid issuer");
    }

    // ---- audience ----

    [Fact]
    public async Task Authorize_AudienceMismatch_401WithApiGatewaysExactChallenge()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["aud"] = "someone-else")));

        Assert.Equal(401, result.StatusCode);
        Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\"", result.WwwAuthenticate);
    }

    [Theory]
    [InlineData("api://pets/")]
    [InlineData("API://PETS")]
    [InlineData("api://pet")]
    [InlineData("api://pets ")]
    public async Task Authorize_AudienceNearMiss_401Audience(string aud)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(c => c["aud"] = aud)));

        AssertUnauthorized(result, "the token does not have a valid audience");
    }

    [Fact]
    public async Task Authorize_AudienceArray_AnyElementMayMatch()
    {
        using var context = new JwtTestContext();

        var containing = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["aud"] = new JsonArray("api://other", TestJwt.Audience))));
        var without = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["aud"] = new JsonArray("api://other", "api://billing"))));
        var empty = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["aud"] = new JsonArray())));

        Assert.True(containing.IsAllowed);
        AssertUnauthorized(without, "the token does not have a valid audience");
        AssertUnauthorized(empty, "the token does not have a valid audience");
    }

    [Fact]
    public async Task Authorize_ClientIdCountsOnlyWithoutAud()
    {
        using var context = new JwtTestContext();

        var clientIdOnly = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => { c.Remove("aud"); c["client_id"] = "client-abc"; })));
        var wrongAudRightClientId = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => { c["aud"] = "api://other"; c["client_id"] = "client-abc"; })));
        var neither = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c.Remove("aud"))));
        var clientIdNotAString = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => { c.Remove("aud"); c["client_id"] = new JsonArray("client-abc"); })));

        Assert.True(clientIdOnly.IsAllowed);
        AssertUnauthorized(wrongAudRightClientId, "the token does not have a valid audience");
        AssertUnauthorized(neither, "the token does not have a valid audience");
        AssertUnauthorized(clientIdNotAString, "the token does not have a valid audience");
    }

    // ---- lifetime, against the API's clock ----

    [Fact]
    public async Task Authorize_ExpInThePast_401Expired()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["exp"] = TestJwt.Now - 3600)));

        AssertUnauthorized(result, "the token has expired");
    }

    [Fact]
    public async Task Authorize_ExpEqualToNow_401Expired()
    {
        using var context = new JwtTestContext();

        var atNow = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["exp"] = TestJwt.Now)));
        var oneLater = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["exp"] = TestJwt.Now + 1)));

        AssertUnauthorized(atNow, "the token has expired");
        Assert.True(oneLater.IsAllowed);
    }

    [Fact]
    public async Task Authorize_ExpMissingOrAString_401MissingExpiration()
    {
        using var context = new JwtTestContext();

        var missing = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c.Remove("exp"))));
        var text = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["exp"] = (TestJwt.Now + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        AssertUnauthorized(missing, "the token does not have a valid expiration time");
        AssertUnauthorized(text, "the token does not have a valid expiration time");
    }

    [Fact]
    public async Task Authorize_ClockSkew60_BoundariesHoldToTheSecond()
    {
        using var context = new JwtTestContext(static d => d with { ClockSkew = TimeSpan.FromSeconds(60) });

        var expInside = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["exp"] = TestJwt.Now - 59)));
        var expOutside = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["exp"] = TestJwt.Now - 61)));
        var nbfInside = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["nbf"] = TestJwt.Now + 59)));
        var nbfOutside = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["nbf"] = TestJwt.Now + 61)));
        var iatInside = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["iat"] = TestJwt.Now + 59)));
        var iatOutside = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["iat"] = TestJwt.Now + 61)));

        Assert.True(expInside.IsAllowed);
        AssertUnauthorized(expOutside, "the token has expired");
        Assert.True(nbfInside.IsAllowed);
        AssertUnauthorized(nbfOutside, "the token is not valid yet");
        Assert.True(iatInside.IsAllowed);
        AssertUnauthorized(iatOutside, "the token does not have a valid issue time");
    }

    [Fact]
    public async Task Authorize_NbfAndIatEqualToNow_Allows()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => { c["nbf"] = TestJwt.Now; c["iat"] = TestJwt.Now; })));

        Assert.True(result.IsAllowed);
    }

    [Fact]
    public async Task Authorize_NbfOrIatInTheFutureWithoutSkew_401()
    {
        using var context = new JwtTestContext();

        var nbf = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["nbf"] = TestJwt.Now + 1)));
        var iat = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["iat"] = TestJwt.Now + 1)));
        var nbfText = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["nbf"] = "0")));

        AssertUnauthorized(nbf, "the token is not valid yet");
        AssertUnauthorized(iat, "the token does not have a valid issue time");
        AssertUnauthorized(nbfText, "the token is not valid yet");
    }

    [Fact]
    public async Task Authorize_NoNbfNoIat_Allows()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => { c.Remove("nbf"); c.Remove("iat"); })));

        Assert.True(result.IsAllowed);
    }

    [Fact]
    public async Task Authorize_ApiClockMoves_SameTokenExpires()
    {
        using var context = new JwtTestContext();
        string token = TestJwt.Sign(K1);

        var before = await context.AuthorizeTokenAsync(token);
        context.Clock.Advance(TimeSpan.FromHours(1));
        var after = await context.AuthorizeTokenAsync(token);

        Assert.True(before.IsAllowed);
        AssertUnauthorized(after, "the token has expired");
    }

    // ---- scopes ----

    [Fact]
    public async Task Authorize_RouteScopeInSpaceDelimitedScope_AllowsWithAllTokenScopes()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["scope"] = "orders:read  profile orders:read")), "orders:admin", "orders:read");

        Assert.True(result.IsAllowed);
        Assert.Equal(["orders:read", "profile"], result.Context!.JwtScopes);
        Assert.Equal("orders:read  profile orders:read", result.Context.JwtClaims!["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authorize_ScpArrayOrString_Counts()
    {
        using var context = new JwtTestContext();

        var array = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["scp"] = new JsonArray("x", "orders:read"))), "orders:read");
        var text = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["scp"] = "a orders:read")), "orders:read");

        Assert.True(array.IsAllowed);
        Assert.Equal(["x", "orders:read"], array.Context!.JwtScopes);
        Assert.True(text.IsAllowed);
    }

    [Theory]
    [InlineData("orders:read")]
    [InlineData("orders:write,orders:read")]
    [InlineData("orders:write\torders:read")]
    [InlineData("Orders:Write")]
    public async Task Authorize_NoRouteScopeInTheToken_403(string scope)
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(c => c["scope"] = scope)), "orders:write");

        Assert.Equal(403, result.StatusCode);
        Assert.False(result.IsAllowed);
        Assert.Null(result.WwwAuthenticate);
        Assert.Null(result.Context);
    }

    [Fact]
    public async Task Authorize_ScopeClaimAnArrayOrMissing_403()
    {
        using var context = new JwtTestContext();

        var array = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["scope"] = new JsonArray("orders:write"))), "orders:write");
        var missing = await context.AuthorizeTokenAsync(TestJwt.Sign(K1), "orders:write");

        Assert.Equal(403, array.StatusCode);
        Assert.Equal(403, missing.StatusCode);
    }

    [Fact]
    public async Task Authorize_RouteWithoutScopes_ScopesNullEvenWhenTheTokenHasSome()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["scope"] = "a b")));

        Assert.True(result.IsAllowed);
        Assert.Null(result.Context!.JwtScopes);
    }

    [Fact]
    public async Task Authorize_InvalidTokenOnAScopedRoute_401Not403()
    {
        using var context = new JwtTestContext();

        var result = await context.AuthorizeTokenAsync(TestJwt.Sign(K1, TestJwt.Claims(static c => c["aud"] = "x")), "orders:write");

        AssertUnauthorized(result, "the token does not have a valid audience");
    }

    // ---- robustness ----

    [Fact]
    public async Task Authorize_SeededMutationsOfAValidToken_NeverThrowAndAcceptOnlyTheOriginalBytes()
    {
        using var context = new JwtTestContext();
        string original = TestJwt.Sign(K1);
        string[] parts = original.Split('.');
        var random = new Random(20260710);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ *";

        for (int i = 0; i < 2000; i++)
        {
            var chars = original.ToCharArray().ToList();
            switch (random.Next(4))
            {
                case 0:
                    chars[random.Next(chars.Count)] = alphabet[random.Next(alphabet.Length)];
                    break;
                case 1:
                    chars.Insert(random.Next(chars.Count), alphabet[random.Next(alphabet.Length)]);
                    break;
                case 2:
                    chars.RemoveAt(random.Next(chars.Count));
                    break;
                default:
                    chars = [.. chars.Take(random.Next(chars.Count))];
                    break;
            }

            string mutated = new([.. chars]);
            var result = await context.AuthorizeTokenAsync(mutated);

            if (result.IsAllowed)
            {
                // Only a spelling whose decoded bytes are the original's may pass (non-canonical trailing base64 bits).
                string[] m = mutated.Split('.');
                Assert.Equal(3, m.Length);
                for (int s = 0; s < 3; s++)
                {
                    Assert.Equal(System.Buffers.Text.Base64Url.DecodeFromChars(parts[s]), System.Buffers.Text.Base64Url.DecodeFromChars(m[s]));
                }
            }
            else
            {
                Assert.Equal(401, result.StatusCode);
                Assert.StartsWith(Challenge, result.WwwAuthenticate, StringComparison.Ordinal);
                Assert.DoesNotContain('\r', result.WwwAuthenticate!);
                Assert.DoesNotContain('\n', result.WwwAuthenticate!);
            }
        }
    }

    [Fact]
    public async Task Authorize_DeeplyNestedClaim_401MalformedWithoutRecursionTrouble()
    {
        using var context = new JwtTestContext();
        string nested = new string('[', 5000) + new string(']', 5000);
        string payload = $"{{\"iss\":\"{TestJwt.Issuer}\",\"aud\":\"{TestJwt.Audience}\",\"exp\":{TestJwt.Now + 60},\"x\":{nested}}}";
        string token = TestJwt.SignRaw(TestJwt.Header().ToJsonString(), payload, input => K1.Sign("RS256", input));

        AssertUnauthorized(await context.AuthorizeTokenAsync(token), "the token is malformed");
    }

    internal static void AssertUnauthorized(AuthorizationResult result, string description)
    {
        Assert.False(result.IsAllowed);
        Assert.Equal(401, result.StatusCode);
        Assert.Null(result.Context);
        Assert.Equal(Challenge + description + "\"", result.WwwAuthenticate);
    }
}
