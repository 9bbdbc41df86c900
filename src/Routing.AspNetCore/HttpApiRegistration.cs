using Microsoft.Extensions.DependencyInjection;
using Routing.Apis;
using Routing.Deployments;
using Routing.Integrations;

namespace Routing.AspNetCore;

/// <summary>
/// What <c>AddHttpApiRouting</c> collected, kept in the service collection so repeated calls add to the same API;
/// builds the one <see cref="HttpApi"/> when it is first resolved.
/// </summary>
internal sealed class HttpApiRegistration
{
    private readonly Lock _gate = new();
    private readonly List<IntegrationEntry> _integrations = [];
    private readonly List<RouteDefinition> _routes = [];
    private readonly List<Stage> _stages = [];
    private bool _built;

    public HttpApiRegistration(HttpApiRoutingOptions options, HttpApi? existingApi)
    {
        Options = options;
        ExistingApi = existingApi;
    }

    public HttpApiRoutingOptions Options { get; }

    /// <summary>The API registered as an instance; <see langword="null"/> when it is built from this registration.</summary>
    public HttpApi? ExistingApi { get; }

    public void AddIntegration(string id, Func<IServiceProvider, IIntegration> factory, TimeSpan? timeout, string source) =>
        Edit(() => _integrations.Add(new IntegrationEntry(id, factory, timeout, source)));

    public void AddRoute(RouteDefinition route) => Edit(() => _routes.Add(route));

    public void AddStage(Stage stage) => Edit(() => _stages.Add(stage));

    /// <summary>Validates everything collected, reporting every problem at once, and builds the deployed API.</summary>
    public HttpApi Build(IServiceProvider services)
    {
        lock (_gate)
        {
            _built = true;
            Options.Freeze();
            if (ExistingApi is not null)
            {
                return ExistingApi;
            }

            var errors = new List<ValidationError>();
            var definition = new HttpApiDefinition();
            foreach (var entry in _integrations)
            {
                string where = $"integrations[{entry.Id}]";
                if (definition.Integrations.ContainsKey(entry.Id))
                {
                    errors.Add(new ValidationError(where, $"Integration '{entry.Id}' is added twice; each integration id may appear once in an API."));
                    continue;
                }

                IIntegration integration;
                try
                {
                    integration = entry.Factory(services);
                }
#pragma warning disable CA1031 // Any resolution failure is a configuration error, reported with the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    errors.Add(new ValidationError(where, $"Integration '{entry.Id}': {entry.Source} could not be resolved from the service provider: {e.Message}"));
                    continue;
                }

                definition.Integrations.Add(entry.Id, entry.Timeout is { } timeout
                    ? new IntegrationDefinition { Integration = integration, Timeout = timeout }
                    : new IntegrationDefinition { Integration = integration });
            }

            definition.Routes.AddRange(_routes);
            errors.AddRange(definition.Validate());

            List<Stage> stages = _stages.Count > 0
                ? [.. _stages]
                : [new Stage { Name = StageSelector.DefaultStageName, AutoDeploy = true }];
            ValidateStages(stages, errors);
            if (errors.Count > 0)
            {
                throw new HttpApiValidationException(errors);
            }

            var apiOptions = new HttpApiOptions
            {
                TimeProvider = Options.TimeProvider ?? services.GetService<TimeProvider>() ?? TimeProvider.System,
            };
            if (Options.Identity is not null)
            {
                apiOptions.Identity = Options.Identity;
            }

            var api = new HttpApi(definition, apiOptions);
            var deployment = api.Deploy("Initial deployment");
            foreach (var stage in stages)
            {
                api.AddStage(stage with { Deployment = deployment });
            }

            return api;
        }
    }

    private static void ValidateStages(List<Stage> stages, List<ValidationError> errors)
    {
        if (stages.Count > HttpApi.MaxStages)
        {
            errors.Add(new ValidationError("stages", $"The API has {stages.Count} stages; at most {HttpApi.MaxStages} are allowed."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            if (StageSelector.IsValidStageName(stage.Name) && !seen.Add(stage.Name))
            {
                errors.Add(new ValidationError($"stages[{stage.Name}]", $"Stage '{stage.Name}' is added twice; each stage needs its own name."));
            }

            errors.AddRange(stage.Validate());
        }
    }

    private void Edit(Action edit)
    {
        lock (_gate)
        {
            if (ExistingApi is not null)
            {
                throw new InvalidOperationException(
                    "AddHttpApiRouting was given an existing HttpApi; change that API's definition instead of adding integrations, routes or stages here.");
            }

            if (_built)
            {
                throw new InvalidOperationException(
                    "The HTTP API was already built (it is built when first resolved); add integrations, routes and stages before the host starts.");
            }

            edit();
        }
    }

    private sealed record IntegrationEntry(string Id, Func<IServiceProvider, IIntegration> Factory, TimeSpan? Timeout, string Source);
}
