using System.Globalization;
using System.Text.Json;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations.Lambda;

/// <summary>
/// Writes the Lambda payload format 1.0 event as HTTP APIs send it (AWS-SEMANTICS section 5), which is close to,
/// but not the same as, the REST API proxy event. Missing optional members are written as <c>null</c>, as in
/// the REST-style event.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>path</c> is the path as sent (still percent-encoded, with the stage segment); <c>requestContext.path</c>
/// and <c>pathParameters</c> are decoded (capture C1; R9 reports <c>path</c> decoded too).</item>
/// <item><c>headers</c> keep the received name case (lines whose names differ only in case are grouped under the
/// first spelling); a repeated header's <c>headers</c> value is its <b>last</b> line, as in REST events (no
/// capture shows HTTP APIs' choice), and <c>multiValueHeaders</c> has every line. The <c>Cookie</c> header stays.
/// The gateway's headers are capitalised: <c>Content-Length</c>, <c>Host</c> (when missing),
/// <c>X-Amzn-Trace-Id</c>, <c>X-Forwarded-For</c>, <c>X-Forwarded-Port</c>, <c>X-Forwarded-Proto</c>, with the
/// same rules as format 2.0.</item>
/// <item><c>queryStringParameters</c>: the last value wins; <c>multiValueQueryStringParameters</c> has all.</item>
/// <item><c>resource</c> and <c>requestContext.resourcePath</c> hold the route's path template, or
/// <c>$default</c> for the <c>$default</c> route (AWS's value is unknown); <c>requestContext.resourceId</c> holds
/// the route key (C1; the doc example shows <c>null</c>).</item>
/// <item>A JWT authorizer's output is <c>requestContext.authorizer.claims</c> / <c>scopes</c> (doc D3); a Lambda
/// authorizer's context is <c>requestContext.authorizer.lambda</c>, as in 2.0 (no 1.0 capture). Without an
/// authorizer an integration's event still has <c>requestContext.authorizer</c>, as <c>{"claims": null, "scopes": null}</c>
/// (doc D3's example; tools typed on AWS's 1.0 events read it), and every <c>identity</c> member, <c>null</c> when unknown.</item>
/// </list>
/// </remarks>
internal static class PayloadV1EventWriter
{
    /// <summary>Writes the event to memory.</summary>
    /// <param name="request">The matched request.</param>
    /// <param name="body">The request body (empty when there is none).</param>
    /// <returns>The event's UTF-8 JSON.</returns>
    public static ReadOnlyMemory<byte> Write(IntegrationRequest request, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PayloadEventParts.WriteToMemory((request, body), static (writer, state) => Write(writer, state.request, state.body.Span));
    }

