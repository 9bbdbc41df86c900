using Routing.Definitions;
using Routing.Deployments;
using Routing.Pipeline;
using Routing.Routes;




namespace Routing.Apis;

/// <summary>
/// Code-first construction of an <see cref="HttpApi"/>: integrations, routes, authorizers, CORS and stages.
/// <see cref="Build"/> validates everything at once, makes one deployment and points every stage at it. Use once.
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
    private readonly HttpApiOptions _options;
    private bool _built;

    /// <summary>Starts an API.</summary>
    /// <param name="options">Identity, clock and key source; defaults when <see langword="null"/>.</param>
    public HttpApiBuilder(HttpApiOptions? options = null)
    {
        _options = options ?? new HttpApiOptions();
    }

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

    /// <summary>Adds an integration.</summary>
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

    /// <summary>Adds a JWT authorizer that routes can name.</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="authorizer">Issuer, audiences and token source.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddJwtAuthorizer(string id, JwtAuthorizerDefinition authorizer)
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
    /// <param name="autoDeploy">Whether later changes (<see cref="HttpApi.Update"/>) deploy to it at once.</param>
    /// <param name="stageVariables">The stage variables.</param>
    /// <returns>This builder.</returns>
    public HttpApiBuilder AddStage(string name, bool autoDeploy = false, IReadOnlyDictionary<string, string>? stageVariables = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureNotBuilt();
        _stages.Add(new Stage { Name = name, AutoDeploy = autoDeploy, StageVariables = stageVariables ?? new Dictionary<string, string>() });
        return this;
    }

    /// <summary>Checks everything added so far.</summary>
    /// <returns>Every problem, each naming the offending item; empty when <see cref="Build"/> will succeed.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>(_errors);
        errors.AddRange(_definition.Validate());
        if (_stages.Count > HttpApi.MaxStages)
        {
            errors.Add(new ValidationError("stages", $"The API has {_stages.Count} stages; at most {HttpApi.MaxStages} are allowed."));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in _stages)
        {
            if (StageSelector.IsValidStageName(stage.Name) && !names.Add(stage.Name))
            {
                errors.Add(new ValidationError($"stages[{stage.Name}]", $"Stage '{stage.Name}' is added twice; each stage needs its own name."));
            }

            errors.AddRange(stage.Validate());
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
        var api = new HttpApi(_definition, _options);
        var deployment = api.Deploy("Initial deployment");
        foreach (var stage in _stages)
        {
            api.AddStage(stage with { Deployment = deployment });
        }

        return api;
    }

    private void EnsureNotBuilt() => ObjectDisposedException.ThrowIf(_built, this);
}
