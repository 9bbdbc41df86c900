using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.AspNetCore;

/// <summary>
/// Describes the HTTP API that <c>services.AddHttpApiRouting(...)</c> registers: its integrations (instances or
/// services resolved from the container), routes and stages. The API is built, validated and deployed once, when
/// <see cref="HttpApi"/> is first resolved; every problem is reported in one <see cref="HttpApiValidationException"/>.
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

    /// <summary>Adds an integration instance.</summary>
    /// <param name="id">The integration id that routes name.</param>
    /// <param name="integration">The integration.</param>
    /// <param name="timeout">The integration timeout (50 ms to 30 s); 30 s when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The API was already built.</exception>
    public HttpApiRoutingBuilder AddIntegration(string id, IIntegration integration, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(integration);
        _registration.AddIntegration(id, _ => integration, timeout, integration.GetType().Name);
        return this;
    }

    /// <summary>
    /// Adds an integration resolved from the service provider when the API is built. <typeparamref name="TIntegration"/>
    /// is registered as a singleton unless the host registered it already; the API keeps the one instance it resolved,
    /// so register it as a singleton (a scoped registration is reported as a validation error).
    /// </summary>
    /// <typeparam name="TIntegration">The integration type.</typeparam>
    /// <param name="id">The integration id that routes name.</param>
    /// <param name="timeout">The integration timeout (50 ms to 30 s); 30 s when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The API was already built.</exception>
    public HttpApiRoutingBuilder AddIntegration<TIntegration>(string id, TimeSpan? timeout = null)
        where TIntegration : class, IIntegration
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _registration.AddIntegration(id, static services => services.GetRequiredService<TIntegration>(), timeout, typeof(TIntegration).FullName ?? typeof(TIntegration).Name);
        Services.TryAddSingleton<TIntegration>();
        return this;
    }

    /// <summary>Adds a route served by an integration.</summary>
    /// <param name="routeKey">The route key: <c>GET /pets/{id}</c>, <c>ANY /{proxy+}</c> or <c>$default</c>.</param>
    /// <param name="integrationId">The id of the integration that serves it.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The API was already built.</exception>
    public HttpApiRoutingBuilder AddRoute(string routeKey, string integrationId)
    {
        ArgumentNullException.ThrowIfNull(routeKey);
        ArgumentNullException.ThrowIfNull(integrationId);
        return AddRoute(new RouteDefinition { RouteKey = routeKey, IntegrationId = integrationId });
    }

    /// <summary>Adds a route.</summary>
    /// <param name="route">The route definition.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The API was already built.</exception>
    public HttpApiRoutingBuilder AddRoute(RouteDefinition route)
    {
        ArgumentNullException.ThrowIfNull(route);
        _registration.AddRoute(route);
        return this;
    }

    /// <summary>Adds a stage; it serves the initial deployment, and later changes too when it auto-deploys.</summary>
    /// <param name="name">The stage name: <c>$default</c> (served at the base path) or 1 to 128 letters, digits,
    /// <c>-</c> and <c>_</c> (served under <c>/{name}</c>).</param>
    /// <param name="autoDeploy">Whether every change to the API's definition deploys to the stage.</param>
    /// <param name="stageVariables">The stage variables (copied); none when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The API was already built.</exception>
    public HttpApiRoutingBuilder AddStage(string name, bool autoDeploy = true, IReadOnlyDictionary<string, string>? stageVariables = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _registration.AddStage(new Stage
        {
            Name = name,
            AutoDeploy = autoDeploy,
            StageVariables = stageVariables is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(stageVariables, StringComparer.Ordinal),
        });
        return this;
    }

    /// <summary>Adds a JWT authorizer that routes can name (<see cref="RouteDefinition.AuthorizerId"/>).</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="configure">Sets the issuer, audiences and token source.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddJwtAuthorizer(string id, Func<JwtAuthorizerDefinition> configure)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(configure);
        _registration.AddJwtAuthorizer(id, configure());
        return this;
    }

    /// <summary>Adds a JWT authorizer that routes can name (<see cref="RouteDefinition.AuthorizerId"/>).</summary>
    /// <param name="id">The authorizer id.</param>
    /// <param name="authorizer">The issuer, audiences and token source.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder AddJwtAuthorizer(string id, JwtAuthorizerDefinition authorizer)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(authorizer);
        _registration.AddJwtAuthorizer(id, authorizer);
        return this;
    }

    /// <summary>Configures CORS for the API.</summary>
    /// <param name="cors">The configuration.</param>
    /// <returns>This builder.</returns>
    public HttpApiRoutingBuilder WithCors(CorsConfiguration cors)
    {
        ArgumentNullException.ThrowIfNull(cors);
        _registration.SetCors(cors);
        return this;
    }
}
