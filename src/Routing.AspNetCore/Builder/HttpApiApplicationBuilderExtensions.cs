using Microsoft.Extensions.DependencyInjection;
using Routing.Apis;
using Routing.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the HTTP API to the request pipeline as middleware.</summary>
public static class HttpApiApplicationBuilderExtensions
{
    /// <summary>
    /// Serves requests through the HTTP API registered with <c>services.AddHttpApiRouting(...)</c>, built from each
    /// request's raw request-target, before the rest of the pipeline. A request that no stage or route takes gets API
    /// Gateway's 404 <c>{"message":"Not Found"}</c>, or goes on to the next middleware, unjudged, when
    /// <see cref="HttpApiRoutingOptions.PassThroughUnmatched"/> is set (and so does one the gateway cannot read as its
    /// own, such as a malformed target). Without passing through the gateway answers every request, so it can be the
    /// only way in. Beside the host's own endpoints, <c>app.MapHttpApi()</c> is the simpler form. The API is built (and validated) here, so a bad
    /// definition stops the host from starting. Behind <c>UsePathBase</c>, the path base is removed from the raw
    /// request-target (compared ordinally) before dispatch.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddHttpApiRouting</c> was not called.</exception>
    /// <exception cref="global::Routing.Definitions.HttpApiValidationException">The API definition is not valid.</exception>
    public static IApplicationBuilder UseHttpApi(this IApplicationBuilder app) => UseHttpApi(app, HttpApiRoutingServiceCollectionExtensions.DefaultApiName);

    /// <summary>Serves requests through the named HTTP API (see the other overload).</summary>
    /// <param name="app">The application builder.</param>
    /// <param name="apiName">The name given to <c>services.AddHttpApiRouting(name)</c>.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException">No API of that name was registered.</exception>
    /// <exception cref="global::Routing.Definitions.HttpApiValidationException">The API definition is not valid.</exception>
    public static IApplicationBuilder UseHttpApi(this IApplicationBuilder app, string apiName)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(apiName);
        var options = app.ApplicationServices.GetKeyedService<HttpApiRoutingOptions>(apiName);
        var dispatcher = app.ApplicationServices.GetKeyedService<HttpApiDispatcher>(apiName);
        if (options is null || dispatcher is null)
        {
            throw new InvalidOperationException(
                $"UseHttpApi needs the HTTP API services of '{apiName}': call services.AddHttpApiRouting({(apiName == HttpApiRoutingServiceCollectionExtensions.DefaultApiName ? string.Empty : "\"" + apiName + "\"")}...) when configuring services.");
        }

        bool passThrough = options.PassThroughUnmatched;
        return app.Use(next => new HttpApiMiddleware(next, dispatcher, passThrough).InvokeAsync);
    }

    /// <summary>
    /// Serves requests through several HTTP APIs chosen by the <c>Host</c> header, as API Gateway chooses them: a custom
    /// domain name's API mappings, or an API's <c>{apiId}.execute-api.{region}.amazonaws.com</c> name. A request for any
    /// other host goes on to the next middleware.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <param name="host">The APIs and domains.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseApiGatewayHost(this IApplicationBuilder app, global::Routing.Domains.ApiGatewayHost host)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        return app.Use(next => async context =>
        {
            if (!await HttpApiRequestHandler.HandleAsync(context, host).ConfigureAwait(false))
            {
                await next(context).ConfigureAwait(false);
            }
        });
    }
}
