using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Routing.AspNetCore.Tests.Browser;

/// <summary>
/// Debian's Chromium, started headless for one test class with its own empty profile, driven over the DevTools
/// Protocol (<see cref="CdpConnection"/>): no Playwright, no browser download. Nothing leaves the machine: background
/// networking, component updates, sync and QUIC are off, and the pages it opens are on 127.0.0.1.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package installs the browser.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>How long a DevTools command may take.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _profile;
    private readonly StderrTail _stderr;

    private HeadlessChromium(Process process, string profile, StderrTail stderr, CdpConnection connection)
    {
        _process = process;
        _profile = profile;
        _stderr = stderr;
        Connection = connection;
    }

    /// <summary>The browser-level DevTools connection.</summary>
    public CdpConnection Connection { get; }

    /// <summary>The browser to start: <c>CHROMIUM_PATH</c> when set, else <see cref="DefaultPath"/>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>Starts the browser and connects to it.</summary>
    /// <exception cref="InvalidOperationException">The browser is missing, exits, or does not open its DevTools port in time.</exception>
    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        string executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is not installed (Debian: apt-get install chromium; ./test.sh does it).");
        }

        string profile = Directory.CreateTempSubdirectory("routing-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--no-default-browser-check", "--disable-breakpad", "--disable-crash-reporter",
                $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank",
            ])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} could not be started.");
        var stderr = new StderrTail(process);
        try
        {
            var endpoint = await WaitForDevToolsAsync(process, profile, stderr, cancellationToken);
            var connection = await CdpConnection.ConnectAsync(endpoint, cancellationToken);
            return new HeadlessChromium(process, profile, stderr, connection);
        }
        catch
        {
            Stop(process);
            process.Dispose();
            DeleteProfile(profile);
            throw;
        }
    }

    /// <summary>Opens a page in a fresh browser context (its own cookies and CORS preflight cache) and waits until it has loaded.</summary>
    public async Task<BrowserPage> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        var context = await Connection.SendAsync("Target.createBrowserContext", new JsonObject { ["disposeOnDetach"] = true }, null, CommandTimeout, cancellationToken);
        string contextId = (string)context["browserContextId"]!;
        var target = await Connection.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = contextId }, null, CommandTimeout, cancellationToken);
        var attached = await Connection.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.DeepClone(), ["flatten"] = true }, null, CommandTimeout, cancellationToken);
        var page = new BrowserPage(this, contextId, (string)attached["sessionId"]!);
        try
        {
            await page.NavigateAsync(url, cancellationToken);
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the browser wrote to stderr, for failure messages.</summary>
    public string DescribeOutput() => _stderr.Describe();

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Connection.SendAsync("Browser.close", null, null, TimeSpan.FromSeconds(2), timeout.Token);
        }
        catch (Exception e) when (e is CdpException or OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            // The browser may close the connection before it answers; it is stopped below in any case.
        }

        await Connection.DisposeAsync();
        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            try
            {
                await _process.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException)
            {
                Stop(_process);
            }
        }

        _process.Dispose();
        DeleteProfile(_profile);
    }

    private static async Task<Uri> WaitForDevToolsAsync(Process process, string profile, StderrTail stderr, CancellationToken cancellationToken)
    {
        // Chromium writes "PORT\n/devtools/browser/ID" here once its DevTools server listens.
        string file = Path.Combine(profile, "DevToolsActivePort");
        // Real time on purpose: how long a separate process takes to start is not something a fake clock can drive.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{ExecutablePath} exited with code {process.ExitCode} before opening its DevTools port. {stderr.Describe()}");
            }

            if (File.Exists(file))
            {
                string[] lines;
                try
                {
                    lines = await File.ReadAllLinesAsync(file, cancellationToken);
                }
                catch (IOException)
                {
                    lines = [];
                }

                if (lines.Length >= 2 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
                {
                    return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
                }
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new InvalidOperationException(
            $"{ExecutablePath} did not write {file} within {StartTimeout.TotalSeconds} s. {stderr.Describe()}");
    }

    /// <summary>Ends the browser process this class started (by its id) and its helper processes.</summary>
    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(3000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file; the temp folder is cleaned up by the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Drains the browser's output (a full pipe would block it) and keeps the last stderr lines.</summary>
    private sealed class StderrTail
    {
        private const int Keep = 20;
        private readonly Queue<string> _lines = new();

        public StderrTail(Process process)
        {
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
        }

        public string Describe()
        {
            lock (_lines)
            {
                return _lines.Count == 0 ? "It wrote nothing to stderr." : "Its last stderr lines: " + string.Join(" | ", _lines);
            }
        }

        private void Add(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > Keep)
                {
                    _lines.Dequeue();
                }
            }
        }
    }
}
