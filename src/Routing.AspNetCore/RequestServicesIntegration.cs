using Microsoft.Extensions.DependencyInjection;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.AspNetCore;

/// <summary>
/// An integration registered with <c>AddIntegration&lt;T&gt;</c> and a lifetime other than singleton: resolved for each
/// request from that request's services (<c>HttpContext.RequestServices</c>), as minimal APIs resolve their services,
/// so a scoped dependency (a <c>DbContext</c>) lives as long as the request. When the gateway answers first (the
/// integration timeout), the request, with its services and its <c>HttpContext</c>, lives until the integration ends
/// (<see cref="PendingIntegration"/>). A request dispatched outside an ASP.NET Core request (through
/// <c>HttpApiDispatcher</c> directly) gets a scope of its own, disposed when the integration ends; a streamed body read
/// after that must not need the scope's services.
/// </summary>
/// <typeparam name="TIntegration">The integration type.</typeparam>
internal sealed class RequestServicesIntegration<TIntegration>(IServiceProvider root, IntegrationType type, GatewayErrorKind timeoutError) : IIntegration
    where TIntegration : class, IIntegration
{
    public IntegrationType IntegrationType => type;

    public GatewayErrorKind TimeoutError => timeoutError;

    public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.GetHttpContext() is not { } context)
        {
            return InvokeInOwnScopeAsync(request, cancellationToken);
        }

        var running = context.RequestServices.GetRequiredService<TIntegration>().InvokeAsync(request, cancellationToken);
        if (running.IsCompleted)
        {
            return running;
        }

        var task = running.AsTask();
        context.Features.Set(new PendingIntegration(task));
        return new ValueTask<GatewayResponse>(task);
    }

    private async ValueTask<GatewayResponse> InvokeInOwnScopeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        var scope = root.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await scope.ServiceProvider.GetRequiredService<TIntegration>().InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
