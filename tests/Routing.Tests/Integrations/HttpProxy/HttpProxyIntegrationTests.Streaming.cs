using System.Text;
using System.Threading.Channels;
using static Routing.Tests.Integrations.HttpProxy.ProxyHarness;
using Routing.Http;

namespace Routing.Tests.Integrations.HttpProxy;

public sealed partial class HttpProxyIntegrationTests
{
    // ---- streaming both ways ----

    [Fact]
    public async Task Invoke_LargeChunkedResponse_StreamedBeforeBackendFinishes()
    {
        // Arrange: the backend sends 64 KB, then waits until the client has read them before sending 4 MB more. A
        // proxy that buffered the body would never return the response.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int First = 64 * 1024;
        const int Rest = 4 * 1024 * 1024;
        await using var backend = TestBackend.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            await c.WriteAsync(Chunk(First));
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(5));
            for (int sent = 0; sent < Rest; sent += First)
            {
                await c.WriteAsync(Chunk(First));
            }

            await c.WriteAsync("0\r\n\r\n");
        });
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));

        // Act
        await using var response = await dispatcher.DispatchAsync(Get("/big"), Timeout).AsTask().WaitAsync(TimeSpan.FromSeconds(2), Timeout);
        var stream = response.BodyStream!;
        var buffer = new byte[First];
        int read = 0;
        while (read < First)
        {
            read += await stream.ReadAsync(buffer.AsMemory(read), Timeout);
        }

        gate.SetResult();
        long total = read + (await ReadAllAsync(stream)).LongLength;

        // Assert
        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Body.ToArray());
        Assert.Equal(First + Rest, total);
        Assert.Null(response.GetHeader("Transfer-Encoding"));
    }

    [Fact]
    public async Task Invoke_ChunkedRequestBody_ReachesBackendWhileClientStillSending()
    {
        // Arrange: the client's body gives 1 KB, then waits until the backend has received it before giving the rest.
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = TestBackend.Start(async c =>
        {
            var request = await c.ReadRequestAsync(onBodyData: length =>
            {
                if (length >= 1024)
                {
                    firstArrived.TrySetResult();
                }
            });
            await c.RespondAsync(200, [], request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        var body = new GatedStream();
        var dispatcher = Dispatcher(ProxyTo(backend.BaseUri + "/{proxy}"));
        var request = new GatewayRequest
        {
            Method = "PUT",
            RawTarget = "/upload",
            Headers = [new("Transfer-Encoding", "chunked")],
            Body = body,
        };

        // Act
        var sending = SendAsync(dispatcher, request, Timeout);
        await body.WriteAsync(new byte[1024]);
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(2), Timeout);
        await body.WriteAsync(new byte[512 * 1024]);
        body.Complete();
        var answer = await sending.WaitAsync(TimeSpan.FromSeconds(2), Timeout);

        // Assert
        Assert.Equal(200, answer.Status);
        Assert.Equal((1024 + (512 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Text);
        Assert.Equal("chunked", backend.SingleRequest().Header("Transfer-Encoding"));
    }

    private static byte[] Chunk(int size) => [.. Encoding.ASCII.GetBytes($"{size:x}\r\n"), .. new byte[size], .. "\r\n"u8];

    /// <summary>A request body the test feeds piece by piece.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly Channel<byte[]> _pieces = Channel.CreateUnbounded<byte[]>();
        private ReadOnlyMemory<byte> _current;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public ValueTask WriteAsync(byte[] piece) => _pieces.Writer.WriteAsync(piece);

        public void Complete() => _pieces.Writer.Complete();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_current.IsEmpty)
            {
                if (!await _pieces.Reader.WaitToReadAsync(cancellationToken))
                {
                    return 0;
                }

                _pieces.Reader.TryRead(out var next);
                _current = next;
            }

            int n = Math.Min(buffer.Length, _current.Length);
            _current[..n].CopyTo(buffer);
            _current = _current[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
