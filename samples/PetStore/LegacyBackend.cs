namespace PetStore;

/// <summary>
/// The "legacy" service behind <c>ANY /legacy/{proxy+}</c>: a tiny minimal API on a free loopback port that answers
/// every request with what it received, so you can see what the gateway's HTTP proxy forwarded.
/// </summary>
public static class LegacyBackend
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Map("/{**path}", static (HttpRequest request) => TypedResults.Json(
            new LegacyEcho("legacy", request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, request.Headers["X-Forwarded-For"]),
            PetStoreJsonContext.Api.LegacyEcho));
        return app;
    }
}
