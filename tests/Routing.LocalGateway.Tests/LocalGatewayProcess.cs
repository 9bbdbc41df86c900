using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Routing.LocalGateway.Tests;

/// <summary>The local gateway tool running as a process (<c>dotnet apigw-local.dll ...</c>), with its output lines.</summary>
internal sealed class LocalGatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(180);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _newLine = new(0);

    private LocalGatewayProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Every line written so far, stdout and stderr interleaved.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    /// <summary>The tool's path, built beside the tests (see the project file).</summary>
    public static string ToolPath { get; } = typeof(LocalGatewayProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(static a => a.Key == "LocalGatewayPath").Value!;

    public static LocalGatewayProcess Start(params string[] arguments) => StartDotnet(null, [ToolPath, .. arguments]);

    /// <summary>Runs <c>dotnet</c> with the arguments (a README command, say) in a folder; no build server outlives it.</summary>
    public static LocalGatewayProcess StartDotnet(string? workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new LocalGatewayProcess(Process.Start(start)!);
    }

    /// <summary>Waits until a line matches; fails with everything written when the process ends or the wait runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartWait;
        int seen = 0;
        while (true)
        {
            var lines = Lines;
            for (; seen < lines.Count; seen++)
            {
                if (match(lines[seen]))
                {
                    return lines[seen];
                }
            }

            if (_process.HasExited && _lines.Count == seen)
            {
                Assert.Fail($"apigw-local ended (exit code {_process.ExitCode}) before the line we wait for:\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"apigw-local did not write the line we wait for within {StartWait.TotalSeconds} s:\n{Output}");
            }

            await _newLine.WaitAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Waits for the tool to listen and returns its URL.</summary>
    public async Task<Uri> WaitForListeningAsync(CancellationToken cancellationToken)
    {
        string line = await WaitForLineAsync(static l => l.StartsWith("Listening on ", StringComparison.Ordinal), cancellationToken);
        await WaitForLineAsync(static l => l.StartsWith("Watching the file", StringComparison.Ordinal), cancellationToken);
        return new Uri(line["Listening on ".Length..]);
    }

    /// <summary>Waits for the tool to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(StartWait, cancellationToken);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>The route keys of the last route listing (method and path, as the tool printed them).</summary>
    public IReadOnlyList<(string RouteKey, string Target)> ListedRoutes()
    {
        var lines = Lines;
        int start = lines.ToList().FindLastIndex(static l => l.StartsWith("Routes of ", StringComparison.Ordinal));
        var routes = new List<(string, string)>();
        for (int i = start + 1; start >= 0 && i < lines.Count && lines[i].StartsWith("  ", StringComparison.Ordinal); i++)
        {
            string[] parts = lines[i].Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts[0] == "$default")
            {
                routes.Add(("$default", lines[i].Trim()["$default".Length..].Trim()));
            }
            else
            {
                routes.Add(($"{parts[0]} {parts[1]}", parts.Length > 2 ? parts[2] : string.Empty));
            }
        }

        return routes;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _newLine.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _newLine.Release();
        }
    }
}
