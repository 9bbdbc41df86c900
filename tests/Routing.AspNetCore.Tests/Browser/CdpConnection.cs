using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Routing.AspNetCore.Tests.Browser;

/// <summary>A failed Chrome DevTools Protocol command: the browser's error, or no answer in time.</summary>
public sealed class CdpException : Exception
{
    public CdpException()
    {
    }

    public CdpException(string message)
        : base(message)
    {
    }

    public CdpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// One WebSocket to the browser's DevTools endpoint, speaking the Chrome DevTools Protocol directly: JSON commands
/// with an <c>id</c>, answers matched by <c>id</c>, page sessions addressed by <c>sessionId</c> (flattened targets).
/// Events are not needed by the tests and are dropped.
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private int _nextId;

    private CdpConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Connects to a DevTools WebSocket URL (<c>ws://127.0.0.1:PORT/devtools/browser/ID</c>).</summary>
    public static async Task<CdpConnection> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new CdpConnection(socket);
    }

    /// <summary>Sends a command and waits for its answer's <c>result</c>.</summary>
    /// <param name="method">The command, e.g. <c>Target.createTarget</c>.</param>
    /// <param name="parameters">Its parameters, or <see langword="null"/>.</param>
    /// <param name="sessionId">The page session it is for; <see langword="null"/> for the browser.</param>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <param name="cancellationToken">The test's cancellation.</param>
    /// <returns>The <c>result</c> object.</returns>
    /// <exception cref="CdpException">The browser answered with an error, or not in time.</exception>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters, string? sessionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }

            JsonObject reply;
            try
            {
                reply = await answer.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new CdpException($"{method}: no answer from the browser within {timeout.TotalSeconds} s");
            }

            if (reply["error"] is JsonObject error)
            {
                throw new CdpException($"{method}: {error["message"]} ({error["data"]})");
            }

            return reply["result"] as JsonObject ?? [];
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), _closing.Token);
                    buffer.Advance(received.Count);
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (JsonNode.Parse(buffer.WrittenSpan) is JsonObject message
                    && message["id"] is JsonValue idValue
                    && idValue.TryGetValue(out int id)
                    && _pending.TryGetValue(id, out var answer))
                {
                    answer.TrySetResult(message);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or System.Text.Json.JsonException)
        {
            // The browser went away or the connection is being closed: fail whatever still waits.
        }

        foreach (var (_, answer) in _pending)
        {
            answer.TrySetException(new CdpException("the DevTools connection closed"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing is best effort; the browser process is stopped next.
        }

        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _sendLock.Dispose();
        _closing.Dispose();
    }
}
