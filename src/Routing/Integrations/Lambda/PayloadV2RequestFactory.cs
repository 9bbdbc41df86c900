using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations.Lambda;

/// <summary>
/// Builds the <see cref="PayloadV2Request"/> a typed handler receives straight from the request, without writing
/// the event's JSON and reading it back: the object equals what deserializing <see cref="PayloadV2EventWriter"/>'s
/// event with <see cref="PayloadJsonContext"/> gives.
/// </summary>
/// <remarks>
/// Every rule (header lower-casing and joining, the gateway's headers, cookies, query parsing, the text-or-base64
/// body, the time format, claim stringification) is the writer's own code in <see cref="PayloadV2EventWriter"/> and
/// <see cref="PayloadEventParts"/>. What the JSON round trip itself would do is reproduced here: members the
/// writer omits are <see langword="null"/>, collections are the types the deserializer creates
/// (<see cref="Dictionary{TKey, TValue}"/> with the default comparer, <see cref="List{T}"/>; a repeated key's last
/// value wins), and unpaired surrogates read back as U+FFFD (<see cref="PayloadEventParts.AsJsonText"/>).
/// </remarks>
internal static class PayloadV2RequestFactory
{
    /// <summary>
    /// Builds the event object. Members that cost more than a reference (headers, cookies, query parameters, the
    /// request context, the body, path parameters, stage variables) are made when the handler first reads them.
    /// </summary>
    /// <param name="request">The matched request.</param>
    /// <param name="body">The request body (empty when there is none); kept until the handler reads <c>body</c>.</param>
    /// <returns>The event.</returns>
    public static PayloadV2Request Create(IntegrationRequest request, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PayloadV2Request(request, body)
        {
            Version = "2.0",
            RouteKey = Text(request.RouteKey.Value),
            RawPath = Text(request.Path),
            RawQueryString = Text(request.RawQueryString),
        };
    }

    /// <summary>The event's headers and cookies, with the gateway's headers applied.</summary>
    internal static (Dictionary<string, string> Headers, List<string>? Cookies) Headers(IntegrationRequest request, int bodyLength)
    {
        var headers = new Dictionary<string, string>(request.Headers.Count + 6);
        PayloadV2EventWriter.BuildHeaders(request, bodyLength, new DictionaryHeaders(headers), out var cookies);
        return (TextMap(headers), cookies is null ? null : TextList(cookies));
    }

    /// <summary>The event's body: text or base64, by the request's <c>content-type</c> (its lines joined as the event's header is).</summary>
    internal static string? Body(IntegrationRequest request, ReadOnlySpan<byte> body, out bool isBase64Encoded)
        => PayloadEventParts.GetBodyText(HeaderLines.Join(request.Headers, "content-type"), body, out isBase64Encoded);

