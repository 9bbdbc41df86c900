namespace Routing.AspNetCore;

/// <summary>
/// A per-request integration still running on the request's services: the adapter keeps the request (its scope and its
/// <c>HttpContext</c>) alive until it ends, even when the gateway answered first at the integration timeout.
/// </summary>
/// <param name="Running">The integration's task.</param>
internal sealed record PendingIntegration(Task Running);
