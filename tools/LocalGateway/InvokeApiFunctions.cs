using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace LocalGateway;

/// <summary>
/// The functions the served API calls: each goes to a Lambda Invoke API endpoint (<c>POST
/// /2015-03-31/functions/{name}/invocations</c>, as the runtime interface emulator, <c>sam local start-lambda</c> and
/// LocalStack serve it), or, bound to nothing, answers with the event it would have received.
/// </summary>
internal sealed class InvokeApiFunctions(IReadOnlyDictionary<string, string> bound, string? endpoint, HttpClient client) : ILambdaFunctionResolver
{

    private readonly ConcurrentDictionary<string, string?> _seen = new(StringComparer.Ordinal);

    /// <summary>Every function the API has asked for, with its invocations URL (<see langword="null"/>: it echoes).</summary>
    public IReadOnlyDictionary<string, string?> Seen => _seen;

    public LambdaFunction? Resolve(string functionName)
    {
        string? url = InvocationsUrl(functionName);
        _seen[functionName] = url;
        return url is null
            ? LambdaFunction.FromStream(Echo)
            : LambdaFunction.FromStream((input, cancellationToken) => InvokeAsync(functionName, url, input, cancellationToken));
    }

    private string? InvocationsUrl(string name)
    {
        string? baseUrl = bound.TryGetValue(name, out string? own) ? own : endpoint;
        if (baseUrl is null)
        {
            return null;
        }

        return baseUrl.TrimEnd('/').EndsWith("/invocations", StringComparison.Ordinal)
            ? baseUrl
            : $"{baseUrl.TrimEnd('/')}/2015-03-31/functions/{Uri.EscapeDataString(name)}/invocations";
    }

    private async ValueTask<Stream> InvokeAsync(string name, string url, Stream input, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(input);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(url, content, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new IntegrationException(GatewayErrorKind.IntegrationFailure, $"Function '{name}' cannot be reached at {url}: {e.Message}", e);
        }

        using (response)
        {
            byte[] output = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
            {
                string error = response.Headers.TryGetValues("X-Amz-Function-Error", out var kinds) ? string.Join(",", kinds) : $"HTTP {(int)response.StatusCode}";
                throw new IntegrationException(GatewayErrorKind.IntegrationFailure, $"Function '{name}' at {url} failed ({error}): {System.Text.Encoding.UTF8.GetString(output)}");
            }

            return new MemoryStream(output, writable: false);
        }
    }

    /// <summary>A 200 whose JSON body is the event, byte for byte, so a user sees what their function would get.</summary>
    private static async ValueTask<Stream> Echo(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteNumber("statusCode", 200);
            writer.WriteStartObject("headers");
            writer.WriteString("content-type", "application/json");
            writer.WriteString("x-apigw-local", "echo");
            writer.WriteEndObject();
            writer.WriteString("body", System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            writer.WriteEndObject();
        }

        output.Position = 0;
        return output;
    }
}
