using Routing.Authorization.Jwt;
using Routing.Authorization.Lambda;
using Routing.Authorization;
using Routing.Cors;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations;
using Routing.Matching;
using Routing.Pipeline;
using Routing.Traffic;
using Routing.Routes;
using Routing.Transforms;


namespace Routing.Apis;

/// <summary>
/// Validates a definition as a whole, each feature checking its own parts, and compiles it into a
/// <see cref="Deployment"/>: for each route, the steps it needs in the order of the request's path (authorizer,
/// request transforms, the integration, response transforms, CORS headers). Every problem is reported at once;
/// nothing is compiled from a definition that has one.
/// </summary>
internal static class DeploymentCompiler
{
    /// <summary>Every problem of a definition; empty when it can be deployed.</summary>
    /// <param name="definition">The draft.</param>
    /// <param name="options">The API's options (function resolver, IAM verifier, key source).</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<ValidationError> Validate(HttpApiDefinition definition, HttpApiOptions options)
    {
        var errors = new List<ValidationError>();
        _ = CompileParts(definition, options, errors, build: false);
        return errors;
    }

    /// <summary>Validates and compiles a definition.</summary>
    /// <param name="definition">The draft.</param>
    /// <param name="id">The deployment id.</param>
    /// <param name="description">A description.</param>
    /// <param name="options">The API's options.</param>
    /// <returns>The deployment.</returns>
    /// <exception cref="HttpApiValidationException">The definition is not valid; every problem is listed.</exception>
    public static Deployment Compile(HttpApiDefinition definition, string id, string? description, HttpApiOptions options)
    {
        var errors = new List<ValidationError>();
        var parts = CompileParts(definition, options, errors, build: true);
        if (errors.Count > 0)
        {
            throw new HttpApiValidationException(errors);
        }

        var compiled = new CompiledRoute[parts.Routes.Count];
        var warnings = new List<ValidationError>();
        var integrationSteps = new Dictionary<string, IntegrationStep>(StringComparer.Ordinal);
        for (int i = 0; i < compiled.Length; i++)
        {
            var (route, key) = parts.Routes[i];
            var steps = new List<GatewayStep>(3);
            if (Authorizer(route, parts, options) is { } authorizer)
            {
                steps.Add(new AuthorizationStep(authorizer, route.AuthorizationScopes));
            }

            if (route.ApiKeyRequired)
            {
                steps.Add(new ApiKeyStep(options.UsagePlans!, definition.ApiKeySource, key));
            }

            string? integrationId = route.IntegrationId;
            var integration = integrationId is null ? null : parts.Integrations[integrationId];
            if (integration?.Mapping is { } mapping)
            {
                steps.Add(mapping);
            }

            if (parts.Cors is { } cors)
            {
                steps.Add(new CorsHeadersStep(cors));
            }

            IntegrationStep integrationStep;
            if (integrationId is null || integration is null)
            {
                // A route without an integration deploys, as on API Gateway, and answers 500.
                var unserved = new UnservedIntegration($"Route '{route.RouteKey}' has no integration; it answers 500 Internal Server Error until it names one.");
                warnings.Add(new ValidationError($"routes[{route.RouteKey}].integrationId", unserved.Warning));
                integrationStep = new IntegrationStep(string.Empty, unserved, IntegrationDefinition.MaxTimeout, options.TimeProvider);
            }
            else if (!integrationSteps.TryGetValue(integrationId, out integrationStep!))
            {
                integrationStep = new IntegrationStep(integrationId, integration.Integration, definition.Integrations[integrationId].Timeout, options.TimeProvider);
                integrationSteps.Add(integrationId, integrationStep);
            }

            compiled[i] = new CompiledRoute(key, new RoutePipeline(steps, integrationStep));
        }

        var unmatched = parts.Cors is null ? null : new CorsPreflightStep(parts.Cors);
        var stageVariableUses = new List<StageVariableUse>();
        foreach (string integrationId in integrationSteps.Keys)
        {
            switch (parts.Integrations[integrationId].Integration)
            {
                case IIntegrationRequirements requirements:
                    stageVariableUses.AddRange(requirements.StageVariables.Select(name => new StageVariableUse(integrationId, name, requirements.Where)));
                    break;
                case UnservedIntegration unserved:
                    warnings.Add(new ValidationError($"integrations[{integrationId}].integrationSubtype", unserved.Warning));
                    break;
            }
        }

        return new Deployment(id, description, options.TimeProvider.GetUtcNow(), parts.Table!, compiled, unmatched, definition.Clone(), stageVariableUses, warnings);
    }

    private static IAuthorizer? Authorizer(RouteDefinition route, Parts parts, HttpApiOptions options) => route.AuthorizationType switch
    {
        AuthorizationType.Jwt or AuthorizationType.Custom => parts.Authorizers[route.AuthorizerId!],
        AuthorizationType.AwsIam => options.IamAuthorizer,
        _ => null,
    };

