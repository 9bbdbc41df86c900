using System.Text.Json.Nodes;
using Routing.Definitions;
using Routing.OpenApi.Import;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.OpenApi.Export;

/// <summary>
/// Writes an HTTP API definition as the OpenAPI 3.0 document <c>aws apigatewayv2 export-api</c> writes: one path item
/// per route path, one operation per route, integrations inline, authorizers as security schemes, CORS and the
/// import/export version at the root. Keys are in a stable order, so the same API always gives the same text.
/// </summary>
internal sealed class DocumentWriter(HttpApiDefinition definition, OpenApiExportOptions options)
{
    private const string AnyMethod = "x-amazon-apigateway-any-method";
    private const string IamScheme = "sigv4";

    /// <summary>The operation member of each method, in the order operations are written.</summary>
    private static readonly (string Method, string Member)[] Operations =
    [
        ("GET", "get"), ("PUT", "put"), ("POST", "post"), ("DELETE", "delete"),
        ("OPTIONS", "options"), ("HEAD", "head"), ("PATCH", "patch"), ("ANY", AnyMethod),
    ];

    private readonly List<OpenApiDiagnostic> _diagnostics = [];

    public IReadOnlyList<OpenApiDiagnostic> Diagnostics => _diagnostics;

    public JsonObject Write()
    {
        var root = new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = Info(),
            ["servers"] = Servers(),
            ["paths"] = Paths(),
        };

        if (options.IncludeExtensions)
        {
            if (SecuritySchemes() is { Count: > 0 } schemes)
            {
                root["components"] = new JsonObject { ["securitySchemes"] = schemes };
            }

            if (definition.Cors is { } cors)
            {
                root["x-amazon-apigateway-cors"] = Cors(cors);
            }

            root["x-amazon-apigateway-importexport-version"] = "1.0";
        }

