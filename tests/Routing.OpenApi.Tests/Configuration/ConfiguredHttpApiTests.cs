using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Routing.Apis;
using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.OpenApi.Tests.Configuration;

public sealed class ConfiguredHttpApiTests : IDisposable
{
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("routing-config-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfigurationSection InMemory(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("HttpApi");

    [Fact]
    public void Load_EveryMember_BuildsTheApiAndItsStages()
    {
        // Arrange
        var section = InMemory(new()
        {
            ["HttpApi:name"] = "pets",
            ["HttpApi:routes:0:routeKey"] = "GET /pets/{id}",
            ["HttpApi:routes:0:target"] = "integrations/pets",
            ["HttpApi:routes:0:authorizationType"] = "JWT",
            ["HttpApi:routes:0:authorizerId"] = "cognito",
            ["HttpApi:routes:0:authorizationScopes:0"] = "pets/read",
            ["HttpApi:routes:1:routeKey"] = "ANY /files/{proxy+}",
            ["HttpApi:routes:1:target"] = "files",
            ["HttpApi:integrations:pets:integrationType"] = "AWS_PROXY",
            ["HttpApi:integrations:pets:integrationUri"] = "arn:aws:lambda:us-east-1:123456789012:function:pets",
            ["HttpApi:integrations:pets:payloadFormatVersion"] = "1.0",
            ["HttpApi:integrations:pets:timeoutInMillis"] = "5000",
            ["HttpApi:integrations:files:integrationType"] = "HTTP_PROXY",
            ["HttpApi:integrations:files:integrationUri"] = "https://${stageVariables.host}/files",
            ["HttpApi:integrations:files:integrationMethod"] = "GET",
            ["HttpApi:integrations:files:requestParameters:append:header.x-source"] = "gateway",
            ["HttpApi:integrations:files:responseParameters:404:overwrite:statuscode"] = "204",
            ["HttpApi:authorizers:cognito:authorizerType"] = "JWT",
            ["HttpApi:authorizers:cognito:identitySource:0"] = "$request.header.Authorization",
            ["HttpApi:authorizers:cognito:jwtConfiguration:issuer"] = "https://issuer.example.com",
            ["HttpApi:authorizers:cognito:jwtConfiguration:audience:0"] = "client-a",
            ["HttpApi:authorizers:gate:authorizerType"] = "REQUEST",
            ["HttpApi:authorizers:gate:authorizerUri"] = "authz",
            ["HttpApi:authorizers:gate:identitySource"] = "$request.header.Authorization, $request.querystring.tenant",
            ["HttpApi:authorizers:gate:enableSimpleResponses"] = "true",
            ["HttpApi:authorizers:gate:authorizerResultTtlInSeconds"] = "300",
            ["HttpApi:corsConfiguration:allowOrigins:0"] = "https://app.example.com",
            ["HttpApi:corsConfiguration:maxAge"] = "600",
            ["HttpApi:stages:$default:autoDeploy"] = "true",
            ["HttpApi:stages:$default:stageVariables:host"] = "files.example.com",
            ["HttpApi:stages:prod:stageVariables:host"] = "prod.example.com",
        });

        // Act
        using var configured = ConfiguredHttpApi.Load(section, AnyFunction.Options);

        // Assert
        var definition = configured.Api.Definition;
        Assert.Equal("pets", definition.Name);
        Assert.Equal(["GET /pets/{id}", "ANY /files/{proxy+}"], definition.Routes.Select(static r => r.RouteKey));
        Assert.Equal(("pets", AuthorizationType.Jwt, "cognito"), (definition.Routes[0].IntegrationId, definition.Routes[0].AuthorizationType, definition.Routes[0].AuthorizerId));
        Assert.Equal("files", definition.Routes[1].IntegrationId);
        Assert.Equal(["pets/read"], definition.Routes[0].AuthorizationScopes);
        Assert.Equal(TimeSpan.FromSeconds(5), definition.Integrations["pets"].Timeout);
        Assert.Equal(PayloadFormatVersion.V1, definition.Integrations["pets"].PayloadFormatVersion);
        Assert.Equal("gateway", definition.Integrations["files"].RequestParameters["append:header.x-source"]);
        Assert.Equal("204", definition.Integrations["files"].ResponseParameters["404"]["overwrite:statuscode"]);
        var gate = Assert.IsType<LambdaAuthorizerDefinition>(definition.Authorizers["gate"]);
        Assert.Equal(["$request.header.Authorization", "$request.querystring.tenant"], gate.IdentitySource);
        Assert.Equal(TimeSpan.FromMinutes(5), gate.ResultTtl);
        Assert.Equal(["client-a"], Assert.IsType<JwtAuthorizerDefinition>(definition.Authorizers["cognito"]).Audiences);
        Assert.Equal(600, definition.Cors!.MaxAge);
        Assert.Equal(["$default", "prod"], configured.Api.Stages.Select(static s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(configured.Api.Stages, static s => Assert.NotNull(s.Deployment));
        Assert.Equal("prod.example.com", configured.Api.Stages.Single(static s => s.Name == "prod").StageVariables["host"]);
    }

    [Fact]
    public void Load_BadValues_RefusesNamingEveryPathValueAndExpectation()
    {
        // Arrange
        var section = InMemory(new()
        {
            ["HttpApi:routes:0:routeKey"] = "GET /a",
            ["HttpApi:routes:0:target"] = "a",
            ["HttpApi:routes:0:authorizationType"] = "BASIC",
            ["HttpApi:routes:1:target"] = "a",
            ["HttpApi:integrations:a:integrationUri"] = "fn",
            ["HttpApi:integrations:a:timeoutInMillis"] = "lots",
            ["HttpApi:rutes:0:routeKey"] = "GET /b",
        });

        // Act
        var error = Assert.Throws<HttpApiValidationException>(() => ConfiguredHttpApi.Load(section, AnyFunction.Options));

        // Assert
        var messages = error.Errors.Select(static e => e.ToString()).ToList();
        Assert.Contains(messages, static m => m.StartsWith("HttpApi:routes:0:authorizationType: 'BASIC' is not one of NONE, JWT, CUSTOM, AWS_IAM", StringComparison.Ordinal));
        Assert.Contains(messages, static m => m.StartsWith("HttpApi:routes:1:routeKey: 'routeKey' is missing", StringComparison.Ordinal));
        Assert.Contains(messages, static m => m.StartsWith("HttpApi:integrations:a:timeoutInMillis: 'lots' is not a whole number from 50 to 30000", StringComparison.Ordinal));
        Assert.Contains(messages, static m => m.StartsWith("HttpApi:rutes: 'rutes' is not a member of the API", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_RewrittenSettingsFile_ServesTheChangeAndKeepsTheLastGoodOnAnInvalidOne()
    {
        // Arrange
        string file = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(file, Settings("GET /first", variable: "one"), Ct);
        var configuration = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: true).Build();
        var logs = new ListLoggerFactory();
        using var configured = ConfiguredHttpApi.Load(configuration.GetSection("HttpApi"), new HttpApiOptions { FunctionResolver = new AnyFunction(), LoggerFactory = logs });
        var dispatcher = new HttpApiDispatcher(configured.Api);
        Assert.Equal("GET /first", await RouteOf(dispatcher, "/first"));

        // Act: a valid change, then an invalid one (a route key AWS refuses).
        var applied = await ReloadAfter(configured, () => File.WriteAllText(file, Settings("GET /second", variable: "two")));
        string? afterValid = await RouteOf(dispatcher, "/second");
        var refused = await ReloadAfter(configured, () => File.WriteAllText(file, Settings("GET /third/{proxy+}/x", variable: "three")));

        // Assert
        Assert.True(applied.Applied, string.Join("\n", applied.Errors));
        Assert.Equal("GET /second", afterValid);
        Assert.Equal("two", configured.Api.Stages.Single().StageVariables["v"]);
        Assert.False(refused.Applied);
        Assert.Contains(refused.Errors, static e => e.Message.Contains("/third/{proxy+}/x", StringComparison.Ordinal));
        Assert.Equal("GET /second", await RouteOf(dispatcher, "/second"));
        Assert.Equal("two", configured.Api.Stages.Single().StageVariables["v"]);
        Assert.Contains(logs.Entries, static e => e.EventId == 301 && e.Level == LogLevel.Error && e.Message.Contains("/third/{proxy+}/x", StringComparison.Ordinal));
        Assert.Same(refused.Errors, configured.Errors);
    }

    [Fact]
    public async Task Reload_RewrittenOpenApiFile_ServesTheChangeAndKeepsTheLastGoodOnAnError()
    {
        // Arrange
        string file = Path.Combine(_folder, "api.yaml");
        await File.WriteAllTextAsync(file, OpenApi("/cats"), Ct);
        var section = InMemory(new() { ["HttpApi:openApi"] = "api.yaml", ["HttpApi:stages:$default:autoDeploy"] = "true" });
        using var configured = ConfiguredHttpApi.Load(section, AnyFunction.Options, _folder);
        var dispatcher = new HttpApiDispatcher(configured.Api);
        Assert.Equal("GET /cats", await RouteOf(dispatcher, "/cats"));

        // Act
        var applied = await ReloadAfter(configured, () => File.WriteAllText(file, OpenApi("/dogs")));
        string? afterValid = await RouteOf(dispatcher, "/dogs");
        var refused = await ReloadAfter(configured, () => File.WriteAllText(file, OpenApi("/dogs").Replace("\"2.0\"", "\"3.0\"", StringComparison.Ordinal)));

        // Assert
        Assert.True(applied.Applied, string.Join("\n", applied.Errors));
        Assert.Equal("GET /dogs", afterValid);
        Assert.False(refused.Applied);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(file + "#/paths/~1dogs/get/x-amazon-apigateway-integration/payloadFormatVersion", error.Path);
        Assert.Equal("GET /dogs", await RouteOf(dispatcher, "/dogs"));
    }

    [Fact]
    public async Task Load_StageTrafficSettings_ThrottleAndLogAsConfigured()
    {
        // Arrange
        var lines = new List<string>();
        var section = InMemory(new()
        {
            ["HttpApi:routes:0:routeKey"] = "GET /a",
            ["HttpApi:routes:0:target"] = "fn",
            ["HttpApi:routes:1:routeKey"] = "GET /b",
            ["HttpApi:routes:1:target"] = "fn",
            ["HttpApi:integrations:fn:integrationUri"] = "fn",
            ["HttpApi:stages:$default:autoDeploy"] = "true",
            ["HttpApi:stages:$default:defaultRouteSettings:throttlingRateLimit"] = "0",
            ["HttpApi:stages:$default:defaultRouteSettings:throttlingBurstLimit"] = "1",
            ["HttpApi:stages:$default:routeSettings:GET /b:throttlingBurstLimit"] = "0",
            ["HttpApi:stages:$default:accessLogSettings:format"] = "$context.requestId $context.routeKey $context.status",
        });
        var options = new HttpApiOptions { FunctionResolver = new AnyFunction(), AccessLogSink = new ListSink(lines) };

        // Act
        using var configured = ConfiguredHttpApi.Load(section, options);
        var dispatcher = new HttpApiDispatcher(configured.Api);
        int[] statuses = [await StatusOf(dispatcher, "/a"), await StatusOf(dispatcher, "/a"), await StatusOf(dispatcher, "/b")];

        // Assert
        Assert.Equal([200, 429, 429], statuses);
        Assert.Equal(["GET /a 200", "GET /a 429", "GET /b 429"], lines.Select(static l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public void Load_StageSettingsForAnUnknownRouteOrABadFormat_RefusesNamingThem()
    {
        var section = InMemory(new()
        {
            ["HttpApi:routes:0:routeKey"] = "GET /a",
            ["HttpApi:routes:0:target"] = "fn",
            ["HttpApi:integrations:fn:integrationUri"] = "fn",
            ["HttpApi:stages:prod:routeSettings:GET /nope:throttlingBurstLimit"] = "1",
            ["HttpApi:stages:prod:accessLogSettings:format"] = "$context.status",
        });

        var error = Assert.Throws<HttpApiValidationException>(() => ConfiguredHttpApi.Load(section, AnyFunction.Options));

        Assert.Contains(error.Errors, static e => e.Message == "Unable to find Route by key GET /nope within the provided RouteSettings");
        Assert.Contains(error.Errors, static e => e.Path == "stages[prod].accessLogSettings.format");
    }

    private sealed class ListSink(List<string> lines) : Routing.Traffic.IAccessLogSink
    {
        public void Write(string stage, string? destinationArn, string line) => lines.Add(line);
    }

    private static async Task<int> StatusOf(HttpApiDispatcher dispatcher, string path)
    {
        await using var response = await dispatcher.DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = path }, Ct);
        return response.StatusCode;
    }

    [Fact]
    public void Load_OpenApiBesideRoutes_RefusesBoth()
    {
        // Arrange
        var section = InMemory(new() { ["HttpApi:openApi"] = "missing.yaml", ["HttpApi:routes:0:routeKey"] = "GET /a" });

        // Act
        var error = Assert.Throws<HttpApiValidationException>(() => ConfiguredHttpApi.Load(section, AnyFunction.Options, _folder));

        // Assert
        Assert.Contains(error.Errors, static e => e.Path == "HttpApi:routes" && e.Message.Contains("beside 'openApi'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, static e => e.Path == "HttpApi:openApi" && e.Message.Contains("missing.yaml", StringComparison.Ordinal));
    }

    private static string Settings(string routeKey, string variable) => $$"""
        { "HttpApi": {
            "routes": [ { "routeKey": "{{routeKey}}", "target": "integrations/fn" } ],
            "integrations": { "fn": { "integrationType": "AWS_PROXY", "integrationUri": "my-function", "payloadFormatVersion": "2.0" } },
            "stages": { "$default": { "autoDeploy": true, "stageVariables": { "v": "{{variable}}" } } } } }
        """;

    private static string OpenApi(string path) => $$"""
        openapi: "3.0.1"
        info: { title: t, version: "1" }
        paths:
          {{path}}:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, uri: my-function, payloadFormatVersion: "2.0" }
        """;

    /// <summary>Makes a change and waits for the reload it causes (a file may be seen half-written first; the last event counts).</summary>
    private static async Task<HttpApiReloadedEventArgs> ReloadAfter(ConfiguredHttpApi configured, Action change)
    {
        var seen = new TaskCompletionSource<HttpApiReloadedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReload(object? sender, HttpApiReloadedEventArgs e) => seen.TrySetResult(e);
        configured.Reloaded += OnReload;
        try
        {
            change();
            var first = await seen.Task.WaitAsync(ReloadWait, Ct);
            if (first.Applied)
            {
                return first;
            }

            // A refusal may come from a half-written file: read again once the writer is done.
            configured.Reload();
            return configured.Errors.Count == 0 ? new HttpApiReloadedEventArgs([], []) : new HttpApiReloadedEventArgs(configured.Errors, []);
        }
        finally
        {
            configured.Reloaded -= OnReload;
        }
    }

    private static async Task<string?> RouteOf(HttpApiDispatcher dispatcher, string path)
    {
        var context = await dispatcher.ServeAsync(new GatewayRequest { Method = "GET", RawTarget = path, Headers = [new("Host", "localhost")] });
        await context.Response!.DisposeAsync();
        return context.RouteKey?.Value;
    }
}