    /// <summary>Checks every part and compiles what can be; <paramref name="build"/> also builds the JWT authorizers and the
    /// route table when nothing is wrong (a JWT authorizer registers its issuer with the shared key source).</summary>
    private static Parts CompileParts(HttpApiDefinition definition, HttpApiOptions options, List<ValidationError> errors, bool build)
    {
        ArgumentNullException.ThrowIfNull(definition);
        DefinitionRules.Validate(definition, options.Quotas, errors);
        var parts = new Parts();

        foreach (var (id, authorizer) in definition.Authorizers)
        {
            switch (authorizer)
            {
                case JwtAuthorizerDefinition jwt:
                    errors.AddRange(JwtAuthorizer.Validate(id, jwt, options.Quotas));
                    break;
                case LambdaAuthorizerDefinition lambda:
                    if (LambdaAuthorizer.Compile(id, lambda, options.FunctionResolver, options.TimeProvider, errors) is { } compiled)
                    {
                        parts.Authorizers.Add(id, compiled);
                    }

                    break;
            }
        }

        if (options.IamAuthorizer is null)
        {
            foreach (var route in definition.Routes)
            {
                if (route.AuthorizationType == AuthorizationType.AwsIam)
                {
                    errors.Add(new ValidationError(
                        $"routes[{route.RouteKey}].authorizationType",
                        $"Route '{route.RouteKey}' uses AWS_IAM authorization, which needs SigV4 signatures checked against AWS; the gateway cannot do that by itself. Set HttpApiOptions.IamAuthorizer to a verifier, or use JWT or CUSTOM authorization."));
                }
            }
        }

        foreach (var route in definition.Routes)
        {
            if (route.ApiKeyRequired && options.UsagePlans is null)
            {
                errors.Add(new ValidationError($"routes[{route.RouteKey}].apiKeyRequired",
                    $"Route '{route.RouteKey}' requires an API key, but the API has no usage plans to admit one; set HttpApiOptions.UsagePlans to a UsagePlanStore."));
            }
            else if (route.ApiKeyRequired && definition.ApiKeySource == ApiKeySource.Authorizer && route.AuthorizationType != AuthorizationType.Custom)
            {
                errors.Add(new ValidationError($"routes[{route.RouteKey}].apiKeyRequired",
                    $"Route '{route.RouteKey}' requires an API key from its authorizer (ApiKeySource.Authorizer), but has no Lambda authorizer to give one; use CUSTOM authorization or ApiKeySource.Header."));
            }
        }

        foreach (var (id, integration) in definition.Integrations)
        {
            if (integration is null)
            {
                continue;
            }

            if (IntegrationFactory.Create(id, integration, options.FunctionResolver, options.ProxyInvoker, errors) is { } created)
            {
                var mapping = ParameterMapping.Compile(id, integration, created.Type, errors);
                parts.Integrations.Add(id, new CompiledIntegration(created.Integration, mapping));
            }
        }

        if (definition.Cors is { } cors)
        {
            var problems = CorsPolicy.Validate(cors);
            errors.AddRange(problems);
            if (problems.Count == 0)
            {
                parts.Cors = new CorsPolicy(cors);
            }
        }

        var table = new RouteTableBuilder(definition.Routes.Count);
        foreach (var route in definition.Routes)
        {
            if (RouteKey.TryParse(route.RouteKey, out var key))
            {
                if (table.TryAdd(key, out string? conflict))
                {
                    parts.Routes.Add((route, key));
                }
                else
                {
                    errors.Add(new ValidationError($"routes[{route.RouteKey}]", conflict));
                }
            }
        }

        CheckPathParameters(parts, errors);
        if (errors.Count > 0)
        {
            return parts;
        }

        parts.Table = table.Build();
        foreach (var (id, authorizer) in definition.Authorizers)
        {
            if (build && authorizer is JwtAuthorizerDefinition jwt)
            {
                parts.Authorizers.Add(id, new JwtAuthorizer(id, jwt, options.KeySource, options.TimeProvider));
            }
        }

        return parts;
    }

    /// <summary>Refuses a route whose integration reads a path parameter the route does not have.</summary>
    private static void CheckPathParameters(Parts parts, List<ValidationError> errors)
    {
        foreach (var (route, key) in parts.Routes)
        {
            if (route.IntegrationId is null
                || !parts.Integrations.TryGetValue(route.IntegrationId, out var integration)
                || integration.Integration is not IIntegrationRequirements requirements)
            {
                continue;
            }

            foreach (string name in requirements.PathParameters)
            {
                if (!key.ParameterNames.Contains(name, StringComparer.Ordinal))
                {
                    string has = key.ParameterCount == 0 ? "has no path parameters" : $"has {string.Join(", ", key.ParameterNames.Select(static n => $"{{{n}}}"))}";
                    errors.Add(new ValidationError(
                        $"routes[{route.RouteKey}].integrationId",
                        $"Route '{route.RouteKey}' uses integration '{route.IntegrationId}', which reads the path parameter '{{{name}}}' in {requirements.Where}, but the route {has}; add {{{name}}} to the route key or remove it from the integration."));
                }
            }
        }
    }

    private sealed record CompiledIntegration(IIntegration Integration, ParameterMappingStep? Mapping);

    private sealed class Parts
    {
        public Dictionary<string, IAuthorizer> Authorizers { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CompiledIntegration> Integrations { get; } = new(StringComparer.Ordinal);

        public List<(RouteDefinition Route, RouteKey Key)> Routes { get; } = [];

        public CorsPolicy? Cors { get; set; }

        public RouteTable? Table { get; set; }
    }
}
