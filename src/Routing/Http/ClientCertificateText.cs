using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Routing.Http;

/// <summary>How API Gateway writes a client certificate's serial number and dates, in events and access logs alike.</summary>
internal static class ClientCertificateText
{
    /// <summary><c>0a:1b:2c:3d</c>: lower-case hexadecimal bytes separated by <c>:</c>.</summary>
    public static string Serial(X509Certificate2 certificate)
    {
        string hex = certificate.SerialNumber.ToLowerInvariant();
        return string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
    }

    /// <summary><c>Jan  1 00:00:00 2026 GMT</c>, the day padded with a space.</summary>
    public static string Date(DateTime local)
    {
        var utc = local.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture, $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(utc.Month)} {utc.Day,2} {utc:HH:mm:ss} {utc.Year} GMT");
    }
}
