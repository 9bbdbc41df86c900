using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Routing.Http;

namespace Routing.Integrations.Lambda;

/// <summary>The <c>requestContext.authentication</c> member of a payload format 2.0 event: the mTLS client certificate.</summary>
public sealed class PayloadV2Authentication
{
    /// <summary>The client's certificate.</summary>
    [JsonPropertyName("clientCert")]
    public PayloadV2ClientCertificate? ClientCert { get; set; }
}

/// <summary>An mTLS client certificate as API Gateway describes it to the integration.</summary>
public sealed class PayloadV2ClientCertificate
{
    /// <summary>The certificate in PEM.</summary>
    [JsonPropertyName("clientCertPem")]
    public string? ClientCertPem { get; set; }

    /// <summary>The subject's distinguished name, e.g. <c>CN=client-1</c>.</summary>
    [JsonPropertyName("subjectDN")]
    public string? SubjectDN { get; set; }

    /// <summary>The issuer's distinguished name.</summary>
    [JsonPropertyName("issuerDN")]
    public string? IssuerDN { get; set; }

    /// <summary>The serial number, lower-case hexadecimal bytes separated by <c>:</c> (<c>0a:1b:2c:3d</c>).</summary>
    [JsonPropertyName("serialNumber")]
    public string? SerialNumber { get; set; }

    /// <summary>The validity period.</summary>
    [JsonPropertyName("validity")]
    public PayloadV2CertificateValidity? Validity { get; set; }

    /// <summary>A certificate's description, with API Gateway's formats.</summary>
    internal static PayloadV2ClientCertificate From(X509Certificate2 certificate) => new()
    {
        ClientCertPem = certificate.ExportCertificatePem(),
        SubjectDN = certificate.Subject,
        IssuerDN = certificate.Issuer,
        SerialNumber = ClientCertificateText.Serial(certificate),
        Validity = new PayloadV2CertificateValidity { NotBefore = ClientCertificateText.Date(certificate.NotBefore), NotAfter = ClientCertificateText.Date(certificate.NotAfter) },
    };
}

/// <summary>A certificate's validity period.</summary>
public sealed class PayloadV2CertificateValidity
{
    /// <summary>The start, e.g. <c>May 28 12:30:02 2019 GMT</c>.</summary>
    [JsonPropertyName("notBefore")]
    public string? NotBefore { get; set; }

    /// <summary>The end.</summary>
    [JsonPropertyName("notAfter")]
    public string? NotAfter { get; set; }
}
