using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Routing.Definitions;
using Routing.Pipeline;

namespace Routing.OpenApi.Tests.Export;

/// <summary>
/// import(export(api)) is api: for generated APIs (routes of every shape, Lambda, HTTP proxy and AWS service
/// integrations with their options and parameter mappings, JWT, Lambda and IAM authorization, CORS), exporting as JSON
/// or YAML and importing the document again gives the same routes, integrations, authorizers and CORS, with no warning.
/// </summary>
public sealed class RoundTripProperties
{
    private static readonly string[] Literals = ["pets", "users", "v1", "items", "a.b", "x-y"];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"];

    [Property(MaxTest = 1000)]
    public Property Import_OfExport_IsTheSameApi() => Prop.ForAll(Arb.From(Apis()), static generated =>
    {
        // Arrange
        var (definition, outputType) = generated;

        // Act
        var export = OpenApiExporter.Export(definition, new OpenApiExportOptions { OutputType = outputType });
        var reimported = OpenApiImporter.Import(export.Document);

        // Assert
        Assert.Empty(export.Diagnostics);
        Assert.True(reimported.Succeeded, string.Join('\n', reimported.Diagnostics) + "\n" + export.Document);
        Assert.DoesNotContain(reimported.Diagnostics, static d => d.Severity != OpenApiDiagnosticSeverity.Info);
        Assert.Equal(DefinitionShape.Of(definition), DefinitionShape.Of(reimported.Definition!));
    });

    private static Gen<(HttpApiDefinition, OpenApiOutputType)> Apis() =>
        from authorizers in Authorizers()
        from keys in Gen.Choose(0, 12).SelectMany(static n => Gen.ListOf(RouteKey(), n))
        from hasDefault in Gen.Elements(true, false)
        from routes in RoutesFor([.. keys.Distinct(StringComparer.Ordinal), .. hasDefault ? ["$default"] : Array.Empty<string>()], authorizers)
        from cors in Cors().OrNull()
        from name in Gen.Elements("pets", "My API: v2", "ünïcode \"quoted\"")
        from version in Gen.Elements<string?>(null, "1.0", "2023-08-16", "7")
        from description in Gen.Elements<string?>(null, "An API.", "line one\nline two")
        from outputType in Gen.Elements(OpenApiOutputType.Json, OpenApiOutputType.Yaml)
        select (Build(authorizers, routes, cors, name, version, description), outputType);

    private static HttpApiDefinition Build(
        List<(string Name, AuthorizerDefinition Authorizer)> authorizers, List<(RouteDefinition Route, IntegrationDefinition? Integration)> routes,
        CorsConfiguration? cors, string name, string? version, string? description)
    {
        var definition = new HttpApiDefinition { Name = name, Version = version, Description = description, Cors = cors };
        foreach (var (authorizerName, authorizer) in authorizers)
        {
            definition.Authorizers[authorizerName] = authorizer;
        }

        int i = 0;
        foreach (var (route, integration) in routes)
        {
            string? id = null;
            if (integration is not null)
            {
                id = "integration" + i++;
                definition.Integrations[id] = integration;
            }

            definition.Routes.Add(route with { IntegrationId = id });
        }

        return definition;
    }