        return root;
    }

    private JsonObject Info()
    {
        var info = new JsonObject { ["title"] = definition.Name ?? "HTTP API" };
        if (definition.Description is { } description)
        {
            info["description"] = description;
        }

        info["version"] = definition.Version ?? options.VersionWhenUnset;
        return info;
    }

    private JsonArray Servers()
    {
        string basePath = options.StageName is null or Deployments.Stage.DefaultName ? string.Empty : options.StageName;
        return
        [
            new JsonObject
            {
                ["url"] = options.ServerUrl,
                ["variables"] = new JsonObject { ["basePath"] = new JsonObject { ["default"] = basePath } },
            },
        ];
    }

    private JsonObject Paths()
    {
        var byPath = new SortedDictionary<string, List<(RouteDefinition Route, RouteKey Key)>>(StringComparer.Ordinal);
        foreach (var route in definition.Routes)
        {
            if (!RouteKey.TryParse(route.RouteKey, out var key))
            {
                Warn("route-not-exportable", "/paths", $"The route key '{route.RouteKey}' is not valid; the route is not written.");
                continue;
            }

            string path = key.IsDefault ? "/$default" : key.Path;
            if (!byPath.TryGetValue(path, out var routes))
            {
                byPath[path] = routes = [];
            }

            routes.Add((route, key));
        }

        var paths = new JsonObject();
        foreach (var (path, routes) in byPath)
        {
            string pathPointer = ImportSession.Pointer("/paths", path);
            var item = new JsonObject();
            foreach (var (method, member) in Operations)
            {
                foreach (var (route, key) in routes)
                {
                    if ((key.IsDefault ? "ANY" : key.Method) == method)
                    {
                        item[member] = Operation(route, key, ImportSession.Pointer(pathPointer, member));
                    }
                }
            }

            if (routes[0].Key.ParameterNames.Length > 0)
            {
                item["parameters"] = PathParameters(routes[0].Key);
            }

            paths[path] = item;
        }

        return paths;
    }

    private JsonObject Operation(RouteDefinition route, RouteKey key, string pointer)
    {
        var operation = new JsonObject();
        if (key.IsDefault)
        {
            operation["isDefaultRoute"] = true;
        }

        operation["responses"] = new JsonObject { ["default"] = new JsonObject { ["description"] = $"Default response for {route.RouteKey}" } };
        if (!options.IncludeExtensions)
        {
            return operation;
        }

        if (Security(route) is { } security)
        {
            operation["security"] = security;
        }

        if (route.ApiKeyRequired)
        {
            Warn("api-key-not-exportable", pointer, $"'{route.RouteKey}' requires an API key, which API Gateway's HTTP APIs do not have; the requirement is not written.");
        }

        if (route.IntegrationId is null)
        {
            return operation;
        }

        string at = ImportSession.Pointer(pointer, "x-amazon-apigateway-integration");
        if (!definition.Integrations.TryGetValue(route.IntegrationId, out var integration))
        {
            Warn("integration-not-exportable", at, $"'{route.RouteKey}' names the integration '{route.IntegrationId}', which the API does not define; the route is written without one.");
        }
        else if (Integration(integration, route, at) is { } written)
        {
            operation["x-amazon-apigateway-integration"] = written;
        }

        return operation;
    }

    private JsonArray? Security(RouteDefinition route)
    {
        string? scheme = route.AuthorizationType switch
        {
            AuthorizationType.Jwt or AuthorizationType.Custom => route.AuthorizerId,
            AuthorizationType.AwsIam => IamSchemeName(),
            _ => null,
        };

        if (scheme is null)
        {
            return null;
        }

        var scopes = new JsonArray();
        if (route.AuthorizationType == AuthorizationType.Jwt)
        {
            foreach (string scope in route.AuthorizationScopes)
            {
                scopes.Add(scope);
            }
        }

        return [new JsonObject { [scheme] = scopes }];
    }

    /// <summary>The scheme name of IAM authorization: <c>sigv4</c>, or another when an authorizer already has that name.</summary>
    private string IamSchemeName()
    {
        string name = IamScheme;
        for (int i = 2; definition.Authorizers.ContainsKey(name); i++)
        {
            name = IamScheme + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private JsonObject? Integration(IntegrationDefinition integration, RouteDefinition route, string pointer)
    {
        string? type = integration.IntegrationType switch
        {
            IntegrationType.AwsProxy => "aws_proxy",
            IntegrationType.HttpProxy => "http_proxy",
            _ => null,
        };

        if (type is null || (integration.IntegrationUri is null && integration.IntegrationSubtype is null))
        {
            Warn("integration-not-exportable", pointer, type is null
                ? $"The {integration.IntegrationType} integration of '{route.RouteKey}' has no OpenAPI form for HTTP APIs; the route is written without one."
                : $"The integration of '{route.RouteKey}' is an in-process handler without a URI; the route is written without one.");
            return null;
        }

        var written = new JsonObject();
        if (integration.ResponseParameters.Count > 0)
        {
            var statuses = new JsonObject();
            foreach (var (status, mappings) in integration.ResponseParameters.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                statuses[status] = Map(mappings);
            }

            written["responseParameters"] = statuses;
        }

        if (integration.RequestParameters.Count > 0)
        {
            written["requestParameters"] = Map(integration.RequestParameters);
        }

        written["payloadFormatVersion"] = integration.PayloadFormatVersion == PayloadFormatVersion.V1 ? "1.0" : "2.0";
        written["type"] = type;
        Set(written, "integrationSubtype", integration.IntegrationSubtype);
        Set(written, "httpMethod", integration.IntegrationMethod);
        Set(written, "uri", integration.IntegrationUri);
        written["connectionType"] = integration.ConnectionType == ConnectionType.VpcLink ? "VPC_LINK" : "INTERNET";
        Set(written, "connectionId", integration.ConnectionId);
        Set(written, "credentials", integration.CredentialsArn);
        if (integration.TlsServerNameToVerify is { } serverName)
        {
            written["tlsConfig"] = new JsonObject { ["serverNameToVerify"] = serverName };
        }

        written["timeoutInMillis"] = (int)integration.Timeout.TotalMilliseconds;
        return written;
    }

    private JsonObject SecuritySchemes()
    {
        var schemes = new JsonObject();
        foreach (var (name, authorizer) in definition.Authorizers.OrderBy(static a => a.Key, StringComparer.Ordinal))
        {
            switch (authorizer)
            {
                case JwtAuthorizerDefinition jwt:
                    schemes[name] = Jwt(jwt);
                    break;
                case LambdaAuthorizerDefinition lambda:
                    schemes[name] = Lambda(lambda);
                    break;
                default:
                    Warn("authorizer-not-exportable", ImportSession.Pointer("/components/securitySchemes", name), $"The authorizer '{name}' is a {authorizer.GetType().Name}, which OpenAPI cannot carry; it is not written.");
                    break;
            }
        }

        if (definition.Routes.Any(static r => r.AuthorizationType == AuthorizationType.AwsIam))
        {
            schemes[IamSchemeName()] = new JsonObject
            {
                ["type"] = "apiKey",
                ["name"] = "Authorization",
                ["in"] = "header",
                ["x-amazon-apigateway-authtype"] = "awsSigv4",
            };
        }

        return schemes;
    }

    private static JsonObject Jwt(JwtAuthorizerDefinition jwt)
    {
        var audiences = new JsonArray();
        foreach (string audience in jwt.Audiences)
        {
            audiences.Add(audience);
        }

        return new JsonObject
        {
            ["type"] = "oauth2",
            ["flows"] = new JsonObject(),
            ["x-amazon-apigateway-authorizer"] = new JsonObject
            {
                ["identitySource"] = jwt.IdentitySource,
                ["jwtConfiguration"] = new JsonObject { ["audience"] = audiences, ["issuer"] = jwt.Issuer },
                ["type"] = "jwt",
            },
        };
    }

    private static JsonObject Lambda(LambdaAuthorizerDefinition lambda)
    {
        const string HeaderSource = "$request.header.";
        string header = lambda.IdentitySource.FirstOrDefault(static s => s.StartsWith(HeaderSource, StringComparison.Ordinal))?[HeaderSource.Length..] ?? "Unused";
        var sources = new JsonArray();
        foreach (string source in lambda.IdentitySource)
        {
            sources.Add(source);
        }

        var authorizer = new JsonObject
        {
            ["identitySource"] = sources,
            ["authorizerPayloadFormatVersion"] = lambda.PayloadFormatVersion == PayloadFormatVersion.V1 ? "1.0" : "2.0",
            ["authorizerResultTtlInSeconds"] = (int)lambda.ResultTtl.TotalSeconds,
            ["type"] = "request",
            ["enableSimpleResponses"] = lambda.EnableSimpleResponses,
        };
        Set(authorizer, "authorizerUri", lambda.AuthorizerUri);
        Set(authorizer, "authorizerCredentials", lambda.CredentialsArn);
        return new JsonObject
        {
            ["type"] = "apiKey",
            ["name"] = header,
            ["in"] = "header",
            ["x-amazon-apigateway-authorizer"] = authorizer,
        };
    }

    private static JsonObject Cors(CorsConfiguration cors)
    {
        var written = new JsonObject();
        List(written, "allowOrigins", cors.AllowOrigins);
        if (cors.AllowCredentials)
        {
            written["allowCredentials"] = true;
        }

        List(written, "exposeHeaders", cors.ExposeHeaders);
        if (cors.MaxAge is { } maxAge)
        {
            written["maxAge"] = maxAge;
        }

        List(written, "allowMethods", cors.AllowMethods);
        List(written, "allowHeaders", cors.AllowHeaders);
        return written;

        static void List(JsonObject owner, string member, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                var array = new JsonArray();
                foreach (string value in values)
                {
                    array.Add(value);
                }

                owner[member] = array;
            }
        }
    }

    /// <summary>Path parameters as AWS declares them, once per path item; the greedy one keeps its <c>+</c>.</summary>
    private static JsonArray PathParameters(RouteKey key)
    {
        var parameters = new JsonArray();
        foreach (var segment in key.Segments)
        {
            if (segment.Kind is RouteSegmentKind.Parameter or RouteSegmentKind.Greedy)
            {
                string name = segment.Kind == RouteSegmentKind.Greedy ? segment.Value + "+" : segment.Value;
                parameters.Add(new JsonObject
                {
                    ["name"] = name,
                    ["in"] = "path",
                    ["description"] = $"Generated path parameter for {name}",
                    ["required"] = true,
                    ["schema"] = new JsonObject { ["type"] = "string" },
                });
            }
        }

        return parameters;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var written = new JsonObject();
        foreach (var (key, value) in map.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            written[key] = value;
        }

        return written;
    }

    private static void Set(JsonObject owner, string member, string? value)
    {
        if (value is not null)
        {
            owner[member] = value;
        }
    }

    private void Warn(string code, string pointer, string message) => _diagnostics.Add(new(OpenApiDiagnosticSeverity.Warning, code, pointer, message));
}
