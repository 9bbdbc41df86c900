namespace Routing.Integrations.HttpProxy;

/// <summary>Defaults of <see cref="HttpProxyIntegrationOptions"/>.</summary>
internal static class HttpProxyConstants
{
    /// <summary>The status a client gets when the backend does not answer within the integration timeout.</summary>
    public const int TimeoutStatusCode = 504;

    /// <summary>Whether a named stage's path segment is forwarded to the backend.</summary>
    public const bool ForwardStagePrefix = false;

    /// <summary>The size of the buffer a request body is copied with.</summary>
    public const int CopyBufferSize = 16 * 1024;
}
