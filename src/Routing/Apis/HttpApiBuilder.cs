using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations.Lambda;
using Routing.Pipeline;


namespace Routing.Apis;

/// <summary>
/// Code-first construction of an <see cref="HttpApi"/>: integrations, functions, routes, authorizers, CORS and stages.
/// <see cref="Build"/> validates everything at once, makes one deployment and points every stage at it. Use once.
/// The ASP.NET Core registration configures the same builder.
/// </summary>
/// <example>
/// <code>
/// var api = new HttpApiBuilder()
///     .AddIntegration("pets", LambdaIntegration.Create(PetsFunction.HandleAsync))
///     .AddRoute("GET /pets/{id}", "pets")
///     .AddStage("$default", autoDeploy: true)
///     .Build();
/// </code>
/// </example>
public sealed class HttpApiBuilder
{
    private readonly HttpApiDefinition _definition = new();
    private readonly List<Stage> _stages = [];
    private readonly List<ValidationError> _errors = [];
    private readonly LambdaFunctionRegistry _functions = new();
    private readonly HttpApiOptions _options;
    private bool _built;

    /// <summary>Starts an API.</summary>
    /// <param name="options">Identity, clock, key source, function resolver; copied; defaults when <see langword="null"/>.</param>
    public HttpApiBuilder(HttpApiOptions? options = null)
    {
        _options = (options ?? new HttpApiOptions()).Clone();
    }

    /// <summary>The options the API will be built with; change them before <see cref="Build"/>.</summary>
    public HttpApiOptions Options => _options;

