using System.Text;

namespace Routing.Samples.Tests;

/// <summary>
/// The curl commands the sample prints, read back into requests: <c>curl [-i] [-X METHOD] URL [-H 'name: value']...
/// [-d 'body']</c>, with shell single quotes (<c>-i</c> only shows the answer's status and headers). Running these proves the printed commands work as printed.
/// </summary>
internal sealed record CurlCommand(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body)
{
    public static CurlCommand Parse(string command)
    {
        var words = Split(command);
        Assert.Equal("curl", words[0]);
        string? method = null;
        string? url = null;
        string? body = null;
        var headers = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-X":
                    method = words[++i];
                    break;
                case "-H":
                    string[] header = words[++i].Split(':', 2);
                    headers.Add(new(header[0].Trim(), header[1].Trim()));
                    break;
                case "-d":
                    body = words[++i];
                    break;
                case "-i":
                    break;
                default:
                    Assert.Null(url);
                    url = words[i];
                    break;
            }
        }

        Assert.NotNull(url);
        return new CurlCommand(method ?? (body is null ? "GET" : "POST"), new Uri(url), headers, body);
    }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            // curl -d sends the bytes as they are, form-encoded unless a content-type header says otherwise.
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            request.Content.Headers.TryAddWithoutValidation("content-type", "application/x-www-form-urlencoded");
        }

        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.Remove(name);
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static List<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false;
        bool any = false;
        foreach (char c in command)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        Assert.False(quoted, $"Unbalanced quote in: {command}");
        if (any)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
