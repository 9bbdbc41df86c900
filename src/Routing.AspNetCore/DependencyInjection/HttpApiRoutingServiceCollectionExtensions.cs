using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Routing.Apis;
using Routing.AspNetCore;
using Routing.Authorization.Jwt;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Amazon API Gateway style HTTP APIs: for each name, a singleton <see cref="HttpApi"/> and its
/// <see cref="HttpApiDispatcher"/> (keyed services under the name; the default API also without a key).
/// </summary>
public static class HttpApiRoutingServiceCollectionExtensions
{
    /// <summary>The name of the API that <c>AddHttpApiRouting()</c>, <c>UseHttpApi()</c> and <c>MapHttpApi(prefix)</c> use when none is given.</summary>
    public const string DefaultApiName = "default";

    /// <summary>
    /// Registers the default HTTP API, described code-first through the returned builder. The API is built, validated
    /// and deployed when it is first resolved, which <c>UseHttpApi</c> and <c>MapHttpApi</c> do at startup. Calling this
    /// again adds to the same API.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Fills the hosting options; may be <see langword="null"/>.</param>
    /// <returns>The builder for integrations, routes and stages.</returns>
    public static HttpApiRoutingBuilder AddHttpApiRouting(this IServiceCollection services, Action<HttpApiRoutingOptions>? configure = null)
        => AddHttpApiRouting(services, DefaultApiName, configure);

    /// <summary>
    /// Registers a named HTTP API (several may live in one host), described code-first through the returned builder.
    /// Resolve it as a keyed service (<c>[FromKeyedServices("orders")] HttpApi</c>); serve it with
    /// <c>UseHttpApi("orders")</c> or <c>MapHttpApi("/orders", "orders")</c>. Calling this again with the name adds to
    /// the same API.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The API's name.</param>
    /// <param name="configure">Fills the hosting options; may be <see langword="null"/>.</param>
    /// <returns>The builder for integrations, routes and stages.</returns>
    /// <exception cref="InvalidOperationException">An existing <see cref="HttpApi"/> instance was registered under the name.</exception>
    public static HttpApiRoutingBuilder AddHttpApiRouting(this IServiceCollection services, string name, Action<HttpApiRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var registration = GetOrAddRegistration(services, name, null);
        if (registration.ExistingApi is not null)
        {
            throw new InvalidOperationException(
                $"HTTP API '{name}' was already registered as an existing HttpApi; describe an API either code-first or as an instance, not both.");
        }

        configure?.Invoke(registration.Options);
        return new HttpApiRoutingBuilder(services, registration);
    }

    /// <summary>Registers an existing, already deployed HTTP API instance as the default API.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="api">The API; its definition, stages and deployments stay under the caller's control.</param>
    /// <param name="configure">Fills the hosting options; may be <see langword="null"/>.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">Another API was registered as the default already.</exception>
    public static IServiceCollection AddHttpApiRouting(this IServiceCollection services, HttpApi api, Action<HttpApiRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(api);
        var registration = GetOrAddRegistration(services, DefaultApiName, api);
        if (!ReferenceEquals(registration.ExistingApi, api))
        {
            throw new InvalidOperationException(
                $"HTTP API '{DefaultApiName}' was already registered; register another API under a name of its own.");
        }

        configure?.Invoke(registration.Options);
        return services;
    }

    /// <summary>The registration of a named API, when <c>AddHttpApiRouting</c> registered one.</summary>
    internal static HttpApiRegistration? FindRegistration(IServiceProvider services, string name)
        => services.GetService<HttpApiRegistrations>()?.Find(name);

    private static HttpApiRegistration GetOrAddRegistration(IServiceCollection services, string name, HttpApi? api)
    {
        HttpApiRegistrations? registrations = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(HttpApiRegistrations) && descriptor.ImplementationInstance is HttpApiRegistrations existing)
            {
                registrations = existing;
                break;
            }
        }

        if (registrations is null)
        {
            registrations = new HttpApiRegistrations();
            services.AddSingleton(registrations);

            // One key cache for every API and deployment of the container, logging its failed fetches.
            services.TryAddSingleton(static provider => new OidcKeySource
            {
                LoggerFactory = provider.GetService<ILoggerFactory>(),
                TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
            });
        }

        if (registrations.Find(name) is { } found)
        {
            return found;
        }

        var registration = new HttpApiRegistration(name, api);
        registrations.Add(registration);
        services.AddKeyedSingleton(name, (provider, _) => registration.Build(provider));
        services.AddKeyedSingleton(name, static (provider, key) => new HttpApiDispatcher(provider.GetRequiredKeyedService<HttpApi>(key)));
        services.AddKeyedSingleton(name, registration.Options);
        if (name == DefaultApiName)
        {
            services.TryAddSingleton(static provider => provider.GetRequiredKeyedService<HttpApi>(DefaultApiName));
            services.TryAddSingleton(static provider => provider.GetRequiredKeyedService<HttpApiDispatcher>(DefaultApiName));
            services.TryAddSingleton(registration.Options);
        }

        return registration;
    }
}
