namespace Routing.Domains;

/// <summary>
/// An API mapping of a custom domain name: requests whose path starts with <see cref="ApiMappingKey"/> (whole segments)
/// go to the stage <see cref="Stage"/> of the API <see cref="ApiId"/>, with the key removed from the path.
/// </summary>
public sealed record ApiMapping
{
    /// <summary>The base path, without leading or trailing <c>/</c>; several levels allowed (<c>orders/v1</c>); empty for API Gateway's <c>(none)</c>.</summary>
    public string ApiMappingKey { get; init; } = string.Empty;

    /// <summary>The API's id (its <c>HttpApiOptions.Identity.ApiId</c>).</summary>
    public required string ApiId { get; init; }

    /// <summary>The stage the mapping serves (<c>$default</c> or a name); the path carries no stage segment.</summary>
    public required string Stage { get; init; }
}

/// <summary>A custom domain name and its API mappings, as API Gateway's <c>DomainName</c> and <c>ApiMapping</c> resources.</summary>
public sealed record CustomDomainName
{
    /// <summary>The host name (<c>api.example.com</c>), or a wildcard over one label (<c>*.example.com</c>).</summary>
    public required string DomainName { get; init; }

    /// <summary>The mappings; the longest key that matches a request's path wins, else the empty key's.</summary>
    public IReadOnlyList<ApiMapping> ApiMappings { get; init; } = [];

    /// <summary>Mutual TLS: the certificates a client's must chain to; <see langword="null"/> for none.</summary>
    public MutualTlsAuthentication? MutualTlsAuthentication { get; init; }
}

/// <summary>
/// A custom domain's mutual TLS (API Gateway's <c>mutualTlsAuthentication</c>): a client certificate is accepted when it
/// chains, in at most four certificates, to a root in <see cref="Truststore"/> (intermediates may be there too), is
/// within its validity, and uses SHA-256 or stronger with RSA-2048 or ECDSA-256 or stronger; revocation is not checked.
/// Anything else, or no certificate, is API Gateway's 403. The TLS handshake itself is the host's (Kestrel's
/// <c>ClientCertificateMode</c>); the gateway judges the certificate the host hands it.
/// </summary>
public sealed record MutualTlsAuthentication
{
    /// <summary>The truststore: roots (self-signed) and the intermediates between them and clients.</summary>
    public required IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Truststore { get; init; }
}
