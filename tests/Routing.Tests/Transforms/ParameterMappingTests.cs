using Routing.Definitions;
using Routing.Integrations.HttpProxy;
using Routing.Integrations;
using Routing.Pipeline;
using Routing.Tests.Apis;
using Routing.Transforms;

namespace Routing.Tests.Transforms;

/// <summary>Deploy-time checks of parameter mappings, through <see cref="HttpApiDefinition.Validate"/>.</summary>
public sealed class ParameterMappingTests
{
    private static readonly IIntegration Proxy = new HttpProxyIntegration("http://127.0.0.1:9/{proxy}");

    [Fact]
    public void Validate_EveryDocumentedForm_NoErrors()
    {
        // Arrange
        var request = new Dictionary<string, string>
        {
            ["append:header.x-a"] = "$request.header.x-b",
            ["overwrite:header.x-c"] = "${request.querystring.q}",
            ["remove:header.x-d"] = "",
            ["append:querystring.a"] = "$request.body.items[0]['name']",
            ["overwrite:querystring.b"] = "$request.body",
            ["remove:querystring.c"] = "''",
            ["overwrite:path"] = "/v2/$request.path.proxy",
            ["overwrite:header.x-e"] = "${request.path.id} ${request.path} $stageVariables.env $context.requestId $context.identity.sourceIp",
            ["overwrite:header.x-f"] = "$context.authorizer.claims.sub $context.authorizer.claims.cognito:groups $context.authorizer.tenant",
            ["overwrite:header.x-g"] = "static $5 price",
            ["overwrite:header.Host"] = "backend.internal",
        };
        var response = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["200"] = new Dictionary<string, string>
            {
                ["append:header.x-r"] = "$response.header.x-s",
                ["overwrite:header.x-t"] = "$response.body.id",
                ["remove:header.server"] = "",
                ["overwrite:statuscode"] = "201",
            },
            ["404"] = new Dictionary<string, string> { ["overwrite:statuscode"] = "${response.body.status}", ["overwrite:header.x-u"] = "$context.integrationStatus" },
        };

