using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Routing.Redis;
using Routing.Traffic;
using StackExchange.Redis;

namespace Routing.Benchmarks;

/// <summary>
/// One throttle decision (a token from a bucket that never runs dry) in the process's memory store against the Redis
/// store a fleet shares, on a <c>redis-server</c> this benchmark starts on a free loopback port (Debian's package,
/// which <c>./test.sh</c> installs): the cost per request of sharing limits.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet disposes what a setup made in [GlobalCleanup], not through IDisposable.
public class TrafficStoreBenchmarks
#pragma warning restore CA1001
{
    private const string Executable = "/usr/bin/redis-server";
    private Process? _server;
    private ConnectionMultiplexer? _redis;
    private ITrafficStore _memory = null!;
    private ITrafficStore _shared = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing; install Debian's redis-server (./test.sh does).");
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        for (int attempt = 0; _redis is null; attempt++)
        {
            try
            {
                _redis = ConnectionMultiplexer.Connect($"127.0.0.1:{port}");
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }

        _memory = new MemoryTrafficStore();
        _shared = new RedisTrafficStore(_redis, "bench:");
        if (!Take(_memory).AsTask().GetAwaiter().GetResult() || !Take(_shared).AsTask().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("A bucket that never runs dry refused a token.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _redis?.Dispose();
        _server?.Kill();
        _server?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<bool> Memory() => Take(_memory);

    [Benchmark]
    public ValueTask<bool> Redis() => Take(_shared);

    private static ValueTask<bool> Take(ITrafficStore store) => store.TryTakeAsync("throttle/api/$default/GET /pets/{id}", 1e9, int.MaxValue, CancellationToken.None);
}
