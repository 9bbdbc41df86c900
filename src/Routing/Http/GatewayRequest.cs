namespace Routing.Http;

/// <summary>
/// A request as a host received it, before the gateway has read anything: the raw request-target (never a path the
/// host already decoded), the headers in wire order, and the body as a stream.
/// </summary>
public sealed class GatewayRequest
{
    /// <summary>The method exactly as sent.</summary>
    public required string Method { get; init; }

    /// <summary>The request-target exactly as sent, e.g. <c>/prod/pets/John%20Doe?x=1</c>.</summary>
    public required string RawTarget { get; init; }

    /// <summary>The header lines in the order the host reports them; repeated lines of one name keep their order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The request body; <see cref="Stream.Null"/> when there is none.</summary>
    public Stream Body { get; init; } = Stream.Null;

    /// <summary>The client's IP address as seen on the connection.</summary>
    /// <value>The default value is <c>127.0.0.1</c>.</value>
    public string SourceIp { get; init; } = "127.0.0.1";

    /// <summary>The client's TLS certificate, when the host asked for one (mutual TLS); <see langword="null"/> otherwise.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The client's protocol, e.g. <c>HTTP/1.1</c> or <c>HTTP/2</c>.</summary>
    /// <value>The default value is <c>HTTP/1.1</c>.</value>
    public string Protocol { get; init; } = "HTTP/1.1";

    /// <summary>The scheme the client used (<c>http</c> or <c>https</c>), forwarded as <c>X-Forwarded-Proto</c>.</summary>
    /// <value>The default value is <c>https</c>, as API Gateway is served over TLS.</value>
    public string Scheme { get; init; } = "https";

    /// <summary>The port the client connected to, forwarded as <c>X-Forwarded-Port</c>.</summary>
    /// <value>The default value is 443.</value>
    public int Port { get; init; } = 443;

    /// <summary>
    /// The host's own object for this request, handed to integrations as <c>IntegrationRequest.HostContext</c>: in
    /// ASP.NET Core, the <c>HttpContext</c>. The gateway never reads it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public object? HostContext { get; init; }

    /// <summary>The first value of a header (name compared case-insensitively), or <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value, or <see langword="null"/> when the header is absent.</returns>
    public string? GetHeader(string name) => HeaderLines.First(Headers, name);
}
