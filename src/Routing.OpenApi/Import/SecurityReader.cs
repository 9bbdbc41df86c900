using System.Globalization;
using System.Text.Json.Nodes;
using Routing.Definitions;

namespace Routing.OpenApi.Import;

/// <summary>
/// Reads <c>components.securitySchemes</c> (JWT and Lambda authorizers from <c>x-amazon-apigateway-authorizer</c>, IAM
/// from <c>x-amazon-apigateway-authtype: awsSigv4</c>) and decides each route's authorization from its <c>security</c>,
/// the root <c>security</c> and <c>x-amazon-apigateway-auth</c>.
/// </summary>
internal sealed class SecurityReader
{
    private const string AuthorizerExtension = "x-amazon-apigateway-authorizer";
    private const string WellKnown = "/.well-known/openid-configuration";

    private readonly ImportSession _session;
    private readonly Dictionary<string, SchemeKind> _schemes = new(StringComparer.Ordinal);
    private readonly JsonArray? _rootSecurity;

    private SecurityReader(ImportSession session, JsonArray? rootSecurity)
    {
        _session = session;
        _rootSecurity = rootSecurity;
    }

    private enum SchemeKind
    {
        NotAnAuthorizer,
        Jwt,
        Lambda,
        Iam,
        Invalid,
    }

    /// <summary>Reads the security schemes; the authorizers go into the definition.</summary>
    public static SecurityReader Read(JsonObject root, HttpApiDefinition definition, ImportSession session)
    {
        var reader = new SecurityReader(session, root["security"] as JsonArray);
        if (root["components"]?["securitySchemes"] is JsonObject schemes)
        {
            foreach (var (name, node) in schemes)
            {
                string pointer = ImportSession.Pointer("/components/securitySchemes", name);
                reader._schemes[name] = node is JsonObject scheme ? reader.ReadScheme(name, scheme, pointer, definition) : SchemeKind.NotAnAuthorizer;
            }
        }

        return reader;
    }

    /// <summary>The route with the authorization its operation asks for.</summary>
    public RouteDefinition Apply(RouteDefinition route, JsonObject operation, string operationPointer)
    {
        var decided = FromSecurity(route, operation, operationPointer);
        if (operation["x-amazon-apigateway-auth"] is JsonObject auth && ImportSession.Text(auth["type"]) is { } type)
        {
            return type.ToUpperInvariant() switch
            {
                "AWS_IAM" => route with { AuthorizationType = AuthorizationType.AwsIam, AuthorizerId = null, AuthorizationScopes = [] },
                "NONE" => route with { AuthorizationType = AuthorizationType.None, AuthorizerId = null, AuthorizationScopes = [] },
                _ => Unknown(),
            };

            RouteDefinition Unknown()
            {
                _session.Warn("extension-unknown", ImportSession.Pointer(ImportSession.Pointer(operationPointer, "x-amazon-apigateway-auth"), "type"), $"x-amazon-apigateway-auth type '{type}' is neither AWS_IAM nor NONE; ignored.");
                return decided;
            }
        }

        return decided;
    }

