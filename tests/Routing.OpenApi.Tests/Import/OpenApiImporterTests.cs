using Routing.Definitions;

namespace Routing.OpenApi.Tests.Import;

/// <summary>
/// Each diagnostic the importer gives, from the smallest definition that causes it: its severity, its code, the JSON
/// pointer of the member, and whether the import is refused. (The corpus runner covers whole real definitions.)
/// </summary>
public sealed class OpenApiImporterTests
{
    private const string Lambda = """{"type": "aws_proxy", "uri": "fn", "payloadFormatVersion": "2.0"}""";

    /// <summary>A definition with the given paths and root members.</summary>
    private static string Doc(string paths, string root = "") =>
        $$"""{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {{{paths}}}{{(root.Length > 0 ? ", " + root : string.Empty)}}}""";

    private static string Get(string path, string integration = Lambda, string operation = "") =>
        Quote(path) + ": {\"get\": {" + (operation.Length > 0 ? operation + ", " : string.Empty) + "\"x-amazon-apigateway-integration\": " + integration + "}}";

    private static string Quote(string text) => "\"" + text + "\"";

    public static TheoryData<string, string, string, string, bool> Cases() => new()
    {
        // name, definition, "severity code", pointer, refused
        { "not JSON or YAML", "{\"openapi\": ", "error document-unparsable", "", true },
        { "Swagger 2.0", """{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}""", "error openapi-version-unsupported", "/swagger", true },
        { "OpenAPI 3.1", Doc(Get("/a")).Replace("3.0.1", "3.1.0", StringComparison.Ordinal), "error openapi-version-unsupported", "/openapi", true },
        { "no version", """{"info": {"title": "t", "version": "1"}, "paths": {}}""", "error openapi-version-unsupported", "", true },
        { "credentials with any origin", Doc(Get("/a"), """ "x-amazon-apigateway-cors": {"allowOrigins": ["*"], "allowCredentials": true} """), "error cors-credentials-with-wildcard-origin", "/x-amazon-apigateway-cors", true },
        { "AWS variable without a value", Doc(Get("/a", """{"type": "aws_proxy", "uri": "arn:aws:lambda:${AWS::Region}:1:function:f", "payloadFormatVersion": "2.0"}""")), "error aws-variable-missing", "/paths/~1a/get/x-amazon-apigateway-integration/uri", true },
        { "same route key twice", Doc(Get("/p/{id}") + ", " + Get("/p/{petId}")), "error route-key-conflict", "/paths/~1p~1{petId}/get", true },
        { "JWT without audience", Doc(Get("/a"), """ "components": {"securitySchemes": {"j": {"type": "oauth2", "x-amazon-apigateway-authorizer": {"type": "jwt", "jwtConfiguration": {"issuer": "https://i"}}}}} """), "error authorizer-invalid", "/components/securitySchemes/j/x-amazon-apigateway-authorizer/jwtConfiguration", true },
        { "bad mapping", Doc(Get("/a", """{"type": "http_proxy", "uri": "https://b", "httpMethod": "GET", "payloadFormatVersion": "1.0", "requestParameters": {"overwrite:body.x": "x"}}""")), "error parameter-mapping-invalid", "/paths/~1a/get/x-amazon-apigateway-integration/requestParameters/overwrite:body.x", true },
        { "unknown subtype", Doc(Get("/a", """{"type": "aws_proxy", "integrationSubtype": "SQS-Nope", "payloadFormatVersion": "1.0"}""")), "error integration-subtype-unknown", "/paths/~1a/get/x-amazon-apigateway-integration/integrationSubtype", true },
        { "no payload version", Doc(Get("/a", """{"type": "aws_proxy", "uri": "fn"}""")), "error payload-format-version-missing", "/paths/~1a/get/x-amazon-apigateway-integration", true },
        { "payload 2.0 on HTTP proxy", Doc(Get("/a", """{"type": "http_proxy", "uri": "https://b", "payloadFormatVersion": "2.0"}""")), "error payload-format-version-invalid", "/paths/~1a/get/x-amazon-apigateway-integration/payloadFormatVersion", true },
        { "too many routes", Doc(string.Join(", ", Enumerable.Range(0, 301).Select(static i => Get("/r" + i)))), "error quota-exceeded", "/paths", true },
        { "no title", """{"openapi": "3.0.1", "info": {"version": "1"}, "paths": {}}""", "error api-name-missing", "/info", true },
        { "$default without slash", Doc("\"$default\": {\"x-amazon-apigateway-any-method\": {\"isDefaultRoute\": true, \"x-amazon-apigateway-integration\": " + Lambda + "}}"), "warning default-path-without-slash", "/paths/$default", false },
        { "invalid path", Doc(Get("/a b")), "warning path-invalid", "/paths/~1a b", false },
        { "greedy not last", Doc(Get("/{proxy+}/x")), "warning greedy-not-last", "/paths/~1{proxy+}~1x", false },
        { "TRACE", Doc("\"/a\": {\"trace\": {\"x-amazon-apigateway-integration\": " + Lambda + "}}"), "warning method-unsupported", "/paths/~1a/trace", false },
        { "isDefaultRoute elsewhere", Doc(Get("/a", operation: "\"isDefaultRoute\": true")), "warning default-route-flag-ignored", "/paths/~1a/get/isDefaultRoute", false },
        { "REST integration type", Doc(Get("/a", """{"type": "aws", "uri": "fn", "payloadFormatVersion": "1.0"}""")), "warning integration-type-unsupported", "/paths/~1a/get/x-amazon-apigateway-integration/type", false },
        { "no integration type", Doc(Get("/a", """{"uri": "fn", "payloadFormatVersion": "2.0"}""")), "warning integration-type-missing", "/paths/~1a/get/x-amazon-apigateway-integration", false },
        { "dangling integration $ref", Doc(Get("/a", """{"$ref": "#/components/x-amazon-apigateway-integrations/none"}""")), "warning integration-ref-unresolved", "/paths/~1a/get/x-amazon-apigateway-integration/$ref", false },
        { "REST-style mapping", Doc(Get("/a", """{"type": "http_proxy", "uri": "https://b", "httpMethod": "GET", "payloadFormatVersion": "1.0", "requestParameters": {"integration.request.header.x": "'a'"}}""")), "warning parameter-mapping-rest-style", "/paths/~1a/get/x-amazon-apigateway-integration/requestParameters/integration.request.header.x", false },
        { "undefined scheme", Doc(Get("/a", operation: "\"security\": [{\"nope\": []}]")), "warning security-scheme-undefined", "/paths/~1a/get/security/0", false },
        { "plain scheme", Doc(Get("/a", operation: "\"security\": [{\"key\": []}]"), """ "components": {"securitySchemes": {"key": {"type": "apiKey", "name": "k", "in": "header"}}} """), "warning security-scheme-not-authorizer", "/paths/~1a/get/security/0", false },
        { "scopes on IAM", Doc(Get("/a", operation: "\"security\": [{\"sig\": [\"s\"]}]"), """ "components": {"securitySchemes": {"sig": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}}} """), "warning scopes-on-non-jwt", "/paths/~1a/get/security/0", false },
        { "dangling schema $ref", Doc(Get("/a", operation: "\"responses\": {\"200\": {\"$ref\": \"#/components/responses/none\"}}")), "warning schema-ref-unresolved", "/paths/~1a/get/responses/200/$ref", false },
        { "declared parameter not in path", Doc(Get("/a", operation: "\"parameters\": [{\"name\": \"id\", \"in\": \"path\"}]")), "warning path-parameter-mismatch", "/paths/~1a/get/parameters/0", false },
        { "timeout too long", Doc(Get("/a", """{"type": "aws_proxy", "uri": "fn", "payloadFormatVersion": "2.0", "timeoutInMillis": 60000}""")), "warning timeout-out-of-range", "/paths/~1a/get/x-amazon-apigateway-integration/timeoutInMillis", false },
        { "subtype parameter missing", Doc(Get("/a", """{"type": "aws_proxy", "integrationSubtype": "SQS-SendMessage", "payloadFormatVersion": "1.0", "requestParameters": {"QueueUrl": "q"}}""")), "warning subtype-parameter-missing", "/paths/~1a/get/x-amazon-apigateway-integration/requestParameters", false },
        { "unknown extension", Doc(Get("/a"), """ "x-amazon-apigateway-nope": 1 """), "warning extension-unknown", "/x-amazon-apigateway-nope", false },
        { "import/export version 2.0", Doc(Get("/a"), """ "x-amazon-apigateway-importexport-version": "2.0" """), "warning importexport-version-unsupported", "/x-amazon-apigateway-importexport-version", false },
        { "REST-only root extension", Doc(Get("/a"), """ "x-amazon-apigateway-binary-media-types": ["*/*"] """), "info rest-only-extension-ignored", "/x-amazon-apigateway-binary-media-types", false },
        { "REST-only integration field", Doc(Get("/a", """{"type": "aws_proxy", "uri": "fn", "payloadFormatVersion": "2.0", "passthroughBehavior": "when_no_match"}""")), "info rest-only-field-ignored", "/paths/~1a/get/x-amazon-apigateway-integration/passthroughBehavior", false },
        { "operation without integration", Doc("\"/a\": {\"get\": {}}"), "info route-without-integration", "/paths/~1a/get", false },
        { "root security", Doc(Get("/a"), """ "security": [{"sig": []}], "components": {"securitySchemes": {"sig": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}}} """), "info root-security-inherited", "/paths/~1a/get", false },
        { "second server", Doc(Get("/a"), """ "servers": [{"url": "https://a/v1"}, {"url": "https://b/v2"}] """), "info server-ignored", "/servers/1", false },
        { "members beside $ref", Doc(Get("/a", """{"$ref": "#/components/x-amazon-apigateway-integrations/i", "timeoutInMillis": 5}"""), """ "components": {"x-amazon-apigateway-integrations": {"i": {"type": "aws_proxy", "uri": "fn", "payloadFormatVersion": "2.0"}}} """), "info integration-ref-siblings-ignored", "/paths/~1a/get/x-amazon-apigateway-integration", false },
        { "VPC link", Doc(Get("/a", """{"type": "http_proxy", "uri": "https://b", "httpMethod": "GET", "payloadFormatVersion": "1.0", "connectionType": "VPC_LINK", "connectionId": "v"}""")), "info vpc-link-unresolved", "/paths/~1a/get/x-amazon-apigateway-integration/connectionType", false },
        { "Lambda httpMethod GET", Doc(Get("/a", """{"type": "aws_proxy", "uri": "fn", "httpMethod": "GET", "payloadFormatVersion": "2.0"}""")), "info lambda-method-not-post", "/paths/~1a/get/x-amazon-apigateway-integration/httpMethod", false },
        { "AWS service action", Doc(Get("/a", """{"type": "aws_proxy", "integrationSubtype": "SQS-PurgeQueue", "payloadFormatVersion": "1.0", "requestParameters": {"QueueUrl": "q"}}""")), "info aws-service-integration", "/paths/~1a/get/x-amazon-apigateway-integration/integrationSubtype", false },
        { "request body", Doc(Get("/a", operation: "\"requestBody\": {\"content\": {}}")), "info request-validation-ignored", "/paths/~1a/get/requestBody", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Import_SmallestDefinition_ReportsItsDiagnosticAtItsPointer(string name, string definition, string diagnostic, string jsonPointer, bool refused)
    {
        // Act
        var result = OpenApiImporter.Import(definition);

        // Assert
        string[] parts = diagnostic.Split(' ');
        var severity = Enum.Parse<OpenApiDiagnosticSeverity>(parts[0], ignoreCase: true);
        var found = result.Diagnostics.Where(d => d.Code == parts[1]).ToList();
        Assert.True(found.Count > 0, $"{name}: no {parts[1]}; got:\n{string.Join('\n', result.Diagnostics)}");
        Assert.Contains(found, d => d.Severity == severity && d.JsonPointer == jsonPointer);
        Assert.All(found, static d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
        Assert.Equal(refused, !result.Succeeded);
    }

    [Fact]
    public void Import_WarningWithFailOnWarnings_IsRefused()
    {
        // Arrange
        string definition = Doc(Get("/a", """{"type": "aws_proxy", "uri": "fn", "payloadFormatVersion": "2.0", "timeoutInMillis": 60000}"""));

        // Act
        var lenient = OpenApiImporter.Import(definition);
        var strict = OpenApiImporter.Import(definition, new OpenApiImportOptions { FailOnWarnings = true });

        // Assert
        Assert.True(lenient.Succeeded);
        Assert.Equal(IntegrationDefinition.MaxTimeout, lenient.Definition!.Integrations["GET /a"].Timeout);
        Assert.False(strict.Succeeded);
        Assert.Equal(lenient.Diagnostics, strict.Diagnostics);
    }

    [Theory]
    [InlineData(OpenApiBasePathMode.Ignore, "GET /e")]
    [InlineData(OpenApiBasePathMode.Prepend, "GET /a/b/c/e")]
    [InlineData(OpenApiBasePathMode.Split, "GET /b/c/e")]
    public void Import_BasePathMode_RewritesRoutesButNotDefault(OpenApiBasePathMode mode, string expected)
    {
        // Arrange
        string definition = Doc(Get("/e") + ", \"/$default\": {\"x-amazon-apigateway-any-method\": {\"isDefaultRoute\": true, \"x-amazon-apigateway-integration\": " + Lambda + "}}",
            """ "servers": [{"url": "https://example.com/a/b/c/"}] """);

        // Act
        var result = OpenApiImporter.Import(definition, new OpenApiImportOptions { BasePath = mode });

        // Assert
        Assert.Equal([expected, "$default"], result.Definition!.Routes.Select(static r => r.RouteKey));
    }

    [Fact]
    public void Import_RaisedRouteQuota_ImportsMoreThan300Routes()
    {
        // Arrange
        string definition = Doc(string.Join(", ", Enumerable.Range(0, 301).Select(static i => Get("/r" + i))));

        // Act
        var result = OpenApiImporter.Import(definition, new OpenApiImportOptions { Quotas = ApiQuotas.Aws with { RoutesPerApi = 400, IntegrationsPerApi = 400 } });

        // Assert
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal(301, result.Definition!.Routes.Count);
    }
}
