using System.Buffers;
using System.Text;
using Microsoft.IdentityModel.Protocols;

namespace Routing.Authorization.Jwt;

/// <summary>
/// Fetches an OIDC discovery document or a JWKS with the limits of an <see cref="OidcKeySource"/>: https only (unless
/// turned off), a timeout per request, a size cap enforced while reading (so a 10 MB answer costs at most the cap),
/// a 2xx status, and strict UTF-8. Redirects are followed only if the host's own handler does so.
/// </summary>
internal sealed class OidcDocumentRetriever(HttpClient client, OidcKeySource source) : IDocumentRetriever
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (!source.RequireHttps && uri.Scheme == Uri.UriSchemeHttp)))
        {
            throw new IOException($"The OIDC document address '{address}' is not an absolute {(source.RequireHttps ? "https" : "http(s)")} URL.");
        }

        using var timeout = new CancellationTokenSource(source.FetchTimeout, source.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"'{uri}' answered {(int)response.StatusCode}.");
            }

            int max = source.MaxDocumentBytes;
            if (response.Content.Headers.ContentLength > max)
            {
                throw new IOException($"'{uri}' sent {response.Content.Headers.ContentLength} bytes; at most {max} are accepted.");
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadCappedAsync(stream, max, uri, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"'{uri}' did not answer within {source.FetchTimeout.TotalMilliseconds} ms.", e);
        }
    }

    private static async Task<string> ReadCappedAsync(Stream stream, int max, Uri uri, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(max, 16 * 1024) + 1);
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, max + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > max)
                {
                    throw new IOException($"'{uri}' sent more than {max} bytes; the download was stopped there.");
                }
            }

            return StrictUtf8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
