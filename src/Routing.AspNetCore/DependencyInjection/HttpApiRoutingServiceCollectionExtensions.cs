using Microsoft.Extensions.DependencyInjection.Extensions;
using Routing.Apis;
using Routing.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an Amazon API Gateway style HTTP API: one singleton <see cref="HttpApi"/> and its <see cref="HttpApiDispatcher"/>.</summary>
public static class HttpApiRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers an HTTP API described code-first through the returned builder. The API is built, validated and deployed
    /// when <see cref="HttpApi"/> (or <see cref="HttpApiDispatcher"/>) is first resolved, which <c>UseHttpApi</c> and
    /// <c>MapHttpApi</c> do at startup. Calling this again adds to the same API.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Fills the options; may be <see langword="null"/>.</param>
    /// <returns>The builder for integrations, routes and stages.</returns>
    /// <exception cref="InvalidOperationException">An existing <see cref="HttpApi"/> instance was registered already.</exception>
    public static HttpApiRoutingBuilder AddHttpApiRouting(this IServiceCollection services, Action<HttpApiRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registration = GetOrAddRegistration(services, null);
        if (registration.ExistingApi is not null)
        {
            throw new InvalidOperationException(
                "AddHttpApiRouting was already given an existing HttpApi; describe the API either code-first or as an instance, not both.");
        }

        configure?.Invoke(registration.Options);
        return new HttpApiRoutingBuilder(services, registration);
    }

    /// <summary>Registers an existing, already deployed HTTP API instance.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="api">The API; its definition, stages and deployments stay under the caller's control.</param>
    /// <param name="configure">Fills the options; may be <see langword="null"/>.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">An HTTP API was registered already.</exception>
    public static IServiceCollection AddHttpApiRouting(this IServiceCollection services, HttpApi api, Action<HttpApiRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(api);
        var registration = GetOrAddRegistration(services, api);
        if (!ReferenceEquals(registration.ExistingApi, api))
        {
            throw new InvalidOperationException(
                "AddHttpApiRouting was already called for another API; a service provider serves one HTTP API.");
        }

        configure?.Invoke(registration.Options);
        return services;
    }

    private static HttpApiRegistration GetOrAddRegistration(IServiceCollection services, HttpApi? api)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(HttpApiRegistration) && descriptor.ImplementationInstance is HttpApiRegistration existing)
            {
                return existing;
            }
        }

        var options = new HttpApiRoutingOptions();
        var registration = new HttpApiRegistration(options, api);
        services.AddSingleton(registration);
        services.TryAddSingleton(options);
        services.TryAddSingleton(static provider => provider.GetRequiredService<HttpApiRegistration>().Build(provider));
        services.TryAddSingleton(static provider => new HttpApiDispatcher(provider.GetRequiredService<HttpApi>()));
        return registration;
    }
}
