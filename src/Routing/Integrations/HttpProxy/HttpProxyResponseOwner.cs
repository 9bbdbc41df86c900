namespace Routing.Integrations.HttpProxy;

/// <summary>Disposes a backend response once the host has sent its body (or gave up), which also frees or aborts its connection.</summary>
internal sealed class HttpProxyResponseOwner : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;

    /// <summary>Creates the owner.</summary>
    /// <param name="response">The backend response.</param>
    public HttpProxyResponseOwner(HttpResponseMessage response) => _response = response;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
