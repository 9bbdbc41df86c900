using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Authorization.Jwt;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.Routes;
using Routing.Tests.Authorization.Jwt;

namespace Routing.Tests.Conformance;

/// <summary>
/// <c>jwt-authorizer</c>: each case becomes an API with one route (its <c>routeKey</c> and <c>routeScopes</c>) behind
/// the case's authorizer, served by <see cref="HttpApiDispatcher"/>. The keys come from a real OIDC issuer on loopback
/// (Kestrel) that serves the case's discovery document and JWKS; the key source reaches it through a handler that
/// sends the case's <c>https://</c> addresses there, so the authorizer fetches exactly the case's URLs. The token is
/// minted per the README's recipe with keys made once per run, and the API's clock stands at the case's <c>now</c>.
/// </summary>
/// <remarks>
/// Minting: <c>signature: valid</c> signs with the private key of the JWKS key named by <c>signWith</c>, else by
/// <c>header.kid</c>, using <c>header.alg</c>; a key that is not in the JWKS (or does not fit the algorithm) is replaced
/// by an unrelated key of the right type, and an HMAC algorithm uses a shared secret. <c>invalid</c> flips a bit of the
/// valid signature; <c>none</c> leaves the signature empty.
/// </remarks>
internal sealed class JwtAuthorizerHandler : CategoryHandler
{
    private const string HmacSecret = "conformance-shared-secret-of-32-bytes!";

    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal)
    {
        "authorizer", "issuerDiscovery", "jwks", "now", "routeKey", "routeScopes", "token", "placement", "integrationResponse",
    };

    private static readonly HashSet<string> AuthorizerFields = new(StringComparer.Ordinal) { "type", "identitySource", "jwtConfiguration", "clockSkewSeconds", "allowedAlgorithms" };
    private static readonly HashSet<string> JwtConfigurationFields = new(StringComparer.Ordinal) { "issuer", "audience" };
    private static readonly HashSet<string> DiscoveryFields = new(StringComparer.Ordinal) { "url", "jwks_uri" };
    private static readonly HashSet<string> JwkFields = new(StringComparer.Ordinal) { "kid", "kty", "alg", "use", "crv" };
    private static readonly HashSet<string> TokenFields = new(StringComparer.Ordinal) { "header", "claims", "signature", "signWith" };
    private static readonly HashSet<string> PlacementFields = new(StringComparer.Ordinal) { "header", "query", "template", "none" };
    private static readonly HashSet<string> ResponseFields = new(StringComparer.Ordinal) { "status", "headers", "body" };
    private static readonly HashSet<string> ExpectFields = new(StringComparer.Ordinal)
    {
        "status", "body", "integrationInvoked", "headersPresent", "headersContain", "headersExact", "event",
    };

    /// <summary>Key material by <c>kty|crv|kid</c>, made once per run.</summary>
    private static readonly ConcurrentDictionary<string, TestKey> Keys = new(StringComparer.Ordinal);

    private static readonly Lazy<Task<ConformanceIssuer>> Issuer = new(ConformanceIssuer.StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static int _caseNumber;

    public override string Category => "jwt-authorizer";

    public override IReadOnlySet<string> InputFields => Inputs;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
        => ExecuteAsync(data, unhandled).GetAwaiter().GetResult();

    private static async Task<JsonObject> ExecuteAsync(JsonObject data, List<string> unhandled)
    {
        var expect = RequireObject(data, "expect");
        NoteUnknownKeys(expect, "expect", ExpectFields, unhandled);
        var issuer = await Issuer.Value;
        string prefix = "/c" + Interlocked.Increment(ref _caseNumber).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The issuer's documents, under this case's prefix.
        var published = new Dictionary<string, TestKey>(StringComparer.Ordinal);
        var jwks = new JsonArray();
        if (data["jwks"] is JsonArray entries)
        {
            foreach (var entry in entries)
            {
                var jwk = entry as JsonObject ?? throw new InvalidDataException($"jwks holds {ConformanceJson.Show(entry)}, not an object");
                NoteUnknownKeys(jwk, "jwks[]", JwkFields, unhandled);
                var key = KeyFor(jwk);
                published[key.Kid] = key;
                var served = key.PublicJwk();
                foreach (var (name, value) in jwk)
                {
                    served[name] = value?.DeepClone();
                }

                jwks.Add(served);
            }
        }

        var discovery = RequireObject(data, "issuerDiscovery");
        NoteUnknownKeys(discovery, "issuerDiscovery", DiscoveryFields, unhandled);
        var discoveryUri = new Uri(RequireString(discovery, "url", "issuerDiscovery"));
        var jwksUri = new Uri(RequireString(discovery, "jwks_uri", "issuerDiscovery"));
        var authorizer = RequireObject(data, "authorizer");
        NoteUnknownKeys(authorizer, "authorizer", AuthorizerFields, unhandled);
        string type = RequireString(authorizer, "type", "authorizer");
        var definition = type switch
        {
            "JWT" => ReadAuthorizer(authorizer, discoveryUri, unhandled),
            "NONE" => null,
            _ => throw new InvalidDataException($"authorizer.type '{type}' is neither JWT nor NONE"),
        };
        issuer.Publish(prefix, discoveryUri, new JsonObject { ["issuer"] = definition?.Issuer ?? "https://unused.invalid", ["jwks_uri"] = jwksUri.AbsoluteUri }.ToJsonString());
        issuer.Publish(prefix, jwksUri, new JsonObject { ["keys"] = jwks }.ToJsonString());

        // The token and the request.
        var token = RequireObject(data, "token");
        NoteUnknownKeys(token, "token", TokenFields, unhandled);
        string compact = Mint(token, published, unhandled);
        var placement = RequireObject(data, "placement");
        NoteUnknownKeys(placement, "placement", PlacementFields, unhandled);
        var routeKey = RouteKey.Parse(RequireString(data, "routeKey", "case"));
        if (routeKey.IsDefault || routeKey.Segments.Any(static s => s.Kind != RouteSegmentKind.Literal))
        {
            unhandled.Add($"routeKey '{routeKey}' is not a literal route; the runner requests its path as written");
        }

        string path = routeKey.IsDefault ? "/" : "/" + string.Join('/', routeKey.Segments.Select(static s => s.Value));
        string method = routeKey.Method == "ANY" ? "GET" : routeKey.Method;
        var headers = new List<KeyValuePair<string, string>> { new("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com") };
        string target = path;
        if (placement["none"] is null)
        {
            string value = RequireString(placement, "template", "placement").Replace("{token}", compact, StringComparison.Ordinal);
            if (ConformanceJson.AsString(placement["header"]) is { } headerName)
            {
                headers.Add(new(headerName, value));
            }
            else if (ConformanceJson.AsString(placement["query"]) is { } parameter)
            {
                target = path + "?" + Uri.EscapeDataString(parameter) + "=" + Uri.EscapeDataString(value);
            }
            else
            {
                throw new InvalidDataException($"placement {ConformanceJson.Show(placement)} names neither a header nor a query parameter");
            }
        }

        // The API.
        var response = RequireObject(data, "integrationResponse");
        NoteUnknownKeys(response, "integrationResponse", ResponseFields, unhandled);
        var integration = new CapturingFunction(response);
        var api = new HttpApiDefinition();
        api.Integrations.Add("fn", new IntegrationDefinition { Integration = new LambdaIntegration(integration.InvokeAsync) });
        if (definition is not null)
        {
            api.Authorizers.Add("jwt", definition);
        }

        api.Routes.Add(new RouteDefinition
        {
            RouteKey = routeKey.Value,
            IntegrationId = "fn",
            AuthorizationType = definition is null ? AuthorizationType.None : AuthorizationType.Jwt,
            AuthorizerId = definition is null ? null : "jwt",
            AuthorizationScopes = data["routeScopes"] is JsonArray ? RequireStrings(data, "routeScopes") : [],
        });

        long now = data["now"]?.GetValue<long>() ?? throw new InvalidDataException("'now' is missing");
        using var handler = issuer.Redirect(prefix);
        // One fake clock that nobody moves: the case's "now" for token lifetimes, and a fetch timeout that never fires.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now));
        using var keySource = new OidcKeySource { HttpMessageHandler = handler, TimeProvider = clock };
        var options = new HttpApiOptions { TimeProvider = clock, KeySource = keySource };
        var httpApi = new HttpApi(api, options);
        httpApi.AddStage(new Stage { Name = StageSelector.DefaultStageName, AutoDeploy = true });
        await using var answer = await new HttpApiDispatcher(httpApi).DispatchAsync(new GatewayRequest { Method = method, RawTarget = target, Headers = headers });
        return Describe(answer, expect, integration);
    }

    private static JwtAuthorizerDefinition ReadAuthorizer(JsonObject authorizer, Uri discoveryUri, List<string> unhandled)
    {
        var sources = RequireStrings(authorizer, "identitySource");
        if (sources.Count != 1)
        {
            unhandled.Add($"authorizer.identitySource has {sources.Count} entries; a JWT authorizer takes exactly one");
        }

        var configuration = RequireObject(authorizer, "jwtConfiguration");
        NoteUnknownKeys(configuration, "authorizer.jwtConfiguration", JwtConfigurationFields, unhandled);
        var definition = new JwtAuthorizerDefinition
        {
            IdentitySource = sources.FirstOrDefault() ?? string.Empty,
            Issuer = RequireString(configuration, "issuer", "authorizer.jwtConfiguration"),
            Audiences = RequireStrings(configuration, "audience"),
            DiscoveryUri = discoveryUri,
        };
        if (authorizer["clockSkewSeconds"] is { } skew)
        {
            definition = definition with { ClockSkew = TimeSpan.FromSeconds(skew.GetValue<double>()) };
        }

        if (authorizer["allowedAlgorithms"] is JsonArray)
        {
            definition = definition with { AllowedAlgorithms = RequireStrings(authorizer, "allowedAlgorithms") };
        }

        return definition;
    }

    private static TestKey KeyFor(JsonObject jwk)
    {
        string kid = RequireString(jwk, "kid", "jwks[]");
        string kty = RequireString(jwk, "kty", "jwks[]");
        string curve = ConformanceJson.AsString(jwk["crv"]) ?? "P-256";
        return kty switch
        {
            "RSA" => Keys.GetOrAdd($"RSA||{kid}", static (_, k) => TestKey.Rsa(k, alg: null), kid),
            "EC" => Keys.GetOrAdd($"EC|{curve}|{kid}", static (_, s) => TestKey.Ec(s.kid, s.curve, alg: null), (kid, curve)),
            _ => throw new InvalidDataException($"jwks[] kty '{kty}' cannot be generated"),
        };
    }

    /// <summary>Mints the compact JWS of a token recipe.</summary>
    private static string Mint(JsonObject recipe, Dictionary<string, TestKey> published, List<string> unhandled)
    {
        var header = RequireObject(recipe, "header");
        var claims = RequireObject(recipe, "claims");
        string signature = RequireString(recipe, "signature", "token");
        string alg = ConformanceJson.AsString(header["alg"]) ?? "none";
        string? signer = ConformanceJson.AsString(recipe["signWith"]) ?? ConformanceJson.AsString(header["kid"]);
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        byte[] payloadBytes = Encoding.UTF8.GetBytes(claims.ToJsonString());

        Func<byte[], byte[]> sign = signature switch
        {
            "none" => static _ => [],
            "valid" or "invalid" => SignerFor(alg, signer, published),
            _ => static _ => [],
        };
        if (signature is not ("valid" or "invalid" or "none"))
        {
            unhandled.Add($"token.signature '{signature}' is not valid, invalid or none");
        }

        string token = TestJwt.SignRawBytes(headerBytes, payloadBytes, sign);
        return signature == "invalid" ? TestJwt.CorruptSignature(token) : token;
    }

    private static Func<byte[], byte[]> SignerFor(string alg, string? signer, Dictionary<string, TestKey> published)
    {
        if (alg.StartsWith("HS", StringComparison.Ordinal))
        {
            byte[] secret = Encoding.UTF8.GetBytes(HmacSecret);
            return alg switch
            {
                "HS384" => input => HMACSHA384.HashData(secret, input),
                "HS512" => input => HMACSHA512.HashData(secret, input),
                _ => input => HMACSHA256.HashData(secret, input),
            };
        }

        if (alg == "none")
        {
            return static _ => [];
        }

        bool rsa = alg.StartsWith("RS", StringComparison.Ordinal) || alg.StartsWith("PS", StringComparison.Ordinal);
        string curve = alg switch { "ES384" => "P-384", "ES512" => "P-521", _ => "P-256" };
        var key = signer is not null && published.TryGetValue(signer, out var named) && named.IsRsa == rsa && (rsa || named.Curve == curve)
            ? named
            : rsa
                ? Keys.GetOrAdd("RSA||(unrelated)", static _ => TestKey.Rsa("unrelated", alg: null))
                : Keys.GetOrAdd($"EC|{curve}|(unrelated)", static (_, c) => TestKey.Ec("unrelated", c, alg: null), curve);
        return input => key.Sign(alg, input);
    }

    private static JsonObject Describe(GatewayResponse response, JsonObject expect, CapturingFunction integration)
    {
        var actual = new JsonObject { ["status"] = response.StatusCode };
        if (expect["body"] is JsonObject body)
        {
            byte[] bytes = response.Body.ToArray();
            if (body.ContainsKey("json"))
            {
                try
                {
                    actual["body"] = new JsonObject { ["json"] = JsonNode.Parse(bytes) };
                }
                catch (JsonException)
                {
                    actual["body"] = new JsonObject { ["text (not JSON)"] = Encoding.UTF8.GetString(bytes) };
                }
            }
            else
            {
                actual["body"] = new JsonObject { ["text"] = Encoding.UTF8.GetString(bytes) };
            }
        }

        if (expect.ContainsKey("integrationInvoked"))
        {
            actual["integrationInvoked"] = integration.Event is not null;
        }

        if (expect["headersPresent"] is JsonArray present)
        {
            actual["headersPresent"] = new JsonArray([.. present
                .Select(ConformanceJson.AsString)
                .OfType<string>()
                .Select(name => JsonValue.Create(response.GetHeader(name) is null ? $"{name} (missing)" : name))]);
        }

        if (expect["headersContain"] is JsonObject contain)
        {
            var found = new JsonObject();
            foreach (var (name, fragment) in contain)
            {
                string? value = response.GetHeader(name);
                string? wanted = ConformanceJson.AsString(fragment);
                found[name] = value is not null && wanted is not null && value.Contains(wanted, StringComparison.Ordinal) ? wanted : value;
            }

            actual["headersContain"] = found;
        }

        if (expect["headersExact"] is JsonObject exact)
        {
            var found = new JsonObject();
            foreach (var (name, _) in exact)
            {
                found[name] = response.GetHeader(name);
            }

            actual["headersExact"] = found;
        }

        if (expect["event"] is JsonObject assertions)
        {
            actual["event"] = EventAssertions.Evaluate(assertions, integration.Event ?? new JsonObject());
        }

        return actual;
    }

    /// <summary>The Lambda function behind the route: records the 2.0 event and returns the case's response.</summary>
    private sealed class CapturingFunction(JsonObject response)
    {
        public JsonNode? Event { get; private set; }

        public ValueTask<Stream> InvokeAsync(Stream input, CancellationToken cancellationToken)
        {
            Event = JsonNode.Parse(input);
            var result = new JsonObject
            {
                ["statusCode"] = response["status"]?.DeepClone() ?? 200,
                ["headers"] = response["headers"]?.DeepClone() ?? new JsonObject(),
                ["body"] = response["body"]?.DeepClone(),
            };
            return ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(result.ToJsonString())));
        }
    }

    /// <summary>
    /// The loopback issuer shared by the cases: each case publishes its documents under its own path prefix, and its
    /// key source's handler maps <c>https://host/path</c> to <c>http://127.0.0.1:port/prefix/host/path</c>.
    /// </summary>
    private sealed class ConformanceIssuer
    {
        private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
        private LoopbackIssuer _server = null!;

        public static async Task<ConformanceIssuer> StartAsync()
        {
            var issuer = new ConformanceIssuer();
            issuer._server = await LoopbackIssuer.StartAsync();
            issuer._server.Respond = issuer.ServeAsync;
            return issuer;
        }

        public void Publish(string prefix, Uri address, string body) => _documents[prefix + "/" + address.Host + address.AbsolutePath] = body;

        public RedirectingHandler Redirect(string prefix) => new(_server.BaseUri + prefix);

        private Task ServeAsync(HttpContext context)
        {
            if (!_documents.TryGetValue(context.Request.Path.Value ?? string.Empty, out string? body))
            {
                context.Response.StatusCode = 404;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body);
        }
    }

    private sealed class RedirectingHandler(string baseUri) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var original = request.RequestUri!;
            request.RequestUri = new Uri(baseUri + "/" + original.Host + original.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
