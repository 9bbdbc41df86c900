using System.Security.Cryptography;

namespace Routing.Http;

/// <summary>
/// Request ids shaped like API Gateway's (16 characters of base64 ending in <c>=</c>): 5 random bytes chosen once
/// per process, then a 48-bit counter. Unique within a process and, with overwhelming probability, across processes;
/// not secret.
/// </summary>
internal static class RequestIds
{
    // PERF: DispatchBreakdownBenchmarks.RequestId. A crypto RNG call per request cost ~2 us on the CI machine.
    private static readonly byte[] Prefix = RandomNumberGenerator.GetBytes(5);
    private static long _counter = RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>A new request id.</summary>
    /// <returns>16 characters, e.g. <c>ATfSmjLgPHcESJw=</c>.</returns>
    public static string Next()
    {
        Span<byte> bytes = stackalloc byte[11];
        Prefix.CopyTo(bytes);
        ulong value = (ulong)Interlocked.Increment(ref _counter);
        for (int i = bytes.Length - 1; i >= Prefix.Length; i--, value >>= 8)
        {
            bytes[i] = (byte)value;
        }

        return Convert.ToBase64String(bytes);
    }
}
