using System.Globalization;
using Microsoft.Extensions.Configuration;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Pipeline;

namespace Routing.OpenApi.Configuration;

/// <summary>What one read of the configuration gave: the API and its stages, or the errors that refuse it.</summary>
internal sealed record ConfigurationSnapshot(HttpApiDefinition? Definition, IReadOnlyList<Stage> Stages, IReadOnlyList<ValidationError> Errors, IReadOnlyList<string> WatchedFiles);

/// <summary>
/// Reads an HTTP API from a configuration section whose member names are those of AWS's CLI and CloudFormation JSON
/// (<c>routeKey</c>, <c>target</c>, <c>integrationType</c>, <c>payloadFormatVersion</c>, <c>corsConfiguration</c>,
/// <c>stages</c> with <c>stageVariables</c> and <c>autoDeploy</c> ...), or from the OpenAPI file its <c>openApi</c> member
/// names. Every problem is an error naming the configuration path, the value and what was expected.
/// </summary>
internal sealed class ConfigurationReader
{
    private static readonly string[] TopMembers =
    [
        "name", "version", "description", "openApi", "basepath", "failOnWarnings", "awsRegion", "awsAccountId", "templateVariables", "intrinsics",
        "routes", "integrations", "authorizers", "corsConfiguration", "stages", "apiKeySource",
    ];

    private static readonly string[] RouteMembers = ["routeKey", "target", "authorizationType", "authorizerId", "authorizationScopes", "apiKeyRequired"];

    private static readonly string[] IntegrationMembers =
    [
        "integrationType", "integrationUri", "integrationSubtype", "integrationMethod", "payloadFormatVersion", "timeoutInMillis",
        "connectionType", "connectionId", "credentialsArn", "requestParameters", "responseParameters", "tlsConfig",
    ];

    private static readonly string[] AuthorizerMembers =
    [
        "authorizerType", "identitySource", "jwtConfiguration", "authorizerUri", "authorizerPayloadFormatVersion",
        "enableSimpleResponses", "authorizerResultTtlInSeconds", "authorizerCredentialsArn",
    ];

    private static readonly string[] CorsMembers = ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials"];

    private readonly List<ValidationError> _errors = [];
    private readonly List<string> _watched = [];
    private readonly string _baseDirectory;

    private ConfigurationReader(string baseDirectory) => _baseDirectory = baseDirectory;

    /// <summary>Reads the section.</summary>
    /// <param name="section">The API's section.</param>
    /// <param name="baseDirectory">The folder a relative <c>openApi</c> path starts from.</param>
    /// <param name="warnings">Receives the OpenAPI import's warnings (not errors unless <c>failOnWarnings</c>).</param>
    public static ConfigurationSnapshot Read(IConfigurationSection section, string baseDirectory, List<ValidationError> warnings)
    {
        var reader = new ConfigurationReader(baseDirectory);
        var definition = reader.ReadApi(section, warnings);
        var stages = reader.ReadStages(section.GetSection("stages"));
        return new ConfigurationSnapshot(reader._errors.Count == 0 ? definition : null, stages, reader._errors, reader._watched);
    }

    private HttpApiDefinition? ReadApi(IConfigurationSection section, List<ValidationError> warnings)
    {
        CheckMembers(section, TopMembers, "the API");
        HttpApiDefinition? definition;
        if (section["openApi"] is { } file)
        {
            foreach (string member in (string[])["routes", "integrations", "authorizers", "corsConfiguration"])
            {
                if (section.GetSection(member).Exists())
                {
                    Error(section.GetSection(member), $"'{member}' cannot be given beside 'openApi': the OpenAPI file defines the routes, integrations, authorizers and CORS. Remove one of them.");
                }
            }

            definition = ReadOpenApi(section, file, warnings);
        }
        else
        {
            definition = new HttpApiDefinition();
            foreach (var integration in section.GetSection("integrations").GetChildren())
            {
                if (ReadIntegration(integration) is { } read)
                {
                    definition.Integrations[integration.Key] = read;
                }
            }

            foreach (var authorizer in section.GetSection("authorizers").GetChildren())
            {
                if (ReadAuthorizer(authorizer) is { } read)
                {
                    definition.Authorizers[authorizer.Key] = read;
                }
            }

            foreach (var route in Items(section.GetSection("routes")))
            {
                if (ReadRoute(route) is { } read)
                {
                    definition.Routes.Add(read);
                }
            }

            var cors = section.GetSection("corsConfiguration");
            definition.Cors = cors.Exists() ? ReadCors(cors) : null;
        }

        if (definition is not null)
        {
            definition.ApiKeySource = Enum(section.GetSection("apiKeySource"), ApiKeySource.Header, ("HEADER", ApiKeySource.Header), ("AUTHORIZER", ApiKeySource.Authorizer));
            definition.Name = section["name"] ?? definition.Name;
            definition.Version = section["version"] ?? definition.Version;
            definition.Description = section["description"] ?? definition.Description;
        }

        return definition;
    }

