using Microsoft.Extensions.DependencyInjection;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Pipeline;

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
    private readonly List<(string Id, JwtAuthorizerDefinition Authorizer)> _authorizers = [];
    private CorsConfiguration? _cors;
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

    public void AddJwtAuthorizer(string id, JwtAuthorizerDefinition authorizer) => Edit(() => _authorizers.Add((id, authorizer)));

    public void SetCors(CorsConfiguration cors) => Edit(() => _cors = cors);

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

            var apiOptions = new HttpApiOptions
            {
                TimeProvider = Options.TimeProvider ?? services.GetService<TimeProvider>() ?? TimeProvider.System,
            };
            if (Options.Identity is not null)
            {
                apiOptions.Identity = Options.Identity;
            }

            // The core builder validates and deploys; this registration only adds what DI must resolve.
            var builder = new HttpApiBuilder(apiOptions);
            var errors = new List<ValidationError>();
            foreach (var entry in _integrations)
            {
                IIntegration integration;
                try
                {
                    integration = entry.Factory(services);
                }
#pragma warning disable CA1031 // Any resolution failure is a configuration error, reported with the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    errors.Add(new ValidationError($"integrations[{entry.Id}]", $"Integration '{entry.Id}': {entry.Source} could not be resolved from the service provider: {e.Message}"));
                    continue;
                }

                builder.AddIntegration(entry.Id, integration, entry.Timeout);
            }

            foreach (var route in _routes)
            {
                builder.AddRoute(route);
            }

            foreach (var (id, authorizer) in _authorizers)
            {
                builder.AddJwtAuthorizer(id, authorizer);
            }

            if (_cors is not null)
            {
                builder.WithCors(_cors);
            }

            var stages = _stages.Count > 0 ? _stages : [new Stage { Name = StageSelector.DefaultStageName, AutoDeploy = true }];
            foreach (var stage in stages)
            {
                builder.AddStage(stage.Name, stage.AutoDeploy, stage.StageVariables);
            }

            errors.AddRange(builder.Validate());
            if (errors.Count > 0)
            {
                throw new HttpApiValidationException(errors);
            }

            return builder.Build();
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