        // Act
        var errors = Validate(Proxy, request, response);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("overwrite:header.Authorization", "Authorization")]
    [InlineData("append:header.x-amz-date", "x-amz-date")]
    [InlineData("overwrite:header.X-Amzn-Trace-Id", "X-Amzn-Trace-Id")]
    [InlineData("remove:header.Access-Control-Allow-Origin", "Access-Control-Allow-Origin")]
    [InlineData("overwrite:header.apigw-requestid", "apigw-requestid")]
    [InlineData("overwrite:header.content-length", "content-length")]
    [InlineData("overwrite:header.X-Forwarded-For", "X-Forwarded-For")]
    [InlineData("overwrite:header.x-forwarded-port", "x-forwarded-port")]
    [InlineData("append:header.Via", "Via")]
    [InlineData("overwrite:header.Trailer", "Trailer")]
    public void Validate_ReservedRequestHeader_ErrorNamesIntegrationKeyAndHeader(string key, string header)
    {
        // Act
        var errors = Validate(Proxy, new Dictionary<string, string> { [key] = "v" });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal($"integrations[backend].requestParameters[{key}]", error.Path);
        Assert.Equal($"Integration 'backend': '{key}' maps the reserved header '{header}', which cannot be mapped; map a header that is not reserved.", error.Message);
    }

    [Fact]
    public void Validate_ReservedResponseHeader_Error()
    {
        // Act
        var errors = Validate(Proxy, response: new() { ["200"] = new Dictionary<string, string> { ["overwrite:header.Access-Control-Allow-Origin"] = "*" } });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("integrations[backend].responseParameters[200][overwrite:header.Access-Control-Allow-Origin]", error.Path);
        Assert.Equal("Integration 'backend': 'overwrite:header.Access-Control-Allow-Origin' maps the reserved header 'Access-Control-Allow-Origin', which cannot be mapped; map a header that is not reserved.", error.Message);
    }

    [Theory]
    [InlineData("overwrite:header")]
    [InlineData("overwrite:header.")]
    [InlineData("overwrite:header.bad name")]
    [InlineData("replace:header.x")]
    [InlineData("header.x")]
    [InlineData("append:path")]
    [InlineData("remove:path")]
    [InlineData("overwrite:statuscode")]
    [InlineData("overwrite:body")]
    [InlineData("integration.request.header.x")]
    [InlineData("Overwrite:header.x")]
    [InlineData("append:querystring.a&b")]
    public void Validate_UnknownRequestKey_ErrorListsTheForms(string key)
    {
        // Act
        var errors = Validate(Proxy, new Dictionary<string, string> { [key] = "v" });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal($"integrations[backend].requestParameters[{key}]", error.Path);
        Assert.Equal($"Integration 'backend': '{key}' is not a request mapping key; use append|overwrite|remove:header.{{name}}, append|overwrite|remove:querystring.{{name}} or overwrite:path.", error.Message);
    }

    [Theory]
    [InlineData("overwrite:querystring.x")]
    [InlineData("overwrite:path")]
    [InlineData("append:statuscode")]
    public void Validate_UnknownResponseKey_ErrorListsTheForms(string key)
    {
        // Act
        var errors = Validate(Proxy, response: new() { ["500"] = new Dictionary<string, string> { [key] = "v" } });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal($"integrations[backend].responseParameters[500][{key}]", error.Path);
        Assert.Equal($"Integration 'backend': '{key}' is not a response mapping key; use append|overwrite|remove:header.{{name}} or overwrite:statuscode.", error.Message);
    }

    [Theory]
    [InlineData("$context.foo", "'$context.foo' is not a supported context variable; use one of accountId, apiId, domainName, domainPrefix, extendedRequestId, httpMethod, identity.sourceIp, identity.userAgent, path, protocol, requestId, requestTime, requestTimeEpoch, routeKey, stage, authorizer.claims.{claim} or authorizer.{key}")]
    [InlineData("$context.sourceIp", "'$context.sourceIp' is not a context variable; use $context.identity.sourceIp")]
    [InlineData("$context.integrationStatus", "'$context.integrationStatus' is only known once the integration answered; use it in a response mapping")]
    [InlineData("$request.headers.x", "'$request.headers.x' is not a valid request variable; use $request.header.{name}, $request.querystring.{name}, $request.body, $request.body.{jsonpath}, $request.path or $request.path.{name}")]
    [InlineData("$request.header.", "'$request.header' is not a valid request variable; use $request.header.{name}, $request.querystring.{name}, $request.body, $request.body.{jsonpath}, $request.path or $request.path.{name}")]
    [InlineData("$response.header.x", "'$response.header.x' reads the response, which a request mapping cannot; use $request.*, $context.* or $stageVariables.*")]
    [InlineData("$method.request.header.x", "'$method.request.header.x' is not a known variable; use $request.*, $response.*, $context.* or $stageVariables.*")]
    [InlineData("${stageVariables.a-b}", "'$stageVariables.a-b' is not a valid stage variable; use $stageVariables.{name} with a name of letters, digits and '_'")]
    [InlineData("${request.header.x", "'${' at position 0 has no closing '}'")]
    [InlineData("$request.body..name", "'$request.body..name': recursive descent ('..') is not supported")]
    [InlineData("${request.body.items[?(@.a)]}", "'$request.body.items[?(@.a)]': filter expressions ('[?(...)]') are not supported")]
    [InlineData("${request.body.items[*]}", "'$request.body.items[*]': wildcards ('*') are not supported")]
    [InlineData("${request.body.items[x]}", "'$request.body.items[x]': '[' at position 6 of the JSON path must hold an array index or a quoted member name")]
    public void Validate_InvalidRequestValue_ErrorNamesValueKeyAndProblem(string value, string detail)
    {
        // Act
        var errors = Validate(Proxy, new Dictionary<string, string> { ["overwrite:header.x-y"] = value });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("integrations[backend].requestParameters[overwrite:header.x-y]", error.Path);
        Assert.Equal($"Integration 'backend': the value '{value}' of 'overwrite:header.x-y' is not valid: {detail}.", error.Message);
    }

    [Fact]
    public void Validate_RequestVariableInResponseMapping_Error()
    {
        // Act
        var errors = Validate(Proxy, response: new() { ["200"] = new Dictionary<string, string> { ["append:header.x"] = "$request.header.y" } });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("Integration 'backend': the value '$request.header.y' of 'append:header.x' is not valid: '$request.header.y' reads the request, which a response mapping cannot; use $response.*, $context.* or $stageVariables.*.", error.Message);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("1000")]
    [InlineData("199")]
    [InlineData("600")]
    [InlineData("2xx")]
    [InlineData("default")]
    public void Validate_ResponseStatusKeyNotAStatusCode_Error(string status)
    {
        // Act
        var errors = Validate(Proxy, response: new() { [status] = new Dictionary<string, string> { ["overwrite:statuscode"] = "200" } });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal($"integrations[backend].responseParameters[{status}]", error.Path);
        Assert.Equal($"Integration 'backend': response mappings are keyed by an integration status code from 200 to 599; '{status}' is not one.", error.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("20 1")]
    public void Validate_StaticStatusCodeOutOfRange_Error(string value)
    {
        // Act
        var errors = Validate(Proxy, response: new() { ["200"] = new Dictionary<string, string> { ["overwrite:statuscode"] = value } });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal($"Integration 'backend': the value '{value}' of 'overwrite:statuscode' for status 200 is not a status code from 100 to 599.", error.Message);
    }

    [Fact]
    public void Validate_EmptyValue_Error()
    {
        // Act
        var errors = Validate(Proxy, new Dictionary<string, string> { ["append:header.x"] = "" });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("Integration 'backend': 'append:header.x' has an empty value; give it a value, or remove the key.", error.Message);
    }

    [Fact]
    public void Validate_OverwritePathOnNonProxyIntegration_Error()
    {
        // Act
        var errors = Validate(new MockIntegration(200), new Dictionary<string, string> { ["overwrite:path"] = "/x", ["append:header.x"] = "y" });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("integrations[backend].requestParameters[overwrite:path]", error.Path);
        Assert.Equal("Integration 'backend': 'overwrite:path' applies only to HTTP proxy integrations; this Mock integration has no request path to overwrite.", error.Message);
    }

    [Fact]
    public void Validate_SameHeaderTwiceInDifferentCase_Error()
    {
        // Act
        var errors = Validate(Proxy, new Dictionary<string, string> { ["overwrite:header.X-User"] = "a", ["overwrite:header.x-user"] = "b", ["append:header.x-user"] = "c" });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("Integration 'backend': 'overwrite:header.X-User' and 'overwrite:header.x-user' both overwrite the same header; keep one.", error.Message);
    }

    [Fact]
    public void Validate_SeveralProblems_AllReportedInKeyOrder()
    {
        // Act
        var errors = Validate(
            Proxy,
            new Dictionary<string, string> { ["overwrite:header.x"] = "$context.nope", ["overwrite:header.Connection"] = "close" },
            new() { ["abc"] = new Dictionary<string, string>() });

        // Assert
        Assert.Equal(
            [
                "integrations[backend].requestParameters[overwrite:header.Connection]",
                "integrations[backend].requestParameters[overwrite:header.x]",
                "integrations[backend].responseParameters[abc]",
            ],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Compile_NoMappings_NoStep()
    {
        // Arrange
        var definition = new IntegrationDefinition { Integration = Proxy };
        var errors = new List<ValidationError>();

        // Act
        var step = ParameterMapping.Compile("backend", definition, IntegrationType.HttpProxy, errors);

        // Assert: a route without mappings pays nothing for them.
        Assert.Null(step);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Compile_WithMappings_StepHasOnlyThePhasesItNeeds(bool request, bool response)
    {
        // Arrange
        var definition = new IntegrationDefinition
        {
            Integration = Proxy,
            RequestParameters = request ? new Dictionary<string, string> { ["overwrite:path"] = "/x" } : new Dictionary<string, string>(),
            ResponseParameters = response
                ? new Dictionary<string, IReadOnlyDictionary<string, string>> { ["200"] = new Dictionary<string, string> { ["overwrite:header.x"] = "y" } }
                : new Dictionary<string, IReadOnlyDictionary<string, string>>(),
        };
        var errors = new List<ValidationError>();

        // Act
        var step = ParameterMapping.Compile("backend", definition, IntegrationType.HttpProxy, errors);

        // Assert
        Assert.Empty(errors);
        Assert.NotNull(step);
        Assert.Equal(request, step.HasRequestPhase);
        Assert.Equal(response, step.HasResponsePhase);
    }

    [Fact]
    public void Compile_OverwritePathOnLambda_RefusedWithTheType()
    {
        // Arrange
        var definition = new IntegrationDefinition { IntegrationUri = "pets", RequestParameters = new Dictionary<string, string> { ["overwrite:path"] = "/x" } };

        // Act
        var error = Assert.Single(ParameterMapping.Validate("backend", definition, IntegrationType.AwsProxy));

        // Assert
        Assert.Equal("integrations[backend].requestParameters[overwrite:path]", error.Path);
        Assert.Equal("Integration 'backend': 'overwrite:path' applies only to HTTP proxy integrations; this AwsProxy integration has no request path to overwrite.", error.Message);
    }

    private static IReadOnlyList<ValidationError> Validate(
        IIntegration integration,
        Dictionary<string, string>? request = null,
        Dictionary<string, IReadOnlyDictionary<string, string>>? response = null)
    {
        var definition = new HttpApiDefinition();
        definition.Integrations.Add("backend", new IntegrationDefinition
        {
            Integration = integration,
            RequestParameters = request ?? new Dictionary<string, string>(),
            ResponseParameters = response ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(),
        });
        definition.Routes.Add(new RouteDefinition { RouteKey = "ANY /{proxy+}", IntegrationId = "backend" });
        return definition.Validate();
    }
}
