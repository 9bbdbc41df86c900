using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Routing.AspNetCore.Tests.Browser;

/// <summary>A tab in its own browser context, attached as a flattened DevTools session.</summary>
public sealed class BrowserPage(HeadlessChromium browser, string contextId, string sessionId) : IAsyncDisposable
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Navigates and waits until the document at <paramref name="url"/> has finished loading.</summary>
    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken)
    {
        var navigated = await browser.Connection.SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, sessionId, HeadlessChromium.CommandTimeout, cancellationToken);
        if (navigated["errorText"] is JsonValue error)
        {
            throw new CdpException($"Page.navigate to {url}: {error}");
        }

        // Real time on purpose: the page loads in Chromium, on the machine's clock, which no fake clock reaches.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var state = await EvaluateAsync("[location.href, document.readyState]", cancellationToken);
            if (state is JsonArray { Count: 2 } pair && (string?)pair[0] == url.AbsoluteUri && (string?)pair[1] == "complete")
            {
                return;
            }

            if (clock.Elapsed > LoadTimeout)
            {
                throw new CdpException($"{url} did not finish loading within {LoadTimeout.TotalSeconds} s (last state {state?.ToJsonString()})");
            }

            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>
    /// Evaluates a script expression in the page, awaiting it when it is a promise, and returns its value as JSON.
    /// </summary>
    /// <exception cref="CdpException">The script threw.</exception>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var evaluated = await browser.Connection.SendAsync(
            "Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true },
            sessionId,
            HeadlessChromium.CommandTimeout,
            cancellationToken);
        if (evaluated["exceptionDetails"] is JsonObject exception)
        {
            throw new CdpException($"the page's script threw: {exception["exception"]?["description"] ?? exception["text"]}");
        }

        return evaluated["result"]?["value"]?.DeepClone();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await browser.Connection.SendAsync("Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = contextId }, null, HeadlessChromium.CommandTimeout, CancellationToken.None);
        }
        catch (CdpException)
        {
            // The browser is gone already; the class fixture stops it anyway.
        }
    }
}
