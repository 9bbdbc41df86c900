using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Authorization;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Tests.Authorization.Lambda;

/// <summary>
/// Lambda authorizers through the whole gateway: identity sources, the events, the two response formats, failures,
/// the cache on a fake clock, and what reaches the integration.
/// </summary>
public sealed class LambdaAuthorizerTests
{
    private static readonly DateTimeOffset Start = new(2026, 7, 10, 19, 19, 5, TimeSpan.Zero);

    [Fact]
    public async Task Dispatch_MissingIdentitySource_401WithoutCallingTheFunction()
    {
        // Arrange
        var harness = new Harness(Simple(true));

        // Act
        var served = await harness.ServeAsync("/pets");

        // Assert
        Assert.Equal(401, served.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", served.Response!.GetBodyText());
        Assert.Equal(0, harness.Calls);
        Assert.Equal(GatewayErrorKind.Unauthorized, served.Error);
        Assert.Contains("$request.header.Authorization", served.ErrorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_EmptyIdentitySource_401WithoutCallingTheFunction()
    {
        var harness = new Harness(Simple(true));

        var served = await harness.ServeAsync("/pets", ("Authorization", string.Empty));

        Assert.Equal(401, served.StatusCode);
        Assert.Equal(0, harness.Calls);
    }

    [Fact]
    public async Task Dispatch_SimpleTrue_ContextReachesTheIntegrationWithItsJsonTypes()
    {
        // Arrange
        var harness = new Harness(_ => """{"isAuthorized":true,"context":{"tenant":"acme","n":7,"admin":false,"tags":["a","b"],"nested":{"x":1}}}""");

        // Act
        var served = await harness.ServeAsync("/pets", ("Authorization", "token"));

        // Assert
        Assert.Equal(200, served.StatusCode);
        var lambda = harness.IntegrationEvent!["requestContext"]!["authorizer"]!["lambda"]!;
        Assert.Equal("""{"tenant":"acme","n":7,"admin":false,"tags":["a","b"],"nested":{"x":1}}""", lambda.ToJsonString());
        Assert.False(served.AuthorizerCacheHit);
        Assert.NotNull(served.AuthorizerLatency);
    }

    [Fact]
    public async Task Dispatch_SimpleFalse_403AndNoIntegration()
    {
        var harness = new Harness(Simple(false));

        var served = await harness.ServeAsync("/pets", ("Authorization", "token"));

        Assert.Equal(403, served.StatusCode);
        Assert.Equal("""{"message":"Forbidden"}""", served.Response!.GetBodyText());
        Assert.Null(harness.IntegrationEvent);
    }

    [Theory]
    [InlineData("""{"isAuthorized":"true"}""")]
    [InlineData("""{"isAuthorized":1}""")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("""{"isAuthorized":true,"context":"text"}""")]
    [InlineData("""[true]""")]
    [InlineData("""not json""")]
    [InlineData("")]
    public async Task Dispatch_InvalidSimpleResponse_500AuthorizerFailure(string output)
    {
        // Arrange
        var harness = new Harness(_ => output);

        // Act
        var served = await harness.ServeAsync("/pets", ("Authorization", "token"));

        // Assert
        Assert.Equal(500, served.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", served.Response!.GetBodyText());
        Assert.Equal(GatewayErrorKind.AuthorizerFailure, served.Error);
        Assert.Null(harness.IntegrationEvent);
    }

    [Fact]
    public async Task Dispatch_FunctionThrows_500AndTheExceptionIsKept()
    {
        var harness = new Harness(_ => throw new InvalidOperationException("Unauthorized"));

        var served = await harness.ServeAsync("/pets", ("Authorization", "token"));

        // HTTP APIs have no "throw Unauthorized for 401" convention: a function error is 500.
        Assert.Equal(500, served.StatusCode);
        Assert.IsType<InvalidOperationException>(served.Exception);
    }

    [Fact]
    public async Task Dispatch_FunctionSilentForTenSeconds_500()
    {
        // Arrange: the function never answers; the fake clock passes the authorizer's 10 s timeout.
        var never = new TaskCompletionSource<Stream>();
        var harness = new Harness(Simple(true), function: LambdaFunction.FromStream((_, _) => new ValueTask<Stream>(never.Task)));

        // Act
        var pending = harness.ServeAsync("/pets", ("Authorization", "token"));
        Assert.False(pending.IsCompleted);
        harness.Clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(pending.IsCompleted);
        harness.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var served = await pending;

        // Assert
        Assert.Equal(500, served.StatusCode);
        Assert.Equal(GatewayErrorKind.AuthorizerFailure, served.Error);
        Assert.Contains("did not answer within 10 s", served.ErrorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_Ttl_CachedUntilTheTtlHasPassed()
    {
        // Arrange
        var harness = new Harness(Simple(true), ttl: TimeSpan.FromSeconds(300));

        // Act
        var first = await harness.ServeAsync("/pets", ("Authorization", "t1"));
        harness.Clock.Advance(TimeSpan.FromSeconds(299));
        var cached = await harness.ServeAsync("/orders", ("Authorization", "t1"));
        var otherToken = await harness.ServeAsync("/pets", ("Authorization", "t2"));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await harness.ServeAsync("/pets", ("Authorization", "t1"));

        // Assert: shared across routes; keyed by the identity; an entry lives while less than the TTL has passed.
        Assert.All([first, cached, otherToken, expired], static s => Assert.Equal(200, s.StatusCode));
        Assert.False(first.AuthorizerCacheHit);
        Assert.True(cached.AuthorizerCacheHit);
        Assert.False(otherToken.AuthorizerCacheHit);
        Assert.False(expired.AuthorizerCacheHit);
        Assert.Equal(3, harness.Calls);
    }

    [Fact]
    public async Task Dispatch_CachedPolicy_EvaluatedAgainForEachRoute()
    {
        // Arrange: the policy allows only GET /pets; with the same token, GET /orders is denied from the cache.
        var harness = new Harness(
            _ => Policy("Allow", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/pets"),
            simpleResponses: false,
            ttl: TimeSpan.FromSeconds(60));

        // Act
        var pets = await harness.ServeAsync("/pets", ("Authorization", "t"));
        var orders = await harness.ServeAsync("/orders", ("Authorization", "t"));

        // Assert
        Assert.Equal(200, pets.StatusCode);
        Assert.Equal(403, orders.StatusCode);
        Assert.True(orders.AuthorizerCacheHit);
        Assert.Equal(1, harness.Calls);
    }

    [Fact]
    public async Task Dispatch_FailureIsNotCached()
    {
        int call = 0;
        var harness = new Harness(_ => ++call == 1 ? "garbage" : """{"isAuthorized":true}""", ttl: TimeSpan.FromSeconds(60));

        var failed = await harness.ServeAsync("/pets", ("Authorization", "t"));
        var retried = await harness.ServeAsync("/pets", ("Authorization", "t"));

        Assert.Equal(500, failed.StatusCode);
        Assert.Equal(200, retried.StatusCode);
        Assert.Equal(2, harness.Calls);
    }

    [Fact]
    public async Task Dispatch_IdentitySourcesOfEveryKind_ReadAndPassedInOrder()
    {
        // Arrange
        var harness = new Harness(
            Simple(true),
            identitySource: ["$request.header.X-User", "$request.querystring.id", "$context.routeKey", "$stageVariables.tenant"],
            stageVariables: new Dictionary<string, string> { ["tenant"] = "acme" });

        // Act
        var served = await harness.ServeAsync("/pets?id=a%2Bb&id=2", ("x-user", "u1"), ("X-User", "u2"));

        // Assert: repeated header lines and query values are joined with ','.
        Assert.Equal(200, served.StatusCode);
        Assert.Equal(["u1,u2", "a+b,2", "GET /pets", "acme"], harness.AuthorizerEvent!["identitySource"]!.AsArray().Select(static v => (string?)v));
    }

    [Fact]
    public async Task Dispatch_MissingStageVariableSource_401()
    {
        var harness = new Harness(Simple(true), identitySource: ["$stageVariables.tenant"]);

        var served = await harness.ServeAsync("/pets");

        Assert.Equal(401, served.StatusCode);
        Assert.Equal(0, harness.Calls);
    }

    [Fact]
    public async Task Dispatch_V2Event_IsTheRequestEventWithoutBodyPlusTheAuthorizerFields()
    {
        // Arrange
        var harness = new Harness(Simple(true));

        // Act
        await harness.ServeAsync("/pets?a=1", ("Authorization", "token"), ("Content-Length", "4"));

        // Assert
        var e = harness.AuthorizerEvent!.AsObject();
        Assert.Equal("2.0", (string?)e["version"]);
        Assert.Equal("REQUEST", (string?)e["type"]);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/pets", (string?)e["routeArn"]);
        Assert.Equal("GET /pets", (string?)e["routeKey"]);
        Assert.Equal("/pets", (string?)e["rawPath"]);
        Assert.Equal("a=1", (string?)e["rawQueryString"]);
        Assert.Equal("token", (string?)e["headers"]!["authorization"]);
        Assert.Equal("4", (string?)e["headers"]!["content-length"]);
        Assert.False(e.ContainsKey("body"));
        Assert.False(e.ContainsKey("isBase64Encoded"));
        Assert.False(e["requestContext"]!.AsObject().ContainsKey("authorizer"));
    }

    [Fact]
    public async Task Dispatch_V1PolicyWithWildcards_Allows()
    {
        // Arrange
        var harness = new Harness(
            _ => Policy("Allow", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/*"),
            simpleResponses: false,
            version: PayloadFormatVersion.V1);

        // Act
        var served = await harness.ServeAsync("/pets", ("Authorization", "token"));

        // Assert
        Assert.Equal(200, served.StatusCode);
        Assert.Equal("token", (string?)harness.AuthorizerEvent!["authorizationToken"]);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/pets", (string?)harness.AuthorizerEvent!["methodArn"]);
    }

    [Theory]
    [InlineData("""{"policyDocument":{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}}""")]
    [InlineData("""{"principalId":"u","policyDocument":"allow"}""")]
    [InlineData("""{"principalId":"u","policyDocument":{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}}""")]
    [InlineData("""{"principalId":"u","policyDocument":{"Statement":[{"Effect":"Allow","Action":1,"Resource":"*"}]}}""")]
    [InlineData("""{"principalId":"u"}""")]
    public async Task Dispatch_InvalidPolicyResponse_500(string output)
    {
        var harness = new Harness(_ => output, simpleResponses: false);

        var served = await harness.ServeAsync("/pets", ("Authorization", "token"));

        Assert.Equal(500, served.StatusCode);
    }

    [Fact]
    public async Task Dispatch_FunctionNamedByStageVariable_ResolvedPerRequest()
    {
        // Arrange: the authorizer's ARN names ${stageVariables.authFn}; two stages name two functions.
        var functions = new LambdaFunctionRegistry()
            .Add("allowAll", Respond("""{"isAuthorized":true}"""))
            .Add("denyAll", Respond("""{"isAuthorized":false}"""));
        var api = new HttpApiBuilder(new HttpApiOptions { FunctionResolver = functions, TimeProvider = new FakeTimeProvider(Start) })
            .AddIntegration("backend", new MockIntegration(200, "ok"))
            .AddAuthorizer("auth", new LambdaAuthorizerDefinition
            {
                AuthorizerUri = "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.authFn}",
                EnableSimpleResponses = true,
            })
            .AddRoute(new RouteDefinition { RouteKey = "GET /pets", IntegrationId = "backend", AuthorizationType = AuthorizationType.Custom, AuthorizerId = "auth" })
            .AddStage("open", stageVariables: new Dictionary<string, string> { ["authFn"] = "allowAll" })
            .AddStage("closed", stageVariables: new Dictionary<string, string> { ["authFn"] = "denyAll" })
            .AddStage("broken", stageVariables: new Dictionary<string, string> { ["authFn"] = "nobody" })
            .Build();
        var dispatcher = new HttpApiDispatcher(api);

        // Act
        var open = await dispatcher.ServeAsync(Get("/open/pets", ("Authorization", "t")), cancellationToken: TestContext.Current.CancellationToken);
        var closed = await dispatcher.ServeAsync(Get("/closed/pets", ("Authorization", "t")), cancellationToken: TestContext.Current.CancellationToken);
        var broken = await dispatcher.ServeAsync(Get("/broken/pets", ("Authorization", "t")), cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(200, open.StatusCode);
        Assert.Equal(403, closed.StatusCode);
        Assert.Equal(500, broken.StatusCode);
        Assert.Contains("no registered function is named 'nobody'", broken.ErrorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_ValuesThatConcatenateAlike_AreDifferentCacheEntries()
    {
        // Arrange: two identities whose values would join to the same text with a separator a client can send.
        var harness = new Harness(
            e => (string?)e["identitySource"]![0] == "a\u001f" ? """{"isAuthorized":true}""" : """{"isAuthorized":false}""",
            ttl: TimeSpan.FromMinutes(5),
            identitySource: ["$request.querystring.a", "$request.querystring.b"]);

        // Act
        var first = await harness.ServeAsync("/pets?a=a%1F&b=b");
        var second = await harness.ServeAsync("/pets?a=a&b=%1Fb");

        // Assert
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(403, second.StatusCode);
        Assert.False(second.AuthorizerCacheHit);
        Assert.Equal(2, harness.Calls);
    }

    [Fact]
    public async Task AddLambdaAuthorizer_DefinitionNamesItsFunctionByArn_RegistersThatName()
    {
        var api = new HttpApiBuilder()
            .AddIntegration("backend", new MockIntegration(200, "ok"))
            .AddLambdaAuthorizer("auth", Respond("""{"isAuthorized":true}"""), new LambdaAuthorizerDefinition
            {
                AuthorizerUri = "arn:aws:lambda:us-east-1:123456789012:function:checkUser:live",
                EnableSimpleResponses = true,
            })
            .AddRoute(new RouteDefinition { RouteKey = "GET /a", IntegrationId = "backend", AuthorizationType = AuthorizationType.Custom, AuthorizerId = "auth" })
            .AddStage(Stage.DefaultName)
            .Build();

        var served = await new HttpApiDispatcher(api).ServeAsync(Get("/a", ("Authorization", "t")), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(200, served.StatusCode);
    }

    [Fact]
    public async Task Dispatch_VerifierReturnsDefault_FailsClosedWith500()
    {
        // A host's IAuthorizer that returns default(AuthorizationResult) by mistake must not let the request in.
        var api = new HttpApiBuilder(new HttpApiOptions { IamAuthorizer = new DefaultVerifier() })
            .AddIntegration("backend", new MockIntegration(200, "ok"))
            .AddRoute(new RouteDefinition { RouteKey = "GET /a", IntegrationId = "backend", AuthorizationType = AuthorizationType.AwsIam })
            .AddStage(Stage.DefaultName)
            .Build();

        var served = await new HttpApiDispatcher(api).ServeAsync(Get("/a"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(500, served.StatusCode);
        Assert.Equal(GatewayErrorKind.AuthorizerFailure, served.Error);
    }

    [Fact]
    public void Build_CacheWithoutIdentitySource_RefusedWithTheFix()
    {
        var builder = Builder(new LambdaAuthorizerDefinition { IdentitySource = [], ResultTtl = TimeSpan.FromSeconds(300) });

        var error = Assert.Single(builder.Validate());

        Assert.Equal("authorizers[auth].identitySource", error.Path);
        Assert.Equal("Lambda authorizer 'auth' caches results but has no identity source to key them by; add an identity source or set the TTL to 0.", error.Message);
    }

    [Theory]
    [InlineData(3601)]
    [InlineData(-1)]
    [InlineData(1.5)]
    public void Build_TtlOutOfRange_Refused(double seconds)
    {
        var builder = Builder(new LambdaAuthorizerDefinition { ResultTtl = TimeSpan.FromSeconds(seconds) });

        var error = Assert.Single(builder.Validate());

        Assert.Equal("authorizers[auth].authorizerResultTtlInSeconds", error.Path);
        Assert.EndsWith("use whole seconds from 0 (no caching) to 3600.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SimpleResponsesWithFormat1_Refused()
    {
        var builder = Builder(new LambdaAuthorizerDefinition { PayloadFormatVersion = PayloadFormatVersion.V1, EnableSimpleResponses = true });

        var error = Assert.Single(builder.Validate());

        Assert.Equal("Lambda authorizer 'auth' enables simple responses with payload format 1.0; simple responses need format 2.0.", error.Message);
    }

    [Theory]
    [InlineData("$request.body.user", "it is not $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME")]
    [InlineData("$request.header.", "'' is not a header name (an RFC 9110 token)")]
    [InlineData("$request.header.a b", "'a b' is not a header name (an RFC 9110 token)")]
    [InlineData("$context.nope", "'nope' is not a $context variable such as $context.routeKey")]
    [InlineData("$stageVariables.a-b", "'a-b' is not a stage variable name (1 to 64 letters, digits and '_')")]
    public void Build_BadIdentitySource_RefusedNamingIt(string source, string why)
    {
        var builder = Builder(new LambdaAuthorizerDefinition { IdentitySource = [source] });

        var error = Assert.Single(builder.Validate());

        Assert.Equal($"Lambda authorizer 'auth' has the identity source '{source}': {why}. Use $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME.", error.Message);
    }

    [Fact]
    public void Build_UnknownFunction_RefusedWithTheRegistration()
    {
        var builder = new HttpApiBuilder()
            .AddIntegration("backend", new MockIntegration(200))
            .AddAuthorizer("auth", new LambdaAuthorizerDefinition { AuthorizerUri = "arn:aws:lambda:us-east-1:123456789012:function:auth" })
            .AddFunction("other", Respond("{}"));

        var error = Assert.Single(builder.Validate());

        Assert.Equal("authorizers[auth].authorizerUri", error.Path);
        Assert.Equal("Lambda authorizer 'auth' names the function 'auth', which no registered handler serves; register it with AddFunction(\"auth\", ...) or in the API's function resolver.", error.Message);
    }

    [Fact]
    public void Build_RouteTypesAndAuthorizerKindsMustAgree()
    {
        var builder = new HttpApiBuilder()
            .AddIntegration("backend", new MockIntegration(200))
            .AddLambdaAuthorizer("auth", Respond("{}"))
            .AddRoute(new RouteDefinition { RouteKey = "GET /a", IntegrationId = "backend", AuthorizationType = AuthorizationType.Jwt, AuthorizerId = "auth" })
            .AddRoute(new RouteDefinition { RouteKey = "GET /b", IntegrationId = "backend", AuthorizationType = AuthorizationType.Custom });

        var errors = builder.Validate().Select(static e => e.ToString()).ToList();

        Assert.Equal(
            [
                "routes[GET /a].authorizationType: Route 'GET /a' has authorization type JWT (AuthorizationType.Jwt) but names the authorizer 'auth', which needs CUSTOM (AuthorizationType.Custom).",
                "routes[GET /b].authorizerId: Route 'GET /b' has authorization type CUSTOM (AuthorizationType.Custom) but names no authorizer; set AuthorizerId to one of the API's Lambda authorizers.",
            ],
            errors);
    }

    [Fact]
    public void Cache_Full_StartsOverRatherThanGrowing()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var cache = new Routing.Authorization.Lambda.AuthorizerResultCache(TimeSpan.FromMinutes(5), clock);
        Assert.True(Routing.Authorization.Lambda.LambdaAuthorizerResponse.TryParse(
            """{"isAuthorized":true}"""u8, new LambdaAuthorizerDefinition { EnableSimpleResponses = true }, out var response, out _));

        // Act
        for (int i = 0; i < Routing.Authorization.Lambda.AuthorizerResultCache.MaxEntries + 1; i++)
        {
            cache.Set("key" + i, response);
        }

        // Assert: an attacker who sends many identities cannot grow the cache without bound.
        Assert.True(cache.Count <= Routing.Authorization.Lambda.AuthorizerResultCache.MaxEntries);
        Assert.True(cache.TryGet("key" + Routing.Authorization.Lambda.AuthorizerResultCache.MaxEntries, out _));
    }

    [Fact]
    public void Build_AwsIamRouteWithoutVerifier_RefusedSayingWhy()
    {
        var builder = new HttpApiBuilder()
            .AddIntegration("backend", new MockIntegration(200))
            .AddRoute(new RouteDefinition { RouteKey = "GET /a", IntegrationId = "backend", AuthorizationType = AuthorizationType.AwsIam });

        var error = Assert.Single(builder.Validate());

        Assert.Equal("routes[GET /a].authorizationType", error.Path);
        Assert.StartsWith("Route 'GET /a' uses AWS_IAM authorization, which needs SigV4 signatures checked against AWS;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_AwsIamRouteWithAVerifier_TheVerifierDecides()
    {
        // Arrange
        var verifier = new HeaderVerifier();
        var api = new HttpApiBuilder(new HttpApiOptions { IamAuthorizer = verifier })
            .AddIntegration("backend", new MockIntegration(200, "ok"))
            .AddRoute(new RouteDefinition { RouteKey = "GET /a", IntegrationId = "backend", AuthorizationType = AuthorizationType.AwsIam })
            .AddStage(Stage.DefaultName)
            .Build();
        var dispatcher = new HttpApiDispatcher(api);

        // Act
        var signed = await dispatcher.ServeAsync(Get("/a", ("x-signed", "yes")), cancellationToken: TestContext.Current.CancellationToken);
        var unsigned = await dispatcher.ServeAsync(Get("/a"), cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(200, signed.StatusCode);
        Assert.Equal(403, unsigned.StatusCode);
    }

    private static Func<JsonNode, string> Simple(bool authorized) => _ => $$"""{"isAuthorized":{{(authorized ? "true" : "false")}}}""";

    private static string Policy(string effect, string resource) =>
        $$$"""{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"{{{effect}}}","Resource":"{{{resource}}}"}]}}""";

    private static LambdaFunction Respond(string output) =>
        LambdaFunction.FromStream((_, _) => ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(output))));

    private static HttpApiBuilder Builder(LambdaAuthorizerDefinition authorizer) => new HttpApiBuilder()
        .AddIntegration("backend", new MockIntegration(200))
        .AddLambdaAuthorizer("auth", Respond("{}"), authorizer);

    private static GatewayRequest Get(string target, params (string Name, string Value)[] headers) => new()
    {
        Method = "GET",
        RawTarget = target,
        Headers = [.. headers.Select(static h => new KeyValuePair<string, string>(h.Name, h.Value))],
    };

    /// <summary>An API with GET /pets and GET /orders behind one Lambda authorizer, on a fake clock.</summary>
    private sealed class Harness
    {
        private readonly HttpApiDispatcher _dispatcher;

        public Harness(
            Func<JsonNode, string> answer,
            bool simpleResponses = true,
            TimeSpan ttl = default,
            PayloadFormatVersion version = PayloadFormatVersion.V2,
            IReadOnlyList<string>? identitySource = null,
            IReadOnlyDictionary<string, string>? stageVariables = null,
            LambdaFunction? function = null)
        {
            function ??= LambdaFunction.FromStream(async (input, cancellationToken) =>
            {
                Calls++;
                AuthorizerEvent = await JsonNode.ParseAsync(input, cancellationToken: cancellationToken);
                return new MemoryStream(Encoding.UTF8.GetBytes(answer(AuthorizerEvent!)));
            });
            var integration = LambdaFunction.FromStream(async (input, cancellationToken) =>
            {
                IntegrationEvent = await JsonNode.ParseAsync(input, cancellationToken: cancellationToken);
                return new MemoryStream("""{"statusCode":200,"body":"ok"}"""u8.ToArray());
            });
            var api = new HttpApiBuilder(new HttpApiOptions { TimeProvider = Clock, Identity = Conformance.LambdaAuthorizerHandler.Identity })
                .AddIntegration("backend", new LambdaIntegration(integration))
                .AddLambdaAuthorizer("auth", function, new LambdaAuthorizerDefinition
                {
                    EnableSimpleResponses = simpleResponses,
                    ResultTtl = ttl,
                    PayloadFormatVersion = version,
                    IdentitySource = identitySource ?? ["$request.header.Authorization"],
                })
                .AddRoute(new RouteDefinition { RouteKey = "GET /pets", IntegrationId = "backend", AuthorizationType = AuthorizationType.Custom, AuthorizerId = "auth" })
                .AddRoute(new RouteDefinition { RouteKey = "GET /orders", IntegrationId = "backend", AuthorizationType = AuthorizationType.Custom, AuthorizerId = "auth" })
                .AddStage(Stage.DefaultName, stageVariables: stageVariables)
                .Build();
            _dispatcher = new HttpApiDispatcher(api);
        }

        public FakeTimeProvider Clock { get; } = new(Start);

        public int Calls { get; private set; }

        public JsonNode? AuthorizerEvent { get; private set; }

        public JsonNode? IntegrationEvent { get; private set; }

        public Task<GatewayContext> ServeAsync(string target, params (string Name, string Value)[] headers)
            => _dispatcher.ServeAsync(Get(target, headers), cancellationToken: TestContext.Current.CancellationToken).AsTask();
    }

    /// <summary>A verifier that forgot to decide.</summary>
    private sealed class DefaultVerifier : IAuthorizer
    {
        public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken) => default;
    }

    /// <summary>A stand-in for a SigV4 verifier: allows requests that carry <c>x-signed</c>.</summary>
    private sealed class HeaderVerifier : IAuthorizer
    {
        public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(request.Request.GetHeader("x-signed") is null
                ? AuthorizationResult.Forbidden("unsigned")
                : AuthorizationResult.Allow(null));
    }
}
