using PetStore;

namespace Routing.Samples.Tests;

/// <summary>The sample, started in this process on a free loopback port (real Kestrel, real sockets).</summary>
public sealed class PetStoreFixture : IAsyncLifetime
{
    private PetStoreApp? _app;

    public PetStoreApp App => _app ?? throw new InvalidOperationException("The sample has not started.");

    public HttpClient Client { get; } = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask InitializeAsync()
    {
        _app = await PetStoreApp.StartAsync(["--urls", "http://127.0.0.1:0"], TestContext.Current.CancellationToken);
        Client.BaseAddress = _app.Url;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