    /// <summary>Adds an integration with API Gateway's defaults (30 s timeout, no parameter mapping).</summary>
    /// <param name="id">The id routes name it by.</param>
    /// <param name="integration">What serves the requests.</param>
    /// <param name="timeout">The integration timeout (50 ms to 30 s); 30 s when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddIntegration(string id, IIntegration integration, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return AddIntegration(id, timeout is { } value
            ? new IntegrationDefinition { Integration = integration, Timeout = value }
            : new IntegrationDefinition { Integration = integration });
    }

    /// <summary>Adds an integration: an instance, or a description as data (a function ARN, a backend URL).</summary>
    /// <param name="id">The id routes name it by.</param>
    /// <param name="integration">The integration and its settings.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddIntegration(string id, IntegrationDefinition integration)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(integration);
        EnsureNotBuilt();
        if (!_definition.Integrations.TryAdd(id, integration))
        {
            _errors.Add(new ValidationError($"integrations[{id}]", $"Integration '{id}' is added twice; each integration id may appear once in an API."));
        }

        return this;
    }

    /// <summary>
    /// Registers an in-process function under a name, for integrations and Lambda authorizers that name it by ARN or
    /// name (<c>arn:aws:lambda:us-east-1:123456789012:function:{name}</c>). Looked up before <see cref="HttpApiOptions.FunctionResolver"/>.
    /// </summary>
    /// <param name="name">The function name (1 to 64 letters, digits, <c>-</c> and <c>_</c>).</param>
    /// <param name="function">The function.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddFunction(string name, LambdaFunction function)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        EnsureNotBuilt();
        if (!LambdaFunctionArn.IsFunctionName(name))
        {
            _errors.Add(new ValidationError($"functions[{name}]", $"'{name}' is not a Lambda function name; use 1 to 64 letters, digits, '-' and '_'."));
        }
        else if (_functions.Resolve(name) is not null)
        {
            _errors.Add(new ValidationError($"functions[{name}]", $"Function '{name}' is added twice; each function name may appear once in an API."));
        }
        else
        {
            _functions.Add(name, function);
        }

        return this;
    }

    /// <summary>Adds an open route.</summary>
    /// <param name="routeKey">The route key, e.g. <c>GET /pets/{id}</c>.</param>
    /// <param name="integrationId">The integration that serves it.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddRoute(string routeKey, string integrationId)
        => AddRoute(new RouteDefinition { RouteKey = routeKey, IntegrationId = integrationId });

    /// <summary>Adds a route.</summary>
    /// <param name="route">The route, with its authorization.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddRoute(RouteDefinition route)
    {
        ArgumentNullException.ThrowIfNull(route);
        EnsureNotBuilt();
        _definition.Routes.Add(route);
        return this;
    }

    /// <summary>Adds an authorizer that routes can name: a <see cref="JwtAuthorizerDefinition"/> or a <see cref="LambdaAuthorizerDefinition"/>.</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="authorizer">The authorizer.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddAuthorizer(string id, AuthorizerDefinition authorizer)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(authorizer);
        EnsureNotBuilt();
        if (!_definition.Authorizers.TryAdd(id, authorizer))
        {
            _errors.Add(new ValidationError($"authorizers[{id}]", $"Authorizer '{id}' is added twice; each authorizer id may appear once in an API."));
        }

        return this;
    }

    /// <summary>Adds a JWT authorizer that routes with <see cref="AuthorizationType.Jwt"/> can name.</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="authorizer">Issuer, audiences and token source.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddJwtAuthorizer(string id, JwtAuthorizerDefinition authorizer) => AddAuthorizer(id, authorizer);

    /// <summary>
    /// Adds a Lambda authorizer that routes with <see cref="AuthorizationType.Custom"/> can name, served by an in-process
    /// function registered under the authorizer's id (unless the definition names another function).
    /// </summary>
    /// <param name="id">The authorizer id, also the function's name.</param>
    /// <param name="function">The function that decides.</param>
    /// <param name="authorizer">Identity sources, formats and caching; the defaults when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddLambdaAuthorizer(string id, LambdaFunction function, LambdaAuthorizerDefinition? authorizer = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(function);
        var definition = authorizer ?? new LambdaAuthorizerDefinition();
        string name = definition.AuthorizerUri is null ? id
            : LambdaFunctionArn.TryGetFunctionName(definition.AuthorizerUri, out string? named, out _) ? named
            : definition.AuthorizerUri; // not a function reference: AddFunction and validation name the problem
        AddFunction(name, function);
        return AddAuthorizer(id, definition.AuthorizerUri is null ? definition with { AuthorizerUri = id } : definition);
    }

    /// <summary>Configures CORS for the whole API.</summary>
    /// <param name="cors">The configuration.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder WithCors(CorsConfiguration cors)
    {
        ArgumentNullException.ThrowIfNull(cors);
        EnsureNotBuilt();
        _definition.Cors = cors;
        return this;
    }

    /// <summary>Adds a stage; every stage serves the initial deployment.</summary>
    /// <param name="name"><c>$default</c>, or the first path segment that selects the stage.</param>
    /// <param name="autoDeploy">Whether later changes (<see cref="HttpApi.Update"/>) deploy to it at once (API Gateway's default: no).</param>
    /// <param name="stageVariables">The stage variables (copied).</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddStage(string name, bool autoDeploy = false, IReadOnlyDictionary<string, string>? stageVariables = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureNotBuilt();
        _stages.Add(new Stage
        {
            Name = name,
            AutoDeploy = autoDeploy,
            StageVariables = stageVariables is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(stageVariables, StringComparer.Ordinal),
        });
        return this;
    }

    /// <summary>Adds a stage with all its settings (variables, route settings and throttles, access log); it serves the initial deployment.</summary>
    /// <param name="stage">The stage; its <see cref="Stage.Deployment"/> is set when the API is built.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddStage(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        EnsureNotBuilt();
        _stages.Add(stage with { Deployment = null });
        return this;
    }

    /// <summary>Whether any stage was added (the ASP.NET Core registration adds <c>$default</c> when none was).</summary>
    internal bool HasStages => _stages.Count > 0;

    /// <summary>Checks everything added so far.</summary>
    /// <returns>Every problem, each naming the offending item; empty when <see cref="Build"/> will succeed.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>(_errors);
        var options = EffectiveOptions();
        errors.AddRange(DeploymentCompiler.Validate(_definition, options));
        StageRules.ValidateSet(_stages, options.Quotas, errors, options.AccountThrottle is { } account ? (account.RateLimit, account.BurstLimit) : null);
        foreach (var stage in _stages)
        {
            HttpApi.ValidateAccessLog(stage, errors);
        }
        return errors;
    }

    /// <summary>Validates, deploys once, and adds the stages pointing at that deployment.</summary>
    /// <returns>The running API.</returns>
    /// <exception cref="HttpApiValidationException">Lists every problem at once; nothing is built.</exception>
    public HttpApi Build()
    {
        EnsureNotBuilt();
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new HttpApiValidationException(errors);
        }

        _built = true;
        var api = new HttpApi(_definition, EffectiveOptions());
        var deployment = api.Deploy("Initial deployment");
        foreach (var stage in _stages)
        {
            api.AddStage(stage with { Deployment = deployment });
        }

        return api;
    }

    /// <summary>The options with the builder's functions looked up first.</summary>
    private HttpApiOptions EffectiveOptions()
    {
        var options = _options.Clone();
        options.FunctionResolver = ChainedFunctionResolver.Combine(_functions.Names.Count > 0 ? _functions : null, _options.FunctionResolver);
        return options;
    }

    private void EnsureNotBuilt() => ObjectDisposedException.ThrowIf(_built, this);
}
