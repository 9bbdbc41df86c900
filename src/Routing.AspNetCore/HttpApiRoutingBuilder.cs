using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.AspNetCore;

/// <summary>
/// Configures one API of the container, named <see cref="Name"/>: every method adds a step that runs on the core
/// <see cref="HttpApiBuilder"/> when the API is first resolved, so the defaults and rules are those of code-first
/// construction. <see cref="Configure"/> reaches the builder (and the service provider) directly.
/// </summary>
/// <remarks>When no stage is added, the API gets one auto-deploying <c>$default</c> stage.</remarks>
public sealed class HttpApiRoutingBuilder
{
    private readonly HttpApiRegistration _registration;

    internal HttpApiRoutingBuilder(IServiceCollection services, HttpApiRegistration registration)
    {
        Services = services;
        _registration = registration;
    }

    /// <summary>The service collection the API is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The API's name (the service key of its <see cref="HttpApi"/> and <see cref="HttpApiDispatcher"/>).</summary>
    public string Name => _registration.Name;

    /// <summary>Configures the API's builder when the API is built, with the service provider at hand.</summary>
    /// <param name="configure">Adds integrations, routes, authorizers, stages.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The API was already built.</exception>
    public HttpApiRoutingBuilder Configure(Action<HttpApiBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _registration.Configure(configure);
        return this;
    }