    private HttpApiDefinition? ReadOpenApi(IConfigurationSection section, string file, List<ValidationError> warnings)
    {
        string path = Path.GetFullPath(file, _baseDirectory);
        _watched.Add(path);
        string where = section.GetSection("openApi").Path;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _errors.Add(new ValidationError(where, $"The OpenAPI file '{path}' cannot be read: {e.Message}"));
            return null;
        }

        foreach (var (key, value) in Map(section.GetSection("templateVariables")))
        {
            // What the tool that wrote the file (Terraform's templatefile, say) would have put there.
            text = text.Replace("${" + key + "}", value, StringComparison.Ordinal);
        }

        string region = section["awsRegion"] ?? "us-east-1", account = section["awsAccountId"] ?? "123456789012";
        var intrinsics = section.GetSection("intrinsics");
        Func<string, System.Text.Json.Nodes.JsonObject, string?>? resolver = null;
        if (intrinsics.Value is { } mode)
        {
            if (mode.Equals("placeholders", StringComparison.OrdinalIgnoreCase))
            {
                resolver = new CloudFormationPlaceholders(region, account, "aws").Resolve;
            }
            else
            {
                Error(intrinsics, $"'{mode}' is not a way to resolve CloudFormation intrinsics; expected placeholders (or leave intrinsics out to refuse them).");
            }
        }

        var options = new OpenApiImportOptions
        {
            IntrinsicResolver = resolver,
            BasePath = Enum(section.GetSection("basepath"), OpenApiBasePathMode.Ignore, ("ignore", OpenApiBasePathMode.Ignore), ("prepend", OpenApiBasePathMode.Prepend), ("split", OpenApiBasePathMode.Split)),
            FailOnWarnings = Bool(section.GetSection("failOnWarnings")) ?? false,
            AwsRegion = section["awsRegion"],
            AwsAccountId = section["awsAccountId"],
            Name = section["name"],
        };

        var result = OpenApiImporter.Import(text, options);
        foreach (var diagnostic in result.Diagnostics)
        {
            var error = new ValidationError($"{path}#{diagnostic.JsonPointer}", $"{diagnostic.Code}: {diagnostic.Message}");
            if (diagnostic.Severity == OpenApiDiagnosticSeverity.Error || (diagnostic.Severity == OpenApiDiagnosticSeverity.Warning && options.FailOnWarnings))
            {
                _errors.Add(error);
            }
            else if (diagnostic.Severity == OpenApiDiagnosticSeverity.Warning)
            {
                warnings.Add(error);
            }
        }