    /// <summary>Route keys whose parameter names follow their position, so two keys of the same shape are the same key.</summary>
    private static Gen<string> RouteKey() =>
        from method in Gen.Elements(Methods)
        from count in Gen.Choose(0, 4)
        from kinds in Gen.ListOf(Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Constant(1))), count)
        from greedy in Gen.Elements(false, false, true)
        from literals in Gen.ListOf(Gen.Elements(Literals), count)
        select $"{method} /" + string.Join('/', kinds.Select((kind, i) => kind == 0 ? literals[i] : $"{{p{i}}}")
            .Concat(greedy ? ["{proxy+}"] : Array.Empty<string>()));

    private static Gen<List<(string, AuthorizerDefinition)>> Authorizers() =>
        from jwtCount in Gen.Choose(0, 2)
        from jwts in Gen.ListOf(Jwt(), jwtCount)
        from lambdaCount in Gen.Choose(0, 2)
        from lambdas in Gen.ListOf(Lambda(), lambdaCount)
        select jwts.Select(static (j, i) => ("jwt" + i, j)).Concat(lambdas.Select(static (l, i) => ("lambda-auth" + i, l))).ToList();

    private static Gen<AuthorizerDefinition> Jwt() =>
        from issuer in Gen.Elements("https://issuer.example.com", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc")
        from audiences in Gen.NonEmptyListOf(Gen.Elements("client-a", "client-b", "api://x"))
        from source in Gen.Elements("$request.header.Authorization", "$request.querystring.token", "$request.header.X-Token")
        select (AuthorizerDefinition)new JwtAuthorizerDefinition { Issuer = issuer, Audiences = [.. audiences.Distinct()], IdentitySource = source };

    private static Gen<AuthorizerDefinition> Lambda() =>
        from v2 in Gen.Elements(true, false)
        from simple in Gen.Elements(true, false)
        from ttl in Gen.Elements(0, 1, 300, 3600)
        from sources in Gen.NonEmptyListOf(Gen.Elements("$request.header.Authorization", "$request.querystring.tenant", "$context.routeKey", "$stageVariables.key"))
        from uri in Gen.Elements("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:authz/invocations", "authz")
        from credentials in Gen.Elements<string?>(null, "arn:aws:iam::123456789012:role/invoke")
        select (AuthorizerDefinition)new LambdaAuthorizerDefinition
        {
            AuthorizerUri = uri,
            IdentitySource = [.. sources.Distinct()],
            PayloadFormatVersion = v2 ? PayloadFormatVersion.V2 : PayloadFormatVersion.V1,
            EnableSimpleResponses = v2 && simple,
            ResultTtl = TimeSpan.FromSeconds(ttl),
            CredentialsArn = credentials,
        };

    private static Gen<List<(RouteDefinition, IntegrationDefinition?)>> RoutesFor(List<string> keys, List<(string Name, AuthorizerDefinition Authorizer)> authorizers)
    {
        var routes = keys.Select(key =>
            from integration in Gen.Frequency((1, Gen.Constant<IntegrationDefinition?>(null)), (8, Integration().Select(static i => (IntegrationDefinition?)i)))
            from authorization in Authorization(authorizers)
            select (authorization with { RouteKey = key }, integration));
        return Gen.CollectToList(routes, static g => g);
    }

    private static Gen<RouteDefinition> Authorization(List<(string Name, AuthorizerDefinition Authorizer)> authorizers)
    {
        var choices = new List<Gen<RouteDefinition>>
        {
            Gen.Constant(new RouteDefinition { RouteKey = "x" }),
            Gen.Constant(new RouteDefinition { RouteKey = "x", AuthorizationType = AuthorizationType.AwsIam }),
        };
        foreach (var (name, authorizer) in authorizers)
        {
            choices.Add(authorizer is JwtAuthorizerDefinition
                ? Gen.SubListOf("pets/read", "pets/write", "email").Select(scopes => new RouteDefinition
                {
                    RouteKey = "x", AuthorizationType = AuthorizationType.Jwt, AuthorizerId = name, AuthorizationScopes = [.. scopes],
                })
                : Gen.Constant(new RouteDefinition { RouteKey = "x", AuthorizationType = AuthorizationType.Custom, AuthorizerId = name }));
        }

        return Gen.OneOf(choices);
    }

    private static Gen<IntegrationDefinition> Integration() => Gen.OneOf(LambdaIntegration(), HttpIntegration(), ServiceIntegration());

    private static Gen<IntegrationDefinition> LambdaIntegration() =>
        from uri in Gen.Elements(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations",
            "arn:aws:lambda:us-east-1:123456789012:function:pets-${stageVariables.alias}", "pets")
        from v2 in Gen.Elements(true, false)
        from method in Gen.Elements<string?>(null, "POST")
        from common in Common()
        select common with
        {
            IntegrationType = IntegrationType.AwsProxy,
            IntegrationUri = uri,
            IntegrationMethod = method,
            PayloadFormatVersion = v2 ? PayloadFormatVersion.V2 : PayloadFormatVersion.V1,
        };

    private static Gen<IntegrationDefinition> HttpIntegration() =>
        from uri in Gen.Elements("https://backend.example.com/items", "http://${stageVariables.host}/api", "https://example.com")
        from method in Gen.Elements<string?>(null, "GET", "POST", "ANY")
        from request in Gen.SubListOf(
            ("append:header.x-from", "$request.header.host"), ("overwrite:querystring.page", "1"),
            ("remove:header.cookie", "''"), ("overwrite:path", "/static/path"))
        from statuses in Gen.SubListOf("200", "404")
        from common in Common()
        select common with
        {
            IntegrationType = IntegrationType.HttpProxy,
            IntegrationUri = uri,
            IntegrationMethod = method,
            PayloadFormatVersion = PayloadFormatVersion.V1,
            RequestParameters = request.ToDictionary(static p => p.Item1, static p => p.Item2),
            ResponseParameters = statuses.ToDictionary(static s => s, static IReadOnlyDictionary<string, string> (s) =>
                new Dictionary<string, string> { ["append:header.x-status"] = s, ["overwrite:statuscode"] = "299" }),
        };

    private static Gen<IntegrationDefinition> ServiceIntegration() =>
        from common in Common()
        from queue in Gen.Elements("https://sqs.us-east-1.amazonaws.com/123456789012/q", "$stageVariables.queue")
        select common with
        {
            IntegrationType = IntegrationType.AwsProxy,
            IntegrationSubtype = "SQS-SendMessage",
            PayloadFormatVersion = PayloadFormatVersion.V1,
            CredentialsArn = "arn:aws:iam::123456789012:role/sqs",
            RequestParameters = new Dictionary<string, string> { ["QueueUrl"] = queue, ["MessageBody"] = "$request.body.message" },
        };

    private static Gen<IntegrationDefinition> Common() =>
        from timeout in Gen.Elements(50, 1000, 29000, 30000)
        from vpc in Gen.Elements(false, false, true)
        from credentials in Gen.Elements<string?>(null, "arn:aws:iam::123456789012:role/call")
        from tls in Gen.Elements<string?>(null, "backend.internal")
        select new IntegrationDefinition
        {
            Timeout = TimeSpan.FromMilliseconds(timeout),
            ConnectionType = vpc ? ConnectionType.VpcLink : ConnectionType.Internet,
            ConnectionId = vpc ? "abc123" : null,
            CredentialsArn = credentials,
            TlsServerNameToVerify = tls,
        };

    private static Gen<CorsConfiguration> Cors() =>
        from credentials in Gen.Elements(true, false)
        from origins in Gen.SubListOf("https://a.example.com", "http://localhost:3000", "https://*")
        from wildcard in Gen.Elements(true, false)
        from methods in Gen.SubListOf("GET", "POST", "*")
        from headers in Gen.SubListOf("authorization", "content-type")
        from expose in Gen.SubListOf("x-request-id", "etag")
        from maxAge in Gen.Elements<int?>(null, 0, 300, 86400)
        select new CorsConfiguration
        {
            AllowOrigins = wildcard && !credentials ? ["*"] : [.. origins],
            AllowMethods = [.. methods],
            AllowHeaders = [.. headers],
            ExposeHeaders = [.. expose],
            MaxAge = maxAge,
            AllowCredentials = credentials,
        };
}
