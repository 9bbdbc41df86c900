using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Apis;
using Routing.Traffic;
using Routing.Authorization.Jwt;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations.Lambda;

namespace Routing.AspNetCore;

/// <summary>
/// One named API of the container: its options and the delegates that configure its <see cref="HttpApiBuilder"/>,
/// kept so that repeated <c>AddHttpApiRouting</c> calls with one name add to the same API. The API is built once,
/// when it is first resolved, through the core builder (the same methods and defaults as code-first).
/// </summary>
internal sealed class HttpApiRegistration
{
    private readonly Lock _gate = new();
    private readonly List<Action<HttpApiBuilder, IServiceProvider>> _configure = [];
    private bool _built;

    public HttpApiRegistration(string name, HttpApi? existingApi)
    {
        Name = name;
        ExistingApi = existingApi;
    }

    /// <summary>The API's name in the container.</summary>
    public string Name { get; }

    /// <summary>The hosting options.</summary>
    public HttpApiRoutingOptions Options { get; } = new();

    /// <summary>The API registered as an instance; <see langword="null"/> when it is built from this registration.</summary>
    public HttpApi? ExistingApi { get; }

    /// <summary>Adds a delegate that configures the builder when the API is built.</summary>
    public void Configure(Action<HttpApiBuilder, IServiceProvider> configure)
    {
        lock (_gate)
        {
            if (ExistingApi is not null)
            {
                throw new InvalidOperationException(
                    $"HTTP API '{Name}' was registered as an existing HttpApi; change that API's definition instead of adding integrations, routes or stages here.");
            }

            if (_built)
            {
                throw new InvalidOperationException(
                    $"HTTP API '{Name}' was already built (it is built when first resolved); configure it before the host starts.");
            }

            _configure.Add(configure);
        }
    }

    /// <summary>Builds and deploys the API; every problem, including services that cannot be resolved, is reported at once.</summary>
    /// <exception cref="HttpApiValidationException">The API is not valid.</exception>
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
                FunctionResolver = services.GetService<ILambdaFunctionResolver>(),
                KeySource = services.GetRequiredService<OidcKeySource>(),
                LoggerFactory = services.GetService<ILoggerFactory>(),
                MeterFactory = services.GetService<IMeterFactory>(),
                Quotas = Options.Quotas,
                UsagePlans = services.GetService<UsagePlanStore>(),
                AccessLogSink = services.GetService<IAccessLogSink>(),
                AccountThrottle = services.GetService<AccountThrottle>(),
            };
            if (Options.Identity is not null)
            {
                apiOptions.Identity = Options.Identity;
            }

            var builder = new HttpApiBuilder(apiOptions);
            var errors = new List<ValidationError>();
            foreach (var configure in _configure)
            {
                try
                {
                    configure(builder, services);
                }
                catch (HttpApiServiceException e)
                {
                    errors.Add(new ValidationError(e.Path, e.Message));
                }
            }

            if (!builder.HasStages)
            {
                // An API registered without stages is served at the base path, and changes to it deploy at once.
                builder.AddStage(Stage.DefaultName, autoDeploy: true);
            }

            errors.AddRange(builder.Validate());
            return errors.Count > 0 ? throw new HttpApiValidationException(errors) : builder.Build();
        }
    }
}