        return result.Definition;
    }

    private RouteDefinition? ReadRoute(IConfigurationSection route)
    {
        CheckMembers(route, RouteMembers, "a route");
        string? key = Required(route, "routeKey", "a route key such as \"GET /pets/{id}\" or \"$default\"");
        string? target = route["target"];
        if (target is not null && target.StartsWith("integrations/", StringComparison.Ordinal))
        {
            target = target["integrations/".Length..];
        }

        var type = Enum(route.GetSection("authorizationType"), AuthorizationType.None,
            ("NONE", AuthorizationType.None), ("JWT", AuthorizationType.Jwt), ("CUSTOM", AuthorizationType.Custom), ("AWS_IAM", AuthorizationType.AwsIam));
        return key is null ? null : new RouteDefinition
        {
            RouteKey = key,
            IntegrationId = target,
            AuthorizationType = type,
            AuthorizerId = route["authorizerId"],
            AuthorizationScopes = Strings(route.GetSection("authorizationScopes")),
            ApiKeyRequired = Bool(route.GetSection("apiKeyRequired")) ?? false,
        };
    }

    private IntegrationDefinition? ReadIntegration(IConfigurationSection integration)
    {
        CheckMembers(integration, IntegrationMembers, $"integration '{integration.Key}'");
        var type = Enum(integration.GetSection("integrationType"), IntegrationType.AwsProxy,
            ("AWS_PROXY", IntegrationType.AwsProxy), ("HTTP_PROXY", IntegrationType.HttpProxy), ("MOCK", IntegrationType.Mock), ("AWS", IntegrationType.Aws));
        var version = Enum(integration.GetSection("payloadFormatVersion"), type == IntegrationType.AwsProxy && integration["integrationSubtype"] is null ? PayloadFormatVersion.V2 : PayloadFormatVersion.V1,
            ("2.0", PayloadFormatVersion.V2), ("1.0", PayloadFormatVersion.V1));
        int? timeout = Int(integration.GetSection("timeoutInMillis"), 50, 30000);
        var tls = integration.GetSection("tlsConfig");
        CheckMembers(tls, ["serverNameToVerify"], $"the tlsConfig of integration '{integration.Key}'");
        var responses = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var status in integration.GetSection("responseParameters").GetChildren())
        {
            responses[status.Key] = Map(status);
        }

        return new IntegrationDefinition
        {
            IntegrationType = type,
            IntegrationUri = integration["integrationUri"],
            IntegrationSubtype = integration["integrationSubtype"],
            IntegrationMethod = integration["integrationMethod"],
            PayloadFormatVersion = version,
            Timeout = timeout is { } millis ? TimeSpan.FromMilliseconds(millis) : IntegrationDefinition.MaxTimeout,
            ConnectionType = Enum(integration.GetSection("connectionType"), ConnectionType.Internet, ("INTERNET", ConnectionType.Internet), ("VPC_LINK", ConnectionType.VpcLink)),
            ConnectionId = integration["connectionId"],
            CredentialsArn = integration["credentialsArn"],
            TlsServerNameToVerify = tls["serverNameToVerify"],
            RequestParameters = Map(integration.GetSection("requestParameters")),
            ResponseParameters = responses,
        };
    }

    private AuthorizerDefinition? ReadAuthorizer(IConfigurationSection authorizer)
    {
        CheckMembers(authorizer, AuthorizerMembers, $"authorizer '{authorizer.Key}'");
        var sources = Strings(authorizer.GetSection("identitySource"), splitCommas: true);
        switch (authorizer["authorizerType"]?.ToUpperInvariant())
        {
            case "JWT":
                var jwt = authorizer.GetSection("jwtConfiguration");
                CheckMembers(jwt, ["issuer", "audience"], $"the jwtConfiguration of authorizer '{authorizer.Key}'");
                string? issuer = Required(jwt, "issuer", "the issuer URL (the tokens' iss)");
                if (sources.Count > 1)
                {
                    Error(authorizer.GetSection("identitySource"), $"A JWT authorizer takes one identity source; found {sources.Count}.");
                }

                return issuer is null ? null : new JwtAuthorizerDefinition
                {
                    Issuer = issuer,
                    Audiences = Strings(jwt.GetSection("audience")),
                    IdentitySource = sources.Count > 0 ? sources[0] : "$request.header.Authorization",
                };
            case "REQUEST":
                var version = Enum(authorizer.GetSection("authorizerPayloadFormatVersion"), PayloadFormatVersion.V2, ("2.0", PayloadFormatVersion.V2), ("1.0", PayloadFormatVersion.V1));
                int? ttl = Int(authorizer.GetSection("authorizerResultTtlInSeconds"), 0, 3600);
                return new LambdaAuthorizerDefinition
                {
                    AuthorizerUri = authorizer["authorizerUri"],
                    IdentitySource = authorizer.GetSection("identitySource").Exists() ? sources : ["$request.header.Authorization"],
                    PayloadFormatVersion = version,
                    EnableSimpleResponses = Bool(authorizer.GetSection("enableSimpleResponses")) ?? false,
                    ResultTtl = TimeSpan.FromSeconds(ttl ?? 0),
                    CredentialsArn = authorizer["authorizerCredentialsArn"],
                };
            case var other:
                Error(authorizer.GetSection("authorizerType"), $"authorizerType is '{other}'; expected JWT or REQUEST (a Lambda authorizer).");
                return null;
        }
    }

    private CorsConfiguration ReadCors(IConfigurationSection cors)
    {
        CheckMembers(cors, CorsMembers, "corsConfiguration");
        return new CorsConfiguration
        {
            AllowOrigins = Strings(cors.GetSection("allowOrigins")),
            AllowMethods = Strings(cors.GetSection("allowMethods")),
            AllowHeaders = Strings(cors.GetSection("allowHeaders")),
            ExposeHeaders = Strings(cors.GetSection("exposeHeaders")),
            MaxAge = Int(cors.GetSection("maxAge"), CorsConfiguration.MinMaxAge, CorsConfiguration.MaxMaxAge),
            AllowCredentials = Bool(cors.GetSection("allowCredentials")) ?? false,
        };
    }

    private List<Stage> ReadStages(IConfigurationSection stages)
    {
        var result = new List<Stage>();
        foreach (var stage in stages.GetChildren())
        {
            CheckMembers(stage, ["autoDeploy", "stageVariables", "defaultRouteSettings", "routeSettings", "accessLogSettings"], $"stage '{stage.Key}'");
            bool autoDeploy = Bool(stage.GetSection("autoDeploy")) ?? false;
            var accessLog = stage.GetSection("accessLogSettings");
            CheckMembers(accessLog, ["format", "destinationArn"], $"the accessLogSettings of stage '{stage.Key}'");
            result.Add(new Stage
            {
                Name = stage.Key,
                AutoDeploy = autoDeploy,
                StageVariables = Map(stage.GetSection("stageVariables")),
                DefaultRouteSettings = stage.GetSection("defaultRouteSettings").Exists() ? ReadRouteSettings(stage.GetSection("defaultRouteSettings")) : null,
                RouteSettings = stage.GetSection("routeSettings").GetChildren().ToDictionary(
                    static s => s.Key, ReadRouteSettings, StringComparer.Ordinal),
                AccessLogSettings = accessLog.Exists()
                    ? new AccessLogSettings { Format = Required(accessLog, "format", "a single-line format with $context.requestId") ?? string.Empty, DestinationArn = accessLog["destinationArn"] }
                    : null,
            });
        }

        // No stages: one auto-deploying $default, as the builder gives.
        return result.Count > 0 ? result : [new Stage { Name = Stage.DefaultName, AutoDeploy = true }];
    }

    /// <summary>A stage's <c>defaultRouteSettings</c> or one entry of its <c>routeSettings</c> (a route key: its <c>:</c>-free keys read as written).</summary>
    private RouteSettings ReadRouteSettings(IConfigurationSection settings)
    {
        CheckMembers(settings, ["throttlingRateLimit", "throttlingBurstLimit", "detailedMetricsEnabled"], $"the settings '{settings.Path}'");
        var rate = settings.GetSection("throttlingRateLimit");
        double? rateLimit = null;
        if (rate.Value is { } text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && parsed >= 0 && !double.IsInfinity(parsed))
            {
                rateLimit = parsed;
            }
            else
            {
                Error(rate, $"'{text}' is not a rate; expected requests per second, 0 or more.");
            }
        }

        return new RouteSettings
        {
            ThrottlingRateLimit = rateLimit,
            ThrottlingBurstLimit = Int(settings.GetSection("throttlingBurstLimit"), 0, int.MaxValue),
            DetailedMetricsEnabled = Bool(settings.GetSection("detailedMetricsEnabled")) ?? false,
        };
    }

    /// <summary>Reports members the schema does not have (a misspelt member would otherwise be dropped without a word).</summary>
    private void CheckMembers(IConfiguration section, string[] known, string owner)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Error(child, $"'{child.Key}' is not a member of {owner}; expected one of {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>
    /// A map whose keys may contain <c>:</c>, the configuration's path separator (<c>append:header.x</c>): every value
    /// under the section, keyed by its path below the section.
    /// </summary>
    private static Dictionary<string, string> Map(IConfigurationSection section)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is not null && key.Length > 0)
            {
                map[key] = value;
            }
        }

        return map;
    }

    /// <summary>The items of an array section (<c>0</c>, <c>1</c> ...), in index order.</summary>
    private static IEnumerable<IConfigurationSection> Items(IConfigurationSection section) =>
        section.GetChildren().OrderBy(static c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue);

    private List<string> Strings(IConfigurationSection section, bool splitCommas = false)
    {
        if (section.Value is { } single)
        {
            return splitCommas ? [.. single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [single];
        }

        var items = new List<string>();
        foreach (var item in Items(section))
        {
            if (item.Value is { } text)
            {
                items.Add(text.Trim());
            }
            else
            {
                Error(item, "Expected a string in this list.");
            }
        }

        return items;
    }

    private string? Required(IConfigurationSection owner, string member, string expected)
    {
        if (owner[member] is { Length: > 0 } value)
        {
            return value;
        }

        _errors.Add(new ValidationError(owner.Path + ":" + member, $"'{member}' is missing; expected {expected}."));
        return null;
    }

    private bool? Bool(IConfigurationSection section)
    {
        if (section.Value is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out bool value))
        {
            return value;
        }

        Error(section, $"'{text}' is not true or false.");
        return null;
    }

    private int? Int(IConfigurationSection section, int min, int max)
    {
        if (section.Value is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        Error(section, $"'{text}' is not a whole number from {min} to {max}.");
        return null;
    }

    private T Enum<T>(IConfigurationSection section, T fallback, params (string Text, T Value)[] choices)
    {
        if (section.Value is not { } text)
        {
            return fallback;
        }

        foreach (var (choice, value) in choices)
        {
            if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        Error(section, $"'{text}' is not one of {string.Join(", ", choices.Select(static c => c.Text))}.");
        return fallback;
    }

    private void Error(IConfigurationSection section, string message) => _errors.Add(new ValidationError(section.Path, message));
}
