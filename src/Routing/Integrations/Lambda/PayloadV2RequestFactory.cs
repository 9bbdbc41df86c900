using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Routing.Deployments;
using Routing.Http;
using Routing.Pipeline;
using Routing.Routes;

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
    /// <summary>Builds the event object.</summary>
    /// <param name="request">The matched request.</param>
    /// <param name="body">The request body (empty when there is none).</param>
    /// <returns>The event.</returns>
    public static PayloadV2Request Create(IntegrationRequest request, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new Dictionary<string, string>(request.Headers.Count + 6);
        PayloadV2EventWriter.BuildHeaders(request, body.Length, new DictionaryHeaders(headers), out var cookies);
        string? bodyText = PayloadEventParts.GetBodyText(headers.GetValueOrDefault("content-type"), body, out bool base64);
        string userAgent = headers.GetValueOrDefault("user-agent") ?? string.Empty;
        string routeKey = Text(request.RouteKey.Value);
        string path = Text(request.Path);
        return new PayloadV2Request
        {
            Version = "2.0",
            RouteKey = routeKey,
            RawPath = path,
            RawQueryString = Text(request.RawQueryString),
            Cookies = cookies is null ? null : TextList(cookies),
            Headers = TextMap(headers),
            QueryStringParameters = QueryParameters(request.RawQueryString),
            RequestContext = new PayloadV2RequestContext
            {
                AccountId = Text(request.Api.AccountId),
                ApiId = Text(request.Api.ApiId),
                Authorizer = Authorizer(request.Authorizer),
                DomainName = Text(request.Api.DomainName),
                DomainPrefix = Text(request.Api.DomainPrefix),
                Http = new PayloadV2HttpDescription
                {
                    Method = Text(request.Method),
                    Path = path,
                    Protocol = PayloadV2EventWriter.IntegrationProtocol,
                    SourceIp = Text(request.SourceIp),
                    UserAgent = Text(userAgent),
                },
                RequestId = Text(request.RequestId),
                RouteKey = routeKey,
                Stage = Text(request.Stage),
                Time = PayloadEventParts.FormatTime(request.RequestTime),
                TimeEpoch = request.RequestTime.ToUnixTimeMilliseconds(),
            },
            Body = bodyText,
            PathParameters = request.PathParameters.Count == 0 ? null : TextMap(request.PathParameters),
            IsBase64Encoded = base64,
            StageVariables = request.StageVariables.Count == 0 ? null : TextMap(request.StageVariables),
        };
    }

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

    private static PayloadV2Authorizer? Authorizer(AuthorizerContext? authorizer)
    {
        if (authorizer?.JwtClaims is { } claims)
        {
            var stringified = new Dictionary<string, string>(claims.Count);
            foreach (var (name, value) in claims)
            {
                stringified[Text(name)] = Text(PayloadEventParts.StringifyClaim(value));
            }

            return new PayloadV2Authorizer
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
            return new PayloadV2Authorizer { Lambda = LambdaContext(context) };
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
