using System.Text;

namespace Routing.Http;

/// <summary>
/// A response for the host to send: status, header lines in order, and a body that is either in memory or a
/// stream (an HTTP proxy streams the backend's body). Dispose it once the body has been sent.
/// </summary>
public sealed class GatewayResponse : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;
    private readonly List<KeyValuePair<string, string>> _headers;

    /// <summary>Creates a response.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="headers">The header lines; a repeated name is several lines (e.g. <c>set-cookie</c>).</param>
    /// <param name="body">The body, in memory.</param>
    public GatewayResponse(int statusCode, IEnumerable<KeyValuePair<string, string>>? headers = null, ReadOnlyMemory<byte> body = default)
    {
        StatusCode = statusCode;
        _headers = headers is null ? [] : [.. headers];
        Body = body;
    }

    private GatewayResponse(List<KeyValuePair<string, string>> headers, int statusCode, ReadOnlyMemory<byte> body)
    {
        StatusCode = statusCode;
        _headers = headers;
        Body = body;
    }

    /// <summary>Creates a response whose body is streamed.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="headers">The header lines.</param>
    /// <param name="bodyStream">The body stream; read once by the host.</param>
    /// <param name="owner">What to dispose after the body was sent (e.g. the backend response).</param>
    public GatewayResponse(int statusCode, IEnumerable<KeyValuePair<string, string>> headers, Stream bodyStream, IAsyncDisposable? owner)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(bodyStream);
        StatusCode = statusCode;
        _headers = [.. headers];
        BodyStream = bodyStream;
        _owner = owner;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; internal set; }

    /// <summary>The header lines in order; names keep the case they were given in.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>The body when it is in memory.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body when it is streamed; <see langword="null"/> when <see cref="Body"/> holds it.</summary>
    public Stream? BodyStream { get; }

    /// <summary>What is disposed with the response (a backend response); passed on when a step replaces the response.</summary>
    internal IAsyncDisposable? Owner => _owner;

    /// <summary>The header lines, for the gateway's steps to change.</summary>
    internal List<KeyValuePair<string, string>> HeaderList => _headers;

    /// <summary>A response that takes ownership of a header list built for it (no copy).</summary>
    internal static GatewayResponse Owning(int statusCode, List<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
        => new(headers, statusCode, body);

    /// <summary>The value of the first header line with this name (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value or <see langword="null"/>.</returns>
    public string? GetHeader(string name) => HeaderLines.First(_headers, name);

    /// <summary>The body as text (reads <see cref="Body"/> only; a streamed body is not read).</summary>
    /// <returns>The body decoded as UTF-8.</returns>
    public string GetBodyText() => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Replaces every line of a header with one value.</summary>
    internal void SetHeader(string name, string value)
    {
        RemoveHeader(name);
        _headers.Add(new(name, value));
    }

    /// <summary>Adds a header line after the others.</summary>
    internal void AddHeader(string name, string value) => _headers.Add(new(name, value));

    /// <summary>Removes every line of a header (name compared case-insensitively).</summary>
    internal void RemoveHeader(string name)
    {
        // PERF: DispatchBenchmarks. A loop, not RemoveAll with a capturing lambda: this runs on every response.
        for (int i = _headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                _headers.RemoveAt(i);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (BodyStream is not null)
        {
            await BodyStream.DisposeAsync().ConfigureAwait(false);
        }

        if (_owner is not null)
        {
            await _owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
