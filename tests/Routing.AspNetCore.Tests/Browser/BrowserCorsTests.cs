using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routing.AspNetCore.Tests.Browser;

/// <summary>
/// CORS as a real browser enforces it: a page on one loopback origin calls the gateway (<c>UseHttpApi</c>) on
/// another port with <c>fetch</c>, in headless Chromium, and the tests assert what the page's script observed plus
/// which requests reached the gateway. Each test opens its own browser context (fresh cookies, no cached preflight).
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserCorsTests(BrowserCorsFixture fixture) : IClassFixture<BrowserCorsFixture>
{
    // Real time (Stopwatch) on purpose: Chromium runs on the machine's clock, which no fake clock reaches; the bound
    // only catches a browser that hangs (a preflight retried, a request never answered).
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AllowedOrigin_CredentialedFetchWithCustomHeader_PreflightsThenReadsBodyAndExposedHeader()
    {
        // Arrange
        using var limit = Limited();
        var clock = Stopwatch.StartNew();
        await using var page = await fixture.OpenAsync(fixture.AllowedPage, limit.Token);
        string script = $$"""
            (async () => {
              const login = await callGateway({{Url("/login")}}, { credentials: 'include' });
              const put = await callGateway({{Url("/items/allowed")}}, {
                method: 'PUT',
                credentials: 'include',
                headers: { 'X-Custom': 'v1', 'Content-Type': 'application/json' },
                body: '{"a":1}'
              });
              return { login, put };
            })()
            """;

        // Act
        var observed = await page.EvaluateAsync(script, limit.Token);

        // Assert: what the script could see.
        var login = observed?["login"];
        Assert.True((bool?)login?["ok"], $"the login fetch failed: {observed?.ToJsonString()}");
        Assert.Equal(200, (int?)login?["status"]);
        Assert.Equal("welcome", (string?)login?["body"]);
        var put = observed?["put"];
        Assert.True((bool?)put?["ok"], $"the credentialed PUT failed: {observed?.ToJsonString()}");
        Assert.Equal(200, (int?)put?["status"]);
        var echo = JsonNode.Parse((string)put!["body"]!)!;
        Assert.Equal("PUT", (string?)echo["method"]);
        Assert.Equal("session=abc123", (string?)echo["cookie"]);
        Assert.Equal("v1", (string?)echo["custom"]);
        Assert.Equal("r-allowed", (string?)put["requestId"]);
        Assert.Null((string?)put["secret"]);

        // Assert: the browser sent a preflight first, then the request with the cookie it had stored.
        var seen = fixture.SeenFor("/items/allowed");
        Assert.Equal(["OPTIONS", "PUT"], seen.Select(static r => r.Method));
        Assert.Equal(fixture.AllowedOrigin, seen[0].Origin);
        Assert.Equal("PUT", seen[0].RequestMethod);
        Assert.Equal(["content-type", "x-custom"], Tokens(seen[0].RequestHeaders));
        Assert.Null(seen[0].Cookie);
        Assert.Equal("session=abc123", seen[1].Cookie);
        Assert.True(clock.Elapsed < Limit, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task DisallowedOrigin_PreflightedAndSimpleFetch_RejectedByTheBrowser()
    {
        // Arrange
        using var limit = Limited();
        var clock = Stopwatch.StartNew();
        await using var page = await fixture.OpenAsync(fixture.OtherPage, limit.Token);
        string script = $$"""
            (async () => {
              const put = await callGateway({{Url("/items/other-origin")}}, {
                method: 'PUT', credentials: 'include', headers: { 'X-Custom': 'v1' }, body: 'x'
              });
              const get = await callGateway({{Url("/items/other-origin-simple")}}, { credentials: 'include' });
              return { put, get };
            })()
            """;

        // Act
        var observed = await page.EvaluateAsync(script, limit.Token);

        // Assert: fetch rejected with the browser's own TypeError, both times.
        AssertBlocked(observed?["put"], observed);
        AssertBlocked(observed?["get"], observed);

        // Assert: the refused preflight stopped the PUT; the simple GET was sent, but its answer was withheld from the script.
        var preflighted = fixture.SeenFor("/items/other-origin");
        var only = Assert.Single(preflighted);
        Assert.Equal(("OPTIONS", fixture.OtherOrigin), (only.Method, only.Origin));
        var simple = Assert.Single(fixture.SeenFor("/items/other-origin-simple"));
        Assert.Equal(("GET", fixture.OtherOrigin), (simple.Method, simple.Origin));
        Assert.True(clock.Elapsed < Limit, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task DisallowedMethod_Delete_RejectedByTheBrowserAndNeverSent()
    {
        // Arrange
        using var limit = Limited();
        var clock = Stopwatch.StartNew();
        await using var page = await fixture.OpenAsync(fixture.AllowedPage, limit.Token);

        // Act
        var observed = await page.EvaluateAsync($"callGateway({Url("/items/method")}, {{ method: 'DELETE', credentials: 'include' }})", limit.Token);

        // Assert
        AssertBlocked(observed, observed);
        var only = Assert.Single(fixture.SeenFor("/items/method"));
        Assert.Equal(("OPTIONS", "DELETE"), (only.Method, only.RequestMethod));
        Assert.True(clock.Elapsed < Limit, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task DisallowedHeader_RejectedByTheBrowserAndNeverSent()
    {
        // Arrange
        using var limit = Limited();
        var clock = Stopwatch.StartNew();
        await using var page = await fixture.OpenAsync(fixture.AllowedPage, limit.Token);

        // Act
        var observed = await page.EvaluateAsync(
            $"callGateway({Url("/items/header")}, {{ method: 'PUT', credentials: 'include', headers: {{ 'X-Other': '1' }}, body: 'x' }})",
            limit.Token);

        // Assert
        AssertBlocked(observed, observed);
        var only = Assert.Single(fixture.SeenFor("/items/header"));
        Assert.Equal(("OPTIONS", "PUT"), (only.Method, only.RequestMethod));
        Assert.Equal(["x-other"], Tokens(only.RequestHeaders));
        Assert.True(clock.Elapsed < Limit, $"took {clock.Elapsed}");
    }

    private static CancellationTokenSource Limited()
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(Limit);
        return limit;
    }

    private static void AssertBlocked(JsonNode? result, JsonNode? observed)
    {
        Assert.False((bool?)result?["ok"] ?? true, $"the browser let the script read the answer: {observed?.ToJsonString()}");
        Assert.Equal("TypeError", (string?)result?["error"]);
    }

    private static string[] Tokens(string? list) =>
        list is null ? [] : [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    /// <summary>A gateway URL as a JavaScript string literal.</summary>
    private string Url(string path) => JsonSerializer.Serialize(new Uri(fixture.Gateway, path).AbsoluteUri);
}