    private RouteDefinition FromSecurity(RouteDefinition route, JsonObject operation, string operationPointer)
    {
        JsonArray? requirements;
        string pointer;
        if (operation.TryGetPropertyValue("security", out var own))
        {
            requirements = own as JsonArray;
            pointer = ImportSession.Pointer(operationPointer, "security");
        }
        else if (_rootSecurity is { Count: > 0 })
        {
            requirements = _rootSecurity;
            pointer = "/security";
            _session.Info("root-security-inherited", operationPointer, $"'{route.RouteKey}' has no security of its own and takes the root security.");
        }
        else
        {
            return route;
        }

        if (requirements is null || requirements.Count == 0)
        {
            return route;
        }

        if (requirements.Count > 1 || requirements[0] is not JsonObject requirement || requirement.Count > 1)
        {
            _session.Error("security-multiple-requirements", pointer, $"'{route.RouteKey}' models several security requirements; each operation can have only one of IAM authorization, a Lambda authorizer, or a JWT authorizer.");
            return route;
        }

        if (requirement.Count == 0)
        {
            return route;
        }

        var (name, scopesNode) = requirement.First();
        string schemePointer = $"{pointer}/0";
        var scopes = ImportSession.TextList(scopesNode, splitCommas: false) ?? [];
        if (!_schemes.TryGetValue(name, out var kind))
        {
            if (name != "NONE")
            {
                _session.Warn("security-scheme-undefined", schemePointer, $"'{route.RouteKey}' names the security scheme '{name}', which components.securitySchemes does not define; the route has no authorization.");
            }

            return route;
        }

        if (kind != SchemeKind.Jwt && scopes.Count > 0)
        {
            _session.Warn("scopes-on-non-jwt", schemePointer, $"'{route.RouteKey}' lists scopes for '{name}', which is not a JWT authorizer; the scopes are dropped.");
        }

        switch (kind)
        {
            case SchemeKind.Jwt:
                return route with { AuthorizationType = AuthorizationType.Jwt, AuthorizerId = name, AuthorizationScopes = scopes };
            case SchemeKind.Lambda:
                return route with { AuthorizationType = AuthorizationType.Custom, AuthorizerId = name };
            case SchemeKind.Iam:
                return route with { AuthorizationType = AuthorizationType.AwsIam };
            case SchemeKind.NotAnAuthorizer:
                _session.Warn("security-scheme-not-authorizer", schemePointer, $"'{name}' is a plain OpenAPI security scheme without x-amazon-apigateway-authorizer; HTTP APIs cannot enforce it, so '{route.RouteKey}' has no authorization.");
                return route;
            default:
                return route;
        }
    }

    private SchemeKind ReadScheme(string name, JsonObject scheme, string pointer, HttpApiDefinition definition)
    {
        if (ImportSession.Text(scheme["x-amazon-apigateway-authtype"]) is { } authType && authType.Equals("awsSigv4", StringComparison.OrdinalIgnoreCase))
        {
            return SchemeKind.Iam;
        }

        if (scheme[AuthorizerExtension] is not JsonObject authorizer)
        {
            return SchemeKind.NotAnAuthorizer;
        }

        string at = ImportSession.Pointer(pointer, AuthorizerExtension);
        switch (ImportSession.Text(authorizer["type"])?.ToLowerInvariant())
        {
            case "jwt":
                return ReadJwt(name, scheme, authorizer, at, definition);
            case "request":
                return ReadLambda(name, authorizer, at, definition);
            case var other:
                _session.Error("authorizer-invalid", ImportSession.Pointer(at, "type"), $"Authorizer '{name}' has type '{other}'; HTTP APIs support jwt and request (Lambda) authorizers.");
                return SchemeKind.Invalid;
        }
    }

    private SchemeKind ReadJwt(string name, JsonObject scheme, JsonObject authorizer, string pointer, HttpApiDefinition definition)
    {
        var configuration = authorizer["jwtConfiguration"] as JsonObject;
        string? issuer = ImportSession.Text(configuration?["issuer"]);
        if (issuer is null && ImportSession.Text(scheme["openIdConnectUrl"]) is { } discovery && discovery.EndsWith(WellKnown, StringComparison.Ordinal))
        {
            issuer = discovery[..^WellKnown.Length];
        }

        var audiences = ImportSession.TextList(configuration?["audience"], splitCommas: false) ?? [];
        var sources = ImportSession.TextList(authorizer["identitySource"], splitCommas: true) ?? [];
        bool valid = true;
        if (issuer is null)
        {
            _session.Error("authorizer-invalid", ImportSession.Pointer(pointer, "jwtConfiguration"), $"JWT authorizer '{name}' has no jwtConfiguration.issuer (and no openIdConnectUrl ending in {WellKnown}).");
            valid = false;
        }

        if (audiences.Count == 0)
        {
            _session.Error("authorizer-invalid", ImportSession.Pointer(pointer, "jwtConfiguration"), $"JWT authorizer '{name}' has no jwtConfiguration.audience; a JWT authorizer needs at least one.");
            valid = false;
        }

        if (sources.Count > 1)
        {
            _session.Error("authorizer-invalid", ImportSession.Pointer(pointer, "identitySource"), $"JWT authorizer '{name}' lists {sources.Count} identity sources; a JWT authorizer takes one.");
            valid = false;
        }

        if (!valid)
        {
            return SchemeKind.Invalid;
        }

        definition.Authorizers[name] = new JwtAuthorizerDefinition
        {
            Issuer = issuer!,
            Audiences = audiences,
            IdentitySource = sources.Count == 1 ? sources[0] : "$request.header.Authorization",
        };
        return SchemeKind.Jwt;
    }