    /// <summary>The event's <c>requestContext</c>.</summary>
    internal static PayloadV2RequestContext RequestContext(IntegrationRequest request)
    {
        string routeKey = Text(request.RouteKey.Value);
        return new PayloadV2RequestContext
        {
            AccountId = Text(request.Api.AccountId),
            ApiId = Text(request.Api.ApiId),
            Authentication = request.ClientCertificate is { } certificate ? new PayloadV2Authentication { ClientCert = PayloadV2ClientCertificate.From(certificate) } : null,
            Authorizer = Authorizer(request.Authorizer),
            DomainName = Text(request.Api.DomainName),
            DomainPrefix = Text(request.Api.DomainPrefix),
            Http = new PayloadV2HttpDescription
            {
                Method = Text(request.Method),
                Path = Text(request.Path),
                Protocol = PayloadV2EventWriter.IntegrationProtocol,
                SourceIp = Text(request.SourceIp),
                UserAgent = Text(HeaderLines.Join(request.Headers, "user-agent") ?? string.Empty),
            },
            RequestId = Text(request.RequestId),
            RouteKey = routeKey,
            Stage = Text(request.Stage),
            Time = PayloadEventParts.FormatTime(request.RequestTime),
            TimeEpoch = request.RequestTime.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>The event's path parameters; <see langword="null"/> when the route has none.</summary>
    internal static Dictionary<string, string>? PathParameters(IntegrationRequest request)
        => request.PathParameters.Count == 0 ? null : TextMap(request.PathParameters);

    /// <summary>The event's stage variables; <see langword="null"/> when the stage has none.</summary>
    internal static Dictionary<string, string>? StageVariables(IntegrationRequest request)
        => request.StageVariables.Count == 0 ? null : TextMap(request.StageVariables);

    /// <summary>The event's query parameters; <see langword="null"/> without a query.</summary>
    internal static Dictionary<string, string>? QueryParameters(IntegrationRequest request) => QueryParameters(request.RawQueryString);

    private static Dictionary<string, string>? QueryParameters(string rawQuery)
    {
        if (QueryString.ParseGrouped(rawQuery) is not { } query)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(query.Count);
        foreach (var (name, values) in query)
        {
            parameters[Text(name)] = Text(PayloadEventParts.JoinQueryValues(values));
        }

        return parameters;
    }

    private static PayloadV2AuthorizerDescription? Authorizer(AuthorizerContext? authorizer)
    {
        if (authorizer?.JwtClaims is { } claims)
        {
            var stringified = new Dictionary<string, string>(claims.Count);
            foreach (var (name, value) in claims)
            {
                stringified[Text(name)] = Text(PayloadEventParts.StringifyClaim(value));
            }

            return new PayloadV2AuthorizerDescription
            {
                Jwt = new PayloadV2JwtDescription
                {
                    Claims = stringified,
                    Scopes = authorizer.JwtScopes is { } scopes ? TextList(scopes) : null,
                },
            };
        }

        if (authorizer?.LambdaContext is { } context)
        {
            return new PayloadV2AuthorizerDescription { Lambda = LambdaContext(context) };
        }

        return null;
    }

    /// <summary>
    /// The Lambda authorizer's context as the deserializer reads it: written as the event writes it, then each
    /// member's JSON as a <see cref="JsonElement"/> (its own copy, nothing to dispose).
    /// </summary>
    private static Dictionary<string, JsonElement> LambdaContext(System.Text.Json.Nodes.JsonObject context)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, PayloadEventParts.WriterOptions))
        {
            context.WriteTo(writer);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        var root = JsonElement.ParseValue(ref reader);
        var members = new Dictionary<string, JsonElement>();
        foreach (var member in root.EnumerateObject())
        {
            members[member.Name] = member.Value;
        }

        return members;
    }

    /// <summary>
    /// The map with its strings as JSON reads them back (<see cref="Text"/>): the same instance when none changes
    /// (the usual case), else a copy where a key that became another's takes the later value, as the deserializer does.
    /// </summary>
    private static Dictionary<string, string> TextMap(Dictionary<string, string> map)
    {
        foreach (var (key, value) in map)
        {
            if (!ReferenceEquals(Text(key), key) || !ReferenceEquals(Text(value), value))
            {
                var copy = new Dictionary<string, string>(map.Count);
                foreach (var (name, text) in map)
                {
                    copy[Text(name)] = Text(text);
                }

                return copy;
            }
        }

        return map;
    }

    private static Dictionary<string, string> TextMap(IReadOnlyDictionary<string, string> entries)
    {
        if (entries is Dictionary<string, string> dictionary)
        {
            // PERF: the dictionary's own copy; no boxed enumerator.
            return TextMap(new Dictionary<string, string>(dictionary));
        }

        if (entries is Matching.PathParameters parameters)
        {
            // PERF: DispatchBenchmarks. By position: no enumerator.
            return parameters.ToDictionary(Text);
        }

        var map = new Dictionary<string, string>(entries.Count);
        foreach (var (key, value) in entries)
        {
            map[Text(key)] = Text(value);
        }

        return map;
    }

    private static List<string> TextList(IReadOnlyList<string> values)
    {
        var list = new List<string>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            list.Add(Text(values[i]));
        }

        return list;
    }

    private static string Text(string value) => PayloadEventParts.AsJsonText(value);

    /// <summary>The headers straight into the event's dictionary: one look-up per line.</summary>
    private readonly struct DictionaryHeaders(Dictionary<string, string> headers) : PayloadV2EventWriter.IEventHeaders
    {
        public bool Contains(string name) => headers.ContainsKey(name);

        public void Set(string name, string value) => headers[name] = value;

        public void Append(string name, string value, string separator)
        {
            ref string? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(headers, name, out bool exists);
            slot = exists ? slot + separator + value : value;
        }
    }
}
