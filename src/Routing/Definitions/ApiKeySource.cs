namespace Routing.Definitions;

/// <summary>Where a route that requires an API key finds it (API Gateway's <c>apiKeySource</c>).</summary>
public enum ApiKeySource
{
    /// <summary>The request's <c>x-api-key</c> header.</summary>
    Header,

    /// <summary>The <c>usageIdentifierKey</c> of the route's Lambda authorizer's answer; the header is ignored.</summary>
    Authorizer,
}
