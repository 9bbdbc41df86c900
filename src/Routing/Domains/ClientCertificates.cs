using System.Security.Cryptography.X509Certificates;

namespace Routing.Domains;

/// <summary>API Gateway's judgement of an mTLS client certificate against a custom domain's truststore.</summary>
internal static class ClientCertificates
{
    private const int MaxChainLength = 4;

    public static bool Accepts(X509Certificate2? certificate, MutualTlsAuthentication mtls, DateTimeOffset now)
    {
        if (certificate is null || now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        foreach (var trusted in mtls.Truststore)
        {
            (trusted.SubjectName.RawData.AsSpan().SequenceEqual(trusted.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(trusted);
        }

        if (!chain.Build(certificate) || chain.ChainElements.Count > MaxChainLength)
        {
            return false;
        }

        foreach (var element in chain.ChainElements)
        {
            if (!Strong(element.Certificate))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>SHA-256 or stronger, with RSA-2048 or ECDSA-256 or stronger.</summary>
    private static bool Strong(X509Certificate2 certificate)
    {
        string? signature = certificate.SignatureAlgorithm.FriendlyName?.ToLowerInvariant();
        if (signature is null || !(signature.Contains("sha256", StringComparison.Ordinal) || signature.Contains("sha384", StringComparison.Ordinal) || signature.Contains("sha512", StringComparison.Ordinal)))
        {
            return false;
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize >= 2048;
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        return ecdsa is not null && ecdsa.KeySize >= 256;
    }
}
