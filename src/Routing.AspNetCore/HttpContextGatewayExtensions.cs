using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.AspNetCore;

/// <summary>
/// Maps an ASP.NET Core <see cref="HttpContext"/> to the gateway's host-agnostic <see cref="GatewayRequest"/> and
/// writes a <see cref="GatewayResponse"/> back. The request is built from the raw request-target the server received
/// (<see cref="IHttpRequestFeature.RawTarget"/>), never from <see cref="HttpRequest.Path"/>, which the server has
/// already percent-decoded and dot-normalized: decoding that again is the double-decode bug.
/// </summary>
public static class HttpContextGatewayExtensions
{
    private const int CopyBufferSize = 16 * 1024;

    /// <summary>The source address of a request whose connection reports none (an in-memory test server).</summary>
    private static readonly string LoopbackAddress = IPAddress.Loopback.ToString();

    /// <summary>The raw request-target exactly as the client sent it, e.g. <c>/prod/pets/John%20Doe?x=1</c>.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>The raw request-target.</returns>
    /// <exception cref="InvalidOperationException">The server does not report the raw request-target (Kestrel, HTTP.sys
    /// and IIS all do).</exception>
    public static string GetRawTarget(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            // Rebuilding it from the decoded Path would make requests ambiguous (%252F and %2F look the same there).
            throw new InvalidOperationException(
                "The server does not provide IHttpRequestFeature.RawTarget; the HTTP API needs the request-target as sent. Host it on Kestrel, HTTP.sys or IIS.");
        }

        return rawTarget;
    }

    /// <summary>Builds the gateway request from the context, with the raw request-target the client sent.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>The request; its body is the context's request body stream.</returns>
    public static GatewayRequest ToGatewayRequest(this HttpContext context) => ToGatewayRequest(context, GetRawTarget(context));

    /// <summary>Builds the gateway request from the context with a given raw request-target (e.g. one without a path prefix).</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="rawTarget">The raw request-target to serve, still percent-encoded.</param>
    /// <returns>The request; its body is the context's request body stream.</returns>
    public static GatewayRequest ToGatewayRequest(this HttpContext context, string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rawTarget);
        var request = context.Request;
        // PERF: DispatchBenchmarks. An array of exactly the lines, not a list: one name is one line but for repeats.
        var headers = new KeyValuePair<string, string>[request.Headers.Count];
        int lines = 0;
        foreach (var (name, values) in request.Headers)
        {
            // A repeated header line arrives as several values of one entry: each stays its own line.
            foreach (string? value in values)
            {
                if (lines == headers.Length)
                {
                    Array.Resize(ref headers, Math.Max(4, headers.Length * 2));
                }

                headers[lines++] = new(name, value ?? string.Empty);
            }
        }

        if (lines != headers.Length)
        {
            Array.Resize(ref headers, lines);
        }

        bool canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        var connection = context.Connection;
        var remote = connection.RemoteIpAddress;
        if (remote is not null && remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        bool https = string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        return new GatewayRequest
        {
            Method = request.Method,
            RawTarget = rawTarget,
            Headers = headers,
            Body = canHaveBody ? request.Body : Stream.Null,
            SourceIp = remote?.ToString() ?? LoopbackAddress,
            ClientCertificate = connection.ClientCertificate,
            Protocol = request.Protocol,
            Scheme = https ? "https" : "http",
            Port = connection.LocalPort != 0 ? connection.LocalPort : https ? 443 : 80,
            HostContext = context,
        };
    }

    /// <summary>The ASP.NET Core request an integration is serving; <see langword="null"/> when it was dispatched another way.</summary>
    /// <param name="request">The integration request.</param>
    /// <returns>The <see cref="HttpContext"/> the adapter put in <see cref="IntegrationRequest.HostContext"/>, or <see langword="null"/>.</returns>
    public static HttpContext? GetHttpContext(this IntegrationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HostContext as HttpContext;
    }

    /// <summary>
    /// Writes a gateway response: the status, each header line (a repeated name such as <c>set-cookie</c> stays several
    /// lines) and the body, in memory or streamed (the headers are sent at once, then each piece of the body as it is
    /// read). Hop-by-hop headers are left to the server, and an in-memory body gets its own <c>content-length</c>, except
    /// that a bodiless answer to <c>HEAD</c> keeps a valid <c>content-length</c> its integration gave.
    /// The response is not disposed; the caller does that once this completes.
    /// </summary>
    /// <param name="context">The HTTP context; its response must not have started.</param>
    /// <param name="response">The gateway response.</param>
    /// <returns>A task that completes when the body was written.</returns>
    /// <exception cref="InvalidOperationException">The response has already started.</exception>
    public static async Task WriteGatewayResponseAsync(this HttpContext context, GatewayResponse response)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        var target = context.Response;
        if (target.HasStarted)
        {
            throw new InvalidOperationException("The response has already started; the gateway response cannot be written.");
        }

        bool inMemory = response.BodyStream is null;
        bool bodyAllowed = response.StatusCode is not (204 or 205 or 304) && response.StatusCode >= 200;
        target.StatusCode = response.StatusCode;
        if (!TryCopyHeaders(response, target, inMemory))
        {
            // The gateway checks integration headers before this; a server with stricter rules still gets no split response.
            context.Abort();
            return;
        }

        var cancellationToken = context.RequestAborted;
        if (!bodyAllowed)
        {
            return;
        }

        if (inMemory)
        {
            // A bodiless answer to HEAD keeps the length its integration declared: what GET would send (RFC 9110 8.6).
            target.ContentLength = response.Body.IsEmpty && HttpMethods.IsHead(context.Request.Method)
                && response.GetHeader("content-length") is { } declared && HttpSyntax.TryParseContentLength(declared, out long length)
                ? length
                : response.Body.Length;
            if (response.Body.Length > 0)
            {
                await target.Body.WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // A streamed body may be slow to start (a long poll, server-sent events): send the status and headers now.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await target.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await response.BodyStream!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await target.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await target.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryCopyHeaders(GatewayResponse response, HttpResponse target, bool inMemory)
    {
        try
        {
            var lines = response.Headers;
            for (int i = 0; i < lines.Count; i++)
            {
                var (name, value) = lines[i];
                if (ForwardingHeaders.IsHopByHop(name) || (inMemory && name.Equals("content-length", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                // PERF: DispatchBenchmarks. A name's first line is set; only a repeated one (set-cookie) is appended.
                if (IsFirstLine(lines, i))
                {
                    target.Headers[name] = value;
                }
                else
                {
                    target.Headers.Append(name, value);
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            // The server refused a header name or value (e.g. a line break): the integration's output is bad.
            return false;
        }
    }

    private static bool IsFirstLine(IReadOnlyList<KeyValuePair<string, string>> lines, int index)
    {
        for (int i = 0; i < index; i++)
        {
            if (string.Equals(lines[i].Key, lines[index].Key, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