    /// <summary>Adds an integration instance (see <see cref="HttpApiBuilder.AddIntegration(string, IIntegration, TimeSpan?)"/>).</summary>
    /// <param name="id">The integration id that routes name.</param>
    /// <param name="integration">The integration.</param>
    /// <param name="timeout">The integration timeout (50 ms to 30 s); 30 s when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddIntegration(string id, IIntegration integration, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(integration);
        return Configure((api, _) => api.AddIntegration(id, integration, timeout));
    }

    /// <summary>Adds an integration described as data: a function ARN or name, a backend URL (see <see cref="HttpApiBuilder.AddIntegration(string, IntegrationDefinition)"/>).</summary>
    /// <param name="id">The integration id that routes name.</param>
    /// <param name="integration">The definition.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddIntegration(string id, IntegrationDefinition integration)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(integration);
        return Configure((api, _) => api.AddIntegration(id, integration));
    }

    /// <summary>
    /// Adds an integration resolved from the request's services for each request, as minimal APIs resolve theirs: a
    /// scoped <typeparamref name="TIntegration"/> (and its scoped dependencies, such as a <c>DbContext</c>) lives as
    /// long as the request. It is registered as scoped unless the host registered it already; registered as a
    /// singleton, the API resolves it once and keeps it. To reach the <c>HttpContext</c>, read
    /// <c>request.GetHttpContext()</c>. The API resolves it once in a scope of its own when it is built, so a service
    /// that cannot be resolved is reported with the API's other problems before the first request.
    /// </summary>
    /// <typeparam name="TIntegration">The integration type.</typeparam>
    /// <param name="id">The integration id that routes name.</param>
    /// <param name="timeout">The integration timeout (50 ms to 30 s); 30 s when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddIntegration<TIntegration>(string id, TimeSpan? timeout = null)
        where TIntegration : class, IIntegration
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Services.TryAddScoped<TIntegration>();
        var lifetime = Services.Last(static d => d.ServiceType == typeof(TIntegration) && !d.IsKeyedService).Lifetime;
        return Configure((api, services) => api.AddIntegration(id, ResolveIntegration<TIntegration>(services, lifetime, id), timeout));
    }

    /// <summary>Registers an in-process function under a name (see <see cref="HttpApiBuilder.AddFunction"/>).</summary>
    /// <param name="name">The function name.</param>
    /// <param name="function">The function.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddFunction(string name, LambdaFunction function)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        return Configure((api, _) => api.AddFunction(name, function));
    }

    /// <summary>Adds a route served by an integration.</summary>
    /// <param name="routeKey">The route key: <c>GET /pets/{id}</c>, <c>ANY /{proxy+}</c> or <c>$default</c>.</param>
    /// <param name="integrationId">The id of the integration that serves it.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddRoute(string routeKey, string integrationId)
    {
        ArgumentNullException.ThrowIfNull(routeKey);
        ArgumentNullException.ThrowIfNull(integrationId);
        return Configure((api, _) => api.AddRoute(routeKey, integrationId));
    }

    /// <summary>Adds a route.</summary>
    /// <param name="route">The route definition.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddRoute(RouteDefinition route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Configure((api, _) => api.AddRoute(route));
    }

    /// <summary>Adds a stage (see <see cref="HttpApiBuilder.AddStage(string, bool, IReadOnlyDictionary{string, string})"/>; the same defaults).</summary>
    /// <param name="name">The stage name: <c>$default</c> (served at the base path) or 1 to 128 letters, digits,
    /// <c>-</c> and <c>_</c> (served under <c>/{name}</c>).</param>
    /// <param name="autoDeploy">Whether every change to the API's definition deploys to the stage (API Gateway's default: no).</param>
    /// <param name="stageVariables">The stage variables (copied); none when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddStage(string name, bool autoDeploy = false, IReadOnlyDictionary<string, string>? stageVariables = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var variables = stageVariables is null ? null : new Dictionary<string, string>(stageVariables, StringComparer.Ordinal);
        return Configure((api, _) => api.AddStage(name, autoDeploy, variables));
    }

    /// <summary>Adds a stage with all its settings (variables, route settings and throttles, access log).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddStage(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return Configure((api, _) => api.AddStage(stage));
    }

    /// <summary>Adds an authorizer that routes can name: a <see cref="JwtAuthorizerDefinition"/> or a <see cref="LambdaAuthorizerDefinition"/>.</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="authorizer">The authorizer.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddAuthorizer(string id, AuthorizerDefinition authorizer)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(authorizer);
        return Configure((api, _) => api.AddAuthorizer(id, authorizer));
    }

    /// <summary>Adds a JWT authorizer that routes can name (<see cref="RouteDefinition.AuthorizerId"/>).</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="authorizer">The issuer, audiences and token source.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddJwtAuthorizer(string id, JwtAuthorizerDefinition authorizer) => AddAuthorizer(id, authorizer);

    /// <summary>Adds a Lambda authorizer served by an in-process function (see <see cref="HttpApiBuilder.AddLambdaAuthorizer"/>).</summary>
    /// <param name="id">The authorizer id, also the function's name.</param>
    /// <param name="function">The function that decides.</param>
    /// <param name="authorizer">Identity sources, formats and caching; the defaults when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddLambdaAuthorizer(string id, LambdaFunction function, LambdaAuthorizerDefinition? authorizer = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(function);
        return Configure((api, _) => api.AddLambdaAuthorizer(id, function, authorizer));
    }

    /// <summary>Configures CORS for the API.</summary>
    /// <param name="cors">The configuration.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder WithCors(CorsConfiguration cors)
    {
        ArgumentNullException.ThrowIfNull(cors);
        return Configure((api, _) => api.WithCors(cors));
    }

    /// <summary>A singleton as it is; otherwise a per-request integration, after resolving it once in a scope to check it.</summary>
    private static IIntegration ResolveIntegration<T>(IServiceProvider services, ServiceLifetime lifetime, string id)
        where T : class, IIntegration
    {
        string path = $"integrations[{id}]";
        string subject = $"Integration '{id}'";
        if (lifetime == ServiceLifetime.Singleton)
        {
            return Resolve<T>(services, path, subject);
        }

        var scope = services.CreateAsyncScope();
        try
        {
            var probe = Resolve<T>(scope.ServiceProvider, path, subject);
            return new RequestServicesIntegration<T>(services, probe.IntegrationType, probe.TimeoutError);
        }
        finally
        {
            // Building the API is synchronous; disposing a scope may be asynchronous (IAsyncDisposable services).
            scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static T Resolve<T>(IServiceProvider services, string path, string subject)
        where T : notnull
    {
        try
        {
            return services.GetRequiredService<T>();
        }
#pragma warning disable CA1031 // Any resolution failure is a configuration error, reported with the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new HttpApiServiceException(path, $"{subject}: {typeof(T).FullName ?? typeof(T).Name} could not be resolved from the service provider: {e.Message}", e);
        }
    }
}
