using System.Globalization;
using System.Text.Json;

namespace Routing.Integrations;

/// <summary>
/// Writes the Lambda payload format 2.0 event for a request, field by field as API Gateway HTTP APIs send it
/// (AWS-SEMANTICS section 4): optional fields are omitted, never <c>null</c>.
/// </summary>
/// <remarks>
/// <para>Headers: names lower-cased, repeated lines joined with <c>,</c> (no space), <c>cookie</c> moved to
/// <c>cookies</c>. The gateway's own headers are then applied: <c>content-length</c> (the body length, <c>0</c>
/// without a body, replacing the client's; a client <c>transfer-encoding</c> is dropped as the body arrives whole),
/// <c>host</c> (the API's domain when the client sent none), <c>x-amzn-trace-id</c> (generated unless the client
/// sent one), <c>x-forwarded-for</c> (the source IP, appended after <c>", "</c> to a client-supplied value, as
/// proxies do: AWS's handling of a client value is undocumented), <c>x-forwarded-port</c> and
/// <c>x-forwarded-proto</c> (always the gateway's values).</para>
/// <para><c>requestContext.domainName</c> is the configured <see cref="ApiIdentity.DomainName"/>, not the
/// <c>Host</c> header, so a local host name or port never leaks into it.</para>
/// </remarks>
internal static class PayloadV2EventWriter
{
    /// <summary>The <c>requestContext.http.protocol</c> API Gateway reports: it talks HTTP/1.1 to integrations.</summary>
    public const string IntegrationProtocol = "HTTP/1.1";

    /// <summary>Writes the event to memory.</summary>
    /// <param name="request">The matched request.</param>
    /// <param name="body">The request body (empty when there is none).</param>
    /// <returns>The event's UTF-8 JSON.</returns>
    public static ReadOnlyMemory<byte> Write(IntegrationRequest request, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PayloadEventParts.WriteToMemory((request, body), static (writer, state) => Write(writer, state.request, state.body.Span));
    }

    /// <summary>Writes the event.</summary>
    /// <param name="writer">Where the JSON goes.</param>
    /// <param name="request">The matched request.</param>
    /// <param name="body">The request body (empty when there is none).</param>
    public static void Write(Utf8JsonWriter writer, IntegrationRequest request, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        var headers = BuildHeaders(request, body.Length, out var cookies);

        writer.WriteStartObject();
        writer.WriteString("version", "2.0");
        writer.WriteString("routeKey", request.RouteKey.Value);
        writer.WriteString("rawPath", request.Path);
        writer.WriteString("rawQueryString", request.RawQueryString);
        if (cookies is not null)
        {
            writer.WriteStartArray("cookies");
            foreach (string cookie in cookies)
            {
                writer.WriteStringValue(cookie);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("headers");
        string? contentType = null;
        string userAgent = string.Empty;
        foreach (var (name, value) in headers)
        {
            writer.WriteString(name, value);
            if (name == "content-type")
            {
                contentType = value;
            }
            else if (name == "user-agent")
            {
                userAgent = value;
            }
        }

        writer.WriteEndObject();

        var query = PayloadEventParts.ParseQuery(request.RawQueryString);
        if (query.Count > 0)
        {
            writer.WriteStartObject("queryStringParameters");
            foreach (var (name, values) in query)
            {
                writer.WriteString(name, values.Count == 1 ? values[0] : string.Join(',', values));
            }

            writer.WriteEndObject();
        }

        WriteRequestContext(writer, request, userAgent);
        bool base64 = PayloadEventParts.WriteBody(writer, contentType, body, nullWhenEmpty: false);
        WriteMap(writer, "pathParameters", request.PathParameters);
        writer.WriteBoolean("isBase64Encoded", base64);
        WriteMap(writer, "stageVariables", request.StageVariables);
        writer.WriteEndObject();
    }

    private static void WriteRequestContext(Utf8JsonWriter writer, IntegrationRequest request, string userAgent)
    {
        writer.WriteStartObject("requestContext");
        writer.WriteString("accountId", request.Api.AccountId);
        writer.WriteString("apiId", request.Api.ApiId);
        PayloadEventParts.WriteAuthorizer(writer, request.Authorizer, nestJwt: true);
        writer.WriteString("domainName", request.Api.DomainName);
        writer.WriteString("domainPrefix", request.Api.DomainPrefix);
        writer.WriteStartObject("http");
        writer.WriteString("method", request.Method);
        writer.WriteString("path", request.Path);
        writer.WriteString("protocol", IntegrationProtocol);
        writer.WriteString("sourceIp", request.SourceIp);
        writer.WriteString("userAgent", userAgent);
        writer.WriteEndObject();
        writer.WriteString("requestId", request.RequestId);
        writer.WriteString("routeKey", request.RouteKey.Value);
        writer.WriteString("stage", request.Stage);
        writer.WriteString("time", PayloadEventParts.FormatTime(request.RequestTime));
        writer.WriteNumber("timeEpoch", request.RequestTime.ToUnixTimeMilliseconds());
        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>The event's headers in order of first appearance, with the gateway's headers applied.</summary>
    internal static List<KeyValuePair<string, string>> BuildHeaders(IntegrationRequest request, int bodyLength, out List<string>? cookies)
    {
        cookies = null;
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count + 6);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rawName, value) in request.Headers)
        {
            string name = rawName.ToLowerInvariant();
            switch (name)
            {
                case "cookie":
                    PayloadEventParts.SplitCookies(value, ref cookies);
                    continue;
                case "content-length" or "transfer-encoding":
                    continue;
            }

            if (index.TryGetValue(name, out int at))
            {
                headers[at] = new(name, headers[at].Value + "," + value);
            }
            else
            {
                index.Add(name, headers.Count);
                headers.Add(new(name, value));
            }
        }

        Set(headers, index, "content-length", bodyLength.ToString(CultureInfo.InvariantCulture));
        if (!index.ContainsKey("host"))
        {
            Set(headers, index, "host", request.Api.DomainName);
        }

        if (!index.ContainsKey("x-amzn-trace-id"))
        {
            Set(headers, index, "x-amzn-trace-id", PayloadEventParts.NewTraceId(request.RequestTime));
        }

        Set(headers, index, "x-forwarded-for", index.TryGetValue("x-forwarded-for", out int forwarded)
            ? headers[forwarded].Value + ", " + request.SourceIp
            : request.SourceIp);
        Set(headers, index, "x-forwarded-port", request.Port.ToString(CultureInfo.InvariantCulture));
        Set(headers, index, "x-forwarded-proto", request.Scheme);
        return headers;
    }

    private static void Set(List<KeyValuePair<string, string>> headers, Dictionary<string, int> index, string name, string value)
    {
        if (index.TryGetValue(name, out int at))
        {
            headers[at] = new(name, value);
        }
        else
        {
            index.Add(name, headers.Count);
            headers.Add(new(name, value));
        }
    }
}
