using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Routing.Tests.Traffic;

/// <summary>
/// Real X.509 certificates minted from the corpus's descriptions (subject, issuer, serial number, key and signature
/// algorithms, validity): authorities of a truststore, each signed by its issuer, and client certificates signed by
/// theirs (an issuer outside the truststore gets an authority of its own that nothing trusts).
/// </summary>
internal static class Certificates
{
    public static (X509Certificate2 Certificate, RSA Key) Authority(JsonObject described, Dictionary<string, (X509Certificate2 Certificate, RSA Key)> authorities)
    {
        string subject = (string)described["subject"]!;
        if (authorities.TryGetValue(subject, out var known))
        {
            return known;
        }

        string issuer = (string?)described["issuer"] ?? subject;
        var key = RSA.Create(KeyBits(described));
        var request = new CertificateRequest(subject, key, Hash(described), RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var (notBefore, notAfter) = Validity(described);
        X509Certificate2 certificate;
        if (issuer == subject)
        {
            certificate = request.CreateSelfSigned(notBefore, notAfter);
        }
        else
        {
            var parent = authorities.TryGetValue(issuer, out var found) ? found : Authority(new JsonObject { ["subject"] = issuer, ["issuer"] = issuer }, authorities);
            using var signed = request.Create(parent.Certificate, notBefore, notAfter, Serial(described));
            certificate = signed.CopyWithPrivateKey(key);
        }

        authorities[subject] = (certificate, key);
        return (certificate, key);
    }

    public static X509Certificate2 Client(JsonObject described, Dictionary<string, (X509Certificate2 Certificate, RSA Key)> authorities)
    {
        string issuer = (string)described["issuer"]!;
        var parent = authorities.TryGetValue(issuer, out var found) ? found : Authority(new JsonObject { ["subject"] = issuer, ["issuer"] = issuer }, []);
        using var key = RSA.Create(KeyBits(described));
        var hash = Hash(described);
        var (notBefore, notAfter) = Validity(described);
        if (hash == HashAlgorithmName.SHA1)
        {
            // .NET signs no new certificate with SHA-1 by itself; the corpus still describes such clients, to refuse them.
            var request = new CertificateRequest(new X500DistinguishedName((string)described["subject"]!), new PublicKey(key), HashAlgorithmName.SHA256);
            return request.Create(parent.Certificate.SubjectName, new Sha1RsaGenerator(parent.Key), notBefore, notAfter, Serial(described));
        }

        var signed = new CertificateRequest((string)described["subject"]!, key, hash, RSASignaturePadding.Pkcs1);
        return signed.Create(parent.Certificate, notBefore, notAfter, Serial(described));
    }

    /// <summary>Signs with sha1WithRSAEncryption.</summary>
    private sealed class Sha1RsaGenerator(RSA key) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
            [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00];

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => new(key);
    }

    private static int KeyBits(JsonObject described) =>
        (string?)described["keyAlgorithm"] is { } algorithm && algorithm.StartsWith("RSA-", StringComparison.Ordinal)
            ? int.Parse(algorithm[4..], CultureInfo.InvariantCulture)
            : 2048;

    private static HashAlgorithmName Hash(JsonObject described) => ((string?)described["signatureAlgorithm"])?.ToLowerInvariant() switch
    {
        { } name when name.StartsWith("sha1", StringComparison.Ordinal) => HashAlgorithmName.SHA1,
        { } name when name.StartsWith("sha384", StringComparison.Ordinal) => HashAlgorithmName.SHA384,
        { } name when name.StartsWith("sha512", StringComparison.Ordinal) => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(JsonObject described) => (
        (string?)described["notBefore"] is { } from ? DateTimeOffset.Parse(from, CultureInfo.InvariantCulture) : new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
        (string?)described["notAfter"] is { } until ? DateTimeOffset.Parse(until, CultureInfo.InvariantCulture) : new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static byte[] Serial(JsonObject described) =>
        (string?)described["serialNumber"] is { } serial ? Convert.FromHexString(serial.Replace(":", string.Empty, StringComparison.Ordinal)) : RandomNumberGenerator.GetBytes(8);
}
