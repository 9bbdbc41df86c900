using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Routing.Tests.Integrations.HttpProxy;

/// <summary>
/// A loopback HTTP/1.1 backend on 127.0.0.1 (port 0) driven by a script per connection: it can echo, sleep, reset,
/// refuse, stream or send raw bytes. Written on raw sockets so every byte it sends and receives is exact.
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<BackendConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentBag<Task> _connections = [];
    private int _connectionCount;

    private TestBackend(Func<BackendConnection, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public string Authority => $"127.0.0.1:{Port}";

    public string BaseUri => $"http://{Authority}";

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>The requests read by scripts that record (echo, and the others that read the request).</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Completed when the gateway closed or reset a connection the script was waiting on.</summary>
    public TaskCompletionSource PeerClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TestBackend Start(Func<BackendConnection, Task> script) => new(script);

    /// <summary>Records the request and answers 200 with it as JSON.</summary>
    public static TestBackend Echo() => Start(static c => c.EchoAsync());

    /// <summary>
    /// Reads the request head (recorded in <see cref="Requests"/>), then never answers: it waits for the gateway to give
    /// up (recorded in <see cref="PeerClosed"/>) or the backend to stop.
    /// </summary>
    public static TestBackend Slow() => Start(static async c =>
    {
        await c.ReadRequestAsync(readBody: false);
        await c.WaitForPeerCloseAsync();
    });

    /// <summary>Reads the request (head, or head and body), then resets the connection (TCP RST).</summary>
    public static TestBackend Reset(bool readBody = false) => Start(async c =>
    {
        await c.ReadRequestAsync(readBody);
        c.Reset();
    });

    /// <summary>Reads the request head, sends these bytes exactly and closes.</summary>
    public static TestBackend Raw(string raw) => Start(async c =>
    {
        await c.ReadRequestAsync(readBody: true);
        await c.WriteAsync(raw);
    });

    /// <summary>A port on which nothing listens.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public RecordedRequest SingleRequest()
    {
        Assert.Single(Requests);
        Requests.TryPeek(out var request);
        return request!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }

        try
        {
            await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception)
        {
            // A script that failed or hung must not hide the test's own outcome.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            _connections.Add(Task.Run(async () =>
            {
                using var connection = new BackendConnection(this, socket, _stop.Token);
                try
                {
                    await _script(connection);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }));
        }
    }

    internal void Record(RecordedRequest request) => Requests.Enqueue(request);
}

/// <summary>What a backend received.</summary>
internal sealed record RecordedRequest(string Method, string Target, List<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Path => Target.Split('?', 2)[0];

    public string Query => Target.Contains('?') ? Target.Split('?', 2)[1] : string.Empty;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public IReadOnlyList<string> Values(string name) =>
        [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    public string? Header(string name) => Values(name) is [var first, ..] ? first : null;

    public bool Has(string name) => Values(name).Count > 0;
}

/// <summary>One accepted connection: a byte buffer over the socket and helpers to read a request and write answers.</summary>
internal sealed class BackendConnection : IDisposable
{
    private readonly TestBackend _backend;
    private readonly NetworkStream _stream;
    private readonly CancellationToken _stop;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public BackendConnection(TestBackend backend, Socket socket, CancellationToken stop)
    {
        _backend = backend;
        Socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _stop = stop;
    }

    public Socket Socket { get; }

    /// <summary>Reads a request head (and optionally its body by Content-Length or chunked), records it, and returns it.</summary>
    public async Task<RecordedRequest> ReadRequestAsync(bool readBody = true, Action<int>? onBodyData = null)
    {
        string head = await ReadHeadAsync();
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        byte[] body = [];
        if (readBody)
        {
            string? length = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
            bool chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
            body = chunked ? await ReadChunkedAsync(onBodyData) : length is null ? [] : await ReadExactAsync(int.Parse(length));
        }

        var request = new RecordedRequest(requestLine[0], requestLine[1], headers, body);
        _backend.Record(request);
        return request;
    }

    public async Task EchoAsync()
    {
        var request = await ReadRequestAsync();
        string json = JsonSerializer.Serialize(new
        {
            method = request.Method,
            target = request.Target,
            headers = request.Headers.Select(h => new[] { h.Key, h.Value }),
            body = request.BodyText,
        });
        await RespondAsync(200, [new("Content-Type", "application/json")], json);
    }

    public Task RespondAsync(int status, IEnumerable<KeyValuePair<string, string>> headers, string body)
    {
        var builder = new StringBuilder($"HTTP/1.1 {status} X\r\n");
        foreach (var header in headers)
        {
            builder.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(body);
        builder.Append("Content-Length: ").Append(bytes.Length).Append("\r\nConnection: close\r\n\r\n");
        return WriteAsync([.. Encoding.ASCII.GetBytes(builder.ToString()), .. bytes]);
    }

    public Task WriteAsync(string raw) => WriteAsync(Encoding.UTF8.GetBytes(raw));

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, _stop);
        await _stream.FlushAsync(_stop);
    }

    /// <summary>Waits until the peer closes or resets (then completes <see cref="TestBackend.PeerClosed"/>), or the backend stops.</summary>
    public async Task WaitForPeerCloseAsync()
    {
        var scratch = new byte[1024];
        try
        {
            while (await _stream.ReadAsync(scratch, _stop) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _backend.PeerClosed.TrySetResult();
    }

    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    public void Dispose() => _stream.Dispose();

    private async Task<string> ReadHeadAsync()
    {
        while (true)
        {
            int end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                string head = Encoding.Latin1.GetString(_buffer, _start, end);
                _start += end + 4;
                return head;
            }

            if (!await FillAsync())
            {
                throw new IOException("The connection closed before the request head ended.");
            }
        }
    }

    private async Task<byte[]> ReadExactAsync(int count)
    {
        var result = new byte[count];
        int copied = 0;
        while (copied < count)
        {
            if (_end == _start && !await FillAsync())
            {
                throw new IOException("The connection closed inside the body.");
            }

            int n = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, n);
            _start += n;
            copied += n;
        }

        return result;
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            int end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                string line = Encoding.Latin1.GetString(_buffer, _start, end);
                _start += end + 2;
                return line;
            }

            if (!await FillAsync())
            {
                throw new IOException("The connection closed inside a chunk header.");
            }
        }
    }

    private async Task<byte[]> ReadChunkedAsync(Action<int>? onData)
    {
        using var body = new MemoryStream();
        while (true)
        {
            string sizeLine = await ReadLineAsync();
            int size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                while ((await ReadLineAsync()).Length > 0)
                {
                }

                return body.ToArray();
            }

            byte[] chunk = await ReadExactAsync(size);
            body.Write(chunk);
            onData?.Invoke((int)body.Length);
            await ReadLineAsync();
        }
    }

    private async Task<bool> FillAsync()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), _stop);
        _end += read;
        return read > 0;
    }
}