    private SchemeKind ReadLambda(string name, JsonObject authorizer, string pointer, HttpApiDefinition definition)
    {
        bool valid = true;
        var version = PayloadFormatVersion.V1;
        switch (ImportSession.Text(authorizer["authorizerPayloadFormatVersion"]))
        {
            case null:
                _session.Warn("authorizer-payload-version-missing", pointer, $"Lambda authorizer '{name}' has no authorizerPayloadFormatVersion; 1.0 (the REST-compatible event) is used.");
                break;
            case "1.0" or "1":
                break;
            case "2.0" or "2":
                version = PayloadFormatVersion.V2;
                break;
            case var other:
                _session.Error("authorizer-invalid", ImportSession.Pointer(pointer, "authorizerPayloadFormatVersion"), $"Lambda authorizer '{name}' has authorizerPayloadFormatVersion '{other}'; use \"1.0\" or \"2.0\".");
                valid = false;
                break;
        }

        bool simple = authorizer["enableSimpleResponses"] is JsonValue flag && flag.TryGetValue(out bool enabled) && enabled;
        if (simple && version != PayloadFormatVersion.V2)
        {
            _session.Error("authorizer-invalid", ImportSession.Pointer(pointer, "enableSimpleResponses"), $"Lambda authorizer '{name}' enables simple responses, which need authorizerPayloadFormatVersion \"2.0\".");
            valid = false;
        }

        var ttl = TimeSpan.Zero;
        if (authorizer["authorizerResultTtlInSeconds"] is { } ttlNode)
        {
            if (int.TryParse(ImportSession.Text(ttlNode), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 0 and <= 3600)
            {
                ttl = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                _session.Error("authorizer-invalid", ImportSession.Pointer(pointer, "authorizerResultTtlInSeconds"), $"Lambda authorizer '{name}' has authorizerResultTtlInSeconds '{ImportSession.Text(ttlNode)}'; use 0 to 3600.");
                valid = false;
            }
        }

        var sources = new List<string>();
        string sourcePointer = ImportSession.Pointer(pointer, "identitySource");
        foreach (string entry in ImportSession.TextList(authorizer["identitySource"], splitCommas: true) ?? [])
        {
            if (entry.StartsWith("$request.header.", StringComparison.Ordinal) || entry.StartsWith("$request.querystring.", StringComparison.Ordinal)
                || entry.StartsWith("$context.", StringComparison.Ordinal) || entry.StartsWith("$stageVariables.", StringComparison.Ordinal))
            {
                sources.Add(entry);
            }
            else if (entry.StartsWith("method.request.header.", StringComparison.Ordinal) || entry.StartsWith("method.request.querystring.", StringComparison.Ordinal))
            {
                string converted = "$request." + entry["method.request.".Length..];
                _session.Warn("identity-source-converted", sourcePointer, $"Lambda authorizer '{name}': the REST identity source '{entry}' is read as '{converted}'.");
                sources.Add(converted);
            }
            else
            {
                _session.Error("authorizer-invalid", sourcePointer, $"Lambda authorizer '{name}' has the identity source '{entry}'; use $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME.");
                valid = false;
            }
        }

        if (!valid)
        {
            return SchemeKind.Invalid;
        }

        definition.Authorizers[name] = new LambdaAuthorizerDefinition
        {
            AuthorizerUri = ImportSession.Text(authorizer["authorizerUri"]),
            IdentitySource = sources,
            PayloadFormatVersion = version,
            EnableSimpleResponses = simple,
            ResultTtl = ttl,
            CredentialsArn = ImportSession.Text(authorizer["authorizerCredentials"]),
        };
        return SchemeKind.Lambda;
    }
}
