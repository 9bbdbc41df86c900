using System.Net.Sockets;
using System.Text;

namespace Routing.AspNetCore.Tests;

/// <summary>An HTTP/1.1 response as it came off the wire.</summary>
internal sealed record RawResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? Header(string name) => HeaderValues(name).FirstOrDefault();
}

/// <summary>
/// A raw-socket HTTP/1.1 client: the request-target is sent byte for byte, which HttpClient (System.Uri) does not
/// promise for escapes such as <c>%2e</c> or <c>%2F</c>.
/// </summary>
internal static class RawHttp
{
    public static async Task<Socket> ConnectAsync(Uri baseAddress)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, TestContext.Current.CancellationToken);
        return socket;
    }

    public static string RequestHead(string method, string rawTarget, IEnumerable<string> headerLines)
    {
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(rawTarget).Append(" HTTP/1.1\r\n");
        head.Append("Host: 127.0.0.1\r\nConnection: close\r\n");
        foreach (string line in headerLines)
        {
            head.Append(line).Append("\r\n");
        }

        return head.Append("\r\n").ToString();
    }

    public static async Task<RawResponse> SendAsync(Uri baseAddress, string method, string rawTarget, params string[] headerLines)
    {
        using var socket = await ConnectAsync(baseAddress);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        byte[] request = Encoding.ASCII.GetBytes(RequestHead(method, rawTarget, headerLines));
        var cancellationToken = TestContext.Current.CancellationToken;
        await stream.WriteAsync(request, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        return Parse(buffer.ToArray());
    }

    public static RawResponse Parse(byte[] bytes)
    {
        string text = Encoding.Latin1.GetString(bytes);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "The response has no end of headers: " + text);
        string[] lines = text[..end].Split("\r\n");
        string[] statusLine = lines[0].Split(' ', 3);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        byte[] body = bytes[(end + 4)..];
        bool chunked = headers.Any(h => h.Key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
                                        && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return new RawResponse(int.Parse(statusLine[1]), headers, Encoding.UTF8.GetString(chunked ? Dechunk(body) : body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        int at = 0;
        while (true)
        {
            int lineEnd = IndexOfCrLf(body, at);
            string sizeText = Encoding.ASCII.GetString(body, at, lineEnd - at).Split(';')[0];
            int size = Convert.ToInt32(sizeText, 16);
            at = lineEnd + 2;
            if (size == 0)
            {
                return output.ToArray();
            }

            output.Write(body, at, size);
            at += size + 2;
        }
    }

    private static int IndexOfCrLf(byte[] bytes, int from)
    {
        for (int i = from; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                return i;
            }
        }

        throw new InvalidDataException("A chunk size line has no end.");
    }
}
