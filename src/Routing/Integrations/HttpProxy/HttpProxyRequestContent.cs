using System.Buffers;
using System.Net;

namespace Routing.Integrations.HttpProxy;

/// <summary>
/// Streams a client's request body to the backend as it arrives, without buffering it and without disposing it (the
/// host owns it). It can be sent again only while nothing of it has been read: the handler may retry a request on a
/// fresh connection when a pooled one turned out dead, but a partly sent body is never replayed.
/// </summary>
internal sealed class HttpProxyRequestContent : HttpContent
{
    private readonly Stream _body;
    private readonly long? _length;
    private long _read;

    /// <summary>Creates the content.</summary>
    /// <param name="body">The client's body.</param>
    /// <param name="length">Its length when known (then sent as <c>Content-Length</c>); otherwise it is sent chunked.</param>
    public HttpProxyRequestContent(Stream body, long? length)
    {
        _body = body;
        _length = length;
        Headers.ContentLength = length;
    }

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _read) > 0)
        {
            throw new InvalidOperationException("The request body was partly sent already; it cannot be sent again.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(HttpProxyConstants.CopyBufferSize);
        try
        {
            while (true)
            {
                int read = await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                Interlocked.Add(ref _read, read);
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);

                // Pass each piece on as it comes, so a slow upload reaches the backend as it arrives.
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length.HasValue;
    }
}
