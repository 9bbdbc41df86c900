namespace Routing.Pipeline;

/// <summary>What a request transform (parameter mapping) tells an HTTP proxy: how it left the headers, and the path to send.</summary>
/// <param name="HeadersFiltered">Whether the headers were filtered for forwarding (hop-by-hop, <c>Connection</c>-nominated
/// and gateway-owned headers removed) before the mappings: the proxy sends them as they are.</param>
/// <param name="GatewaySetHeaders">The header names the mappings overwrote when the headers were not filtered first: the
/// proxy keeps them even when the client's <c>Connection</c> header names them.</param>
/// <param name="ClientHost">The client's <c>Host</c>, filtered out of the headers, for <c>X-Forwarded-Host</c>.</param>
/// <param name="PathOverride">The decoded path an <c>overwrite:path</c> mapping set; <see langword="null"/> when none did.</param>
internal sealed record ForwardingPlan(bool HeadersFiltered, IReadOnlySet<string>? GatewaySetHeaders, string? ClientHost, string? PathOverride);
