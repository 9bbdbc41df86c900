using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Transforms;

/// <summary>
/// What one request's mapping values read: the request, the first <see cref="ParameterMapping.BodyLimit"/> bytes of
/// its body when a value reads the body, and, for response mappings, the integration's response.
/// </summary>
internal sealed class MappingContext
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private List<KeyValuePair<string, string>>? _query;
    private JsonNode? _requestJson;
    private bool _requestJsonParsed;
    private JsonNode? _responseJson;
    private bool _responseJsonParsed;

    /// <summary>Creates the context of a request.</summary>
    /// <param name="request">The request as the dispatcher built it (before any mapping).</param>
    public MappingContext(IntegrationRequest request) => Request = request;

    /// <summary>The request, before any mapping.</summary>
    public IntegrationRequest Request { get; }

    /// <summary>The start of the request body, when a value reads it.</summary>
    public ReadOnlyMemory<byte> RequestBody { get; private set; }

    /// <summary>The integration's response, for response mappings.</summary>
    public GatewayResponse? Response { get; set; }

    /// <summary>The start of the response body, when a value reads it.</summary>
    public ReadOnlyMemory<byte> ResponseBody { get; set; }

    /// <summary>Reads the start of a body (at most <paramref name="limit"/> bytes).</summary>
    /// <param name="body">The body.</param>
    /// <param name="limit">How many bytes to read at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes read (shorter than <paramref name="limit"/> only at the end of the body).</returns>
    public static async ValueTask<byte[]> ReadPrefixAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit];
        int length = 0;
        while (length < limit)
        {
            int read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length == limit ? buffer : buffer[..length];
    }

    /// <summary>Reads the start of the request body for <c>$request.body</c> and returns a stream that still yields the whole body.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body to forward: the bytes read, then the rest.</returns>
    public async ValueTask<Stream> ReadRequestBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] prefix = await ReadPrefixAsync(body, ParameterMapping.BodyLimit, cancellationToken).ConfigureAwait(false);
        RequestBody = prefix;
        return prefix.Length < ParameterMapping.BodyLimit ? new MemoryStream(prefix, writable: false) : new MappingReplayStream(prefix, body);
    }

    /// <summary>The value of a variable, or <see langword="null"/> when it has none.</summary>
    /// <param name="variable">The variable.</param>
    /// <returns>The value.</returns>
    public string? Resolve(MappingVariable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable.Source switch
        {
            MappingSource.RequestHeader => HeaderLines.Join(Request.Headers, variable.Name),
            MappingSource.RequestQueryString => GetQuery(variable.Name),
            MappingSource.RequestBody => SelectBody(RequestBody, variable.JsonPath!, ref _requestJson, ref _requestJsonParsed),
            MappingSource.RequestPath => Request.RoutingPath,
            MappingSource.RequestPathParameter => Request.PathParameters.TryGetValue(variable.Name, out string? value) ? value : null,
            MappingSource.StageVariable => Request.StageVariables.TryGetValue(variable.Name, out string? value) ? value : null,
            MappingSource.Context => ResolveContext(variable.Name),
            MappingSource.ResponseHeader => Response is null ? null : HeaderLines.Join(Response.Headers, variable.Name),
            MappingSource.ResponseBody => SelectBody(ResponseBody, variable.JsonPath!, ref _responseJson, ref _responseJsonParsed),
            _ => null,
        };
    }

    private static string? SelectBody(ReadOnlyMemory<byte> body, MappingJsonPath path, ref JsonNode? parsed, ref bool done)
    {
        if (path.IsRoot)
        {
            return Encoding.UTF8.GetString(body.Span);
        }

        if (!done)
        {
            done = true;
            try
            {
                parsed = JsonNode.Parse(body.Span, NodeOptions, DocumentOptions);
            }
            catch (JsonException)
            {
                // API Gateway truncates the body before selecting: a body that is not JSON (or was cut) selects nothing.
                parsed = null;
            }
        }

        return ContextVariables.Stringify(path.Select(parsed));
    }

    private string? GetQuery(string name)
    {
        _query ??= QueryString.Parse(Request.RawQueryString);
        string? result = null;
        foreach (var pair in _query)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                result = result is null ? pair.Value : result + "," + pair.Value;
            }
        }

        return result;
    }

    private string? ResolveContext(string name) => name switch
    {
        "integrationStatus" or "integration.status" => Response?.StatusCode.ToString(CultureInfo.InvariantCulture),
        _ => ContextVariables.Resolve(Request, name),
    };
}