    /// <summary>
    /// Writes the format 1.0 event of a Lambda authorizer: the request event without <c>body</c> and
    /// <c>isBase64Encoded</c>, with <c>type</c>, <c>methodArn</c>, and <c>identitySource</c> and
    /// <c>authorizationToken</c> both the values joined with <c>,</c>.
    /// </summary>
    /// <param name="request">The matched request.</param>
    /// <param name="authorizer">The authorizer's fields.</param>
    /// <returns>The event's UTF-8 JSON.</returns>
    public static ReadOnlyMemory<byte> WriteAuthorizerEvent(IntegrationRequest request, AuthorizerEventFields authorizer)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PayloadEventParts.WriteToMemory((request, authorizer), static (writer, state) => Write(writer, state.request, default, state.authorizer));
    }

    /// <summary>Writes the event.</summary>
    /// <param name="writer">Where the JSON goes.</param>
    /// <param name="request">The matched request.</param>
    /// <param name="body">The request body (empty when there is none).</param>
    /// <param name="authorizer">For a Lambda authorizer's event, its fields; <see langword="null"/> for an integration's.</param>
    public static void Write(Utf8JsonWriter writer, IntegrationRequest request, ReadOnlySpan<byte> body, AuthorizerEventFields? authorizer = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        var headers = BuildHeaders(request, authorizer is null ? body.Length : -1);
        string resource = request.RouteKey.IsDefault ? request.RouteKey.Value : request.RouteKey.Path;

        writer.WriteStartObject();
        writer.WriteString("version", "1.0");
        if (authorizer is not null)
        {
            string joined = string.Join(',', authorizer.IdentitySource);
            writer.WriteString("type", "REQUEST");
            writer.WriteString("methodArn", authorizer.Arn);
            writer.WriteString("identitySource", joined);
            writer.WriteString("authorizationToken", joined);
        }

        writer.WriteString("resource", resource);
        writer.WriteString("path", request.EncodedPath);
        writer.WriteString("httpMethod", request.Method);

        string? contentType = null;
        string userAgent = string.Empty;
        writer.WriteStartObject("headers");
        foreach (var (name, values) in headers)
        {
            string last = values[^1];
            writer.WriteString(name, last);
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = last;
            }
            else if (string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase))
            {
                userAgent = last;
            }
        }

        writer.WriteEndObject();
        writer.WriteStartObject("multiValueHeaders");
        foreach (var (name, values) in headers)
        {
            WriteArray(writer, name, values);
        }

        writer.WriteEndObject();

        var query = QueryString.ParseGrouped(request.RawQueryString);
        if (query is not null)
        {
            writer.WriteStartObject("queryStringParameters");
            foreach (var (name, values) in query)
            {
                writer.WriteString(name, values[^1]);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("multiValueQueryStringParameters");
            foreach (var (name, values) in query)
            {
                WriteArray(writer, name, values);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("queryStringParameters");
            writer.WriteNull("multiValueQueryStringParameters");
        }

        WriteRequestContext(writer, request, resource, userAgent, authorizerEvent: authorizer is not null);
        WriteMap(writer, "pathParameters", request.PathParameters);
        WriteMap(writer, "stageVariables", request.StageVariables);
        if (authorizer is null)
        {
            bool base64 = PayloadEventParts.WriteBody(writer, contentType, body, nullWhenEmpty: true);
            writer.WriteBoolean("isBase64Encoded", base64);
        }

        writer.WriteEndObject();
    }

    private static void WriteRequestContext(Utf8JsonWriter writer, IntegrationRequest request, string resource, string userAgent, bool authorizerEvent)
    {
        string time = PayloadEventParts.FormatTime(request.RequestTime);
        writer.WriteStartObject("requestContext");
        writer.WriteString("accountId", request.Api.AccountId);
        writer.WriteString("apiId", request.Api.ApiId);
        if (request.Authorizer is null or { JwtClaims: null, LambdaContext: null } && !authorizerEvent)
        {
            writer.WriteStartObject("authorizer");
            writer.WriteNull("claims");
            writer.WriteNull("scopes");
            writer.WriteEndObject();
        }
        else
        {
            PayloadEventParts.WriteAuthorizer(writer, request.Authorizer, nestJwt: false);
        }

        writer.WriteString("domainName", request.Api.DomainName);
        writer.WriteString("domainPrefix", request.Api.DomainPrefix);
        writer.WriteString("extendedRequestId", request.RequestId);
        writer.WriteString("httpMethod", request.Method);
        writer.WriteStartObject("identity");
        writer.WriteNull("accessKey");
        writer.WriteNull("accountId");
        writer.WriteNull("caller");
        writer.WriteNull("cognitoAuthenticationProvider");
        writer.WriteNull("cognitoAuthenticationType");
        writer.WriteNull("cognitoIdentityId");
        writer.WriteNull("cognitoIdentityPoolId");
        writer.WriteNull("principalOrgId");
        writer.WriteString("sourceIp", request.SourceIp);
        writer.WriteNull("user");
        writer.WriteString("userAgent", userAgent);
        writer.WriteNull("userArn");
        writer.WriteEndObject();
        writer.WriteString("path", request.Path);
        writer.WriteString("protocol", PayloadV2EventWriter.IntegrationProtocol);
        writer.WriteString("requestId", request.RequestId);
        writer.WriteString("requestTime", time);
        writer.WriteNumber("requestTimeEpoch", request.RequestTime.ToUnixTimeMilliseconds());
        writer.WriteString("resourceId", request.RouteKey.Value);
        writer.WriteString("resourcePath", resource);
        writer.WriteString("stage", request.Stage);
        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, List<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>The event's headers (received case, lines grouped), with the gateway's headers applied; a negative
    /// <paramref name="bodyLength"/> keeps the client's framing headers (an authorizer's event, which has no body).</summary>
    internal static List<KeyValuePair<string, List<string>>> BuildHeaders(IntegrationRequest request, int bodyLength)
    {
        var headers = new List<KeyValuePair<string, List<string>>>(request.Headers.Count + 6);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (bodyLength >= 0
                && (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (index.TryGetValue(name, out int at))
            {
                headers[at].Value.Add(value);
            }
            else
            {
                index.Add(name, headers.Count);
                headers.Add(new(name, [value]));
            }
        }

        if (bodyLength >= 0)
        {
            Set(headers, index, "Content-Length", bodyLength.ToString(CultureInfo.InvariantCulture));
        }

        if (!index.ContainsKey("Host"))
        {
            Set(headers, index, "Host", request.Api.DomainName);
        }

        if (!index.ContainsKey("X-Amzn-Trace-Id"))
        {
            Set(headers, index, "X-Amzn-Trace-Id", PayloadEventParts.NewTraceId(request.RequestTime));
        }

        Set(headers, index, "X-Forwarded-For", index.TryGetValue("X-Forwarded-For", out int forwarded)
            ? string.Join(',', headers[forwarded].Value) + ", " + request.SourceIp
            : request.SourceIp);
        Set(headers, index, "X-Forwarded-Port", request.Port.ToString(CultureInfo.InvariantCulture));
        Set(headers, index, "X-Forwarded-Proto", request.Scheme);
        return headers;
    }

    /// <summary>Replaces a header (under the gateway's spelling) or adds it.</summary>
    private static void Set(List<KeyValuePair<string, List<string>>> headers, Dictionary<string, int> index, string name, string value)
    {
        if (index.TryGetValue(name, out int at))
        {
            headers[at] = new(name, [value]);
        }
        else
        {
            index.Add(name, headers.Count);
            headers.Add(new(name, [value]));
        }
    }
}
