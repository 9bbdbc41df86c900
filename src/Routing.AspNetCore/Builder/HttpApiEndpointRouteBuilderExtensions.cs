using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Routing.Apis;
using Routing.AspNetCore;
using Routing.Definitions;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps an HTTP API as an endpoint under a path prefix, beside the host's other endpoints.</summary>
public static class HttpApiEndpointRouteBuilderExtensions
{
    private const string RestParameter = "httpApiPath";

    /// <summary>
    /// Serves through the HTTP API registered with <c>services.AddHttpApiRouting(...)</c> every request that none of
    /// the host's other endpoints takes: the API's endpoint is a catch-all, which endpoint routing tries after every
    /// more specific pattern (<c>app.MapGet("/health", ...)</c> keeps its requests). The same as <c>MapHttpApi("/")</c>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The endpoint's convention builder (for authorization, CORS, metadata).</returns>
    /// <exception cref="InvalidOperationException"><c>AddHttpApiRouting</c> was not called.</exception>
    /// <exception cref="HttpApiValidationException">The API definition is not valid.</exception>
    public static IEndpointConventionBuilder MapHttpApi(this IEndpointRouteBuilder endpoints) => MapHttpApi(endpoints, "/");

    /// <summary>
    /// Serves every request under <paramref name="prefix"/> (any method) through the HTTP API registered with
    /// <c>services.AddHttpApiRouting(...)</c>. The prefix is removed from the raw request-target, compared ordinally and
    /// case-sensitively, and must end at a <c>/</c>, a <c>?</c> or the end (<c>/apiX</c> is not under <c>/api</c>); the
    /// rest keeps its encoding and is decoded once by the gateway. Behind <c>UsePathBase</c>, the path base is removed the
    /// same way first. A request under the prefix that no stage or route takes
    /// gets API Gateway's 404 <c>{"message":"Not Found"}</c>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">The prefix, e.g. <c>/api</c>; <c>/</c> for none.</param>
    /// <returns>The endpoint's convention builder (for authorization, CORS, metadata).</returns>
    /// <exception cref="ArgumentException">The prefix is not valid.</exception>
    /// <exception cref="InvalidOperationException"><c>AddHttpApiRouting</c> was not called.</exception>
    /// <exception cref="HttpApiValidationException">The API definition is not valid.</exception>
    public static IEndpointConventionBuilder MapHttpApi(this IEndpointRouteBuilder endpoints, string prefix)
        => MapHttpApi(endpoints, prefix, HttpApiRoutingServiceCollectionExtensions.DefaultApiName);

    /// <summary>Serves every request under <paramref name="prefix"/> through the named HTTP API (see the other overloads).</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">The prefix, e.g. <c>/orders</c>; <c>/</c> for none.</param>
    /// <param name="apiName">The name given to <c>services.AddHttpApiRouting(name)</c>.</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="ArgumentException">The prefix is not valid.</exception>
    /// <exception cref="InvalidOperationException">No API of that name was registered.</exception>
    /// <exception cref="HttpApiValidationException">The API definition is not valid.</exception>
    public static IEndpointConventionBuilder MapHttpApi(this IEndpointRouteBuilder endpoints, string prefix, string apiName)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(apiName);
        string normalized = RawTargetPrefix.Normalize(prefix);
        var dispatcher = endpoints.ServiceProvider.GetKeyedService<HttpApiDispatcher>(apiName)
            ?? throw new InvalidOperationException(
                $"MapHttpApi needs the HTTP API services of '{apiName}': call services.AddHttpApiRouting(...) when configuring services, or pass the HttpApi to serve.");
        return MapCore(endpoints, normalized, dispatcher);
    }

    /// <summary>Serves every request under <paramref name="prefix"/> through a given API (see the other overload).</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">The prefix, e.g. <c>/api</c>; <c>/</c> for none.</param>
    /// <param name="api">The API to serve.</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="ArgumentException">The prefix is not valid.</exception>
    public static IEndpointConventionBuilder MapHttpApi(this IEndpointRouteBuilder endpoints, string prefix, HttpApi api)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(api);
        return MapCore(endpoints, RawTargetPrefix.Normalize(prefix), new HttpApiDispatcher(api));
    }

    private static IEndpointConventionBuilder MapCore(IEndpointRouteBuilder endpoints, string prefix, HttpApiDispatcher dispatcher)
    {
        RequestDelegate handler = async context =>
        {
            if (RawTargetPrefix.TryGetApiTarget(context, prefix, out string rawTarget))
            {
                await HttpApiRequestHandler.HandleAsync(context, dispatcher, rawTarget, passThroughUnmatched: false).ConfigureAwait(false);
            }
            else
            {
                // Routing matched the decoded path (case-insensitively), but the raw target does not spell the prefix.
                await HttpApiRequestHandler.NotFoundAsync(context, dispatcher).ConfigureAwait(false);
            }
        };

        // A catch-all parameter is optional, so the pattern also matches the prefix itself.
        return endpoints.Map(prefix + "/{**" + RestParameter + "}", handler)
            .WithDisplayName("HTTP API " + (prefix.Length == 0 ? "/" : prefix));
    }
}
