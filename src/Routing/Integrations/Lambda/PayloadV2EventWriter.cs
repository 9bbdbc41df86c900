using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations.Lambda;

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

    /// <summary>
    /// Writes the format 2.0 event of a Lambda authorizer: the request event without <c>body</c> and
    /// <c>isBase64Encoded</c>, with <c>type</c>, <c>routeArn</c> and <c>identitySource</c> (the values, in order).
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
        var headers = BuildHeaders(request, authorizer is null ? body.Length : -1, out var cookies);

        writer.WriteStartObject();
        writer.WriteString("version", "2.0");
        if (authorizer is not null)
        {
            writer.WriteString("type", "REQUEST");
            writer.WriteString("routeArn", authorizer.Arn);
            writer.WriteStartArray("identitySource");
            foreach (string value in authorizer.IdentitySource)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

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
        foreach (var (name, value) in headers.Lines)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();

        if (QueryString.ParseGrouped(request.RawQueryString) is { } query)
        {
            writer.WriteStartObject("queryStringParameters");
            foreach (var (name, values) in query)
            {
                writer.WriteString(name, PayloadEventParts.JoinQueryValues(values));
            }

            writer.WriteEndObject();
        }

        WriteRequestContext(writer, request, headers.UserAgent);
        if (authorizer is null)
        {
            bool base64 = PayloadEventParts.WriteBody(writer, headers.ContentType, body, nullWhenEmpty: false);
            WriteMap(writer, "pathParameters", request.PathParameters);
            writer.WriteBoolean("isBase64Encoded", base64);
        }
        else
        {
            WriteMap(writer, "pathParameters", request.PathParameters);
        }

        WriteMap(writer, "stageVariables", request.StageVariables);
        writer.WriteEndObject();
    }

    private static void WriteRequestContext(Utf8JsonWriter writer, IntegrationRequest request, string userAgent)
    {
        writer.WriteStartObject("requestContext");
        writer.WriteString("accountId", request.Api.AccountId);
        writer.WriteString("apiId", request.Api.ApiId);
        if (request.ClientCertificate is { } certificate)
        {
            var described = PayloadV2ClientCertificate.From(certificate);
            writer.WriteStartObject("authentication");
            writer.WriteStartObject("clientCert");
            writer.WriteString("clientCertPem", described.ClientCertPem);
            writer.WriteString("subjectDN", described.SubjectDN);
            writer.WriteString("issuerDN", described.IssuerDN);
            writer.WriteString("serialNumber", described.SerialNumber);
            writer.WriteStartObject("validity");
            writer.WriteString("notBefore", described.Validity!.NotBefore);
            writer.WriteString("notAfter", described.Validity.NotAfter);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

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

    /// <summary>
    /// Puts the event's headers into <paramref name="headers"/> in order of first appearance, with the gateway's
    /// headers applied, and takes the <c>cookies</c> out of them. The one implementation of the header rules, shared
    /// by the writer (<see cref="EventHeaders"/>) and <see cref="PayloadV2RequestFactory"/> (a dictionary).
    /// </summary>
    /// <typeparam name="THeaders">Where the headers go.</typeparam>
    /// <param name="request">The matched request.</param>
    /// <param name="bodyLength">The body's length, for <c>content-length</c>; negative to keep the client's framing
    /// headers (an authorizer's event, which has no body).</param>
    /// <param name="headers">Where the headers go: empty.</param>
    /// <param name="cookies">The <c>Cookie</c> headers' cookies; <see langword="null"/> when there are none.</param>
    internal static void BuildHeaders<THeaders>(IntegrationRequest request, int bodyLength, THeaders headers, out List<string>? cookies)
        where THeaders : IEventHeaders
    {
        cookies = null;
        var received = request.Headers;

        // PERF: indexed, not foreach: no enumerator for an interface-typed list.
        for (int i = 0; i < received.Count; i++)
        {
            var (rawName, value) = received[i];
            string name = PayloadEventParts.LowerCaseHeaderName(rawName);
            switch (name)
            {
                case "cookie":
                    PayloadEventParts.SplitCookies(value, ref cookies);
                    continue;
                case "content-length" or "transfer-encoding" when bodyLength >= 0:
                    continue;
            }

            headers.Append(name, value, ",");
        }

        if (bodyLength >= 0)
        {
            headers.Set("content-length", bodyLength.ToString(CultureInfo.InvariantCulture));
        }

        if (!headers.Contains("host"))
        {
            headers.Set("host", request.Api.DomainName);
        }

        if (!headers.Contains("x-amzn-trace-id"))
        {
            headers.Set("x-amzn-trace-id", PayloadEventParts.NewTraceId(request.RequestTime));
        }

        headers.Append("x-forwarded-for", request.SourceIp, ", ");
        headers.Set("x-forwarded-port", request.Port switch
        {
            443 => "443",
            80 => "80",
            int port => port.ToString(CultureInfo.InvariantCulture),
        });
        headers.Set("x-forwarded-proto", request.Scheme);
    }

    /// <summary>The event's headers for the writer.</summary>
    /// <param name="request">The matched request.</param>
    /// <param name="bodyLength">The body's length, for <c>content-length</c>.</param>
    /// <param name="cookies">The <c>Cookie</c> headers' cookies; <see langword="null"/> when there are none.</param>
    /// <returns>The headers.</returns>
    internal static EventHeaders BuildHeaders(IntegrationRequest request, int bodyLength, out List<string>? cookies)
    {
        var headers = new EventHeaders(request.Headers.Count + 6);
        BuildHeaders(request, bodyLength, headers, out cookies);
        return headers;
    }

    /// <summary>Where <see cref="BuildHeaders{THeaders}"/> puts the event's headers: one value per lower-case name, in order.</summary>
    internal interface IEventHeaders
    {
        /// <summary>Whether the name has a value.</summary>
        /// <param name="name">The lower-case name.</param>
        /// <returns><see langword="true"/> when it has.</returns>
        bool Contains(string name);

        /// <summary>Replaces the name's value in place, or adds it last.</summary>
        /// <param name="name">The lower-case name.</param>
        /// <param name="value">The value.</param>
        void Set(string name, string value);

        /// <summary>Appends to the name's value after <paramref name="separator"/>, or adds it last.</summary>
        /// <param name="name">The lower-case name.</param>
        /// <param name="value">The value.</param>
        /// <param name="separator">What goes between the values.</param>
        void Append(string name, string value, string separator);
    }

    /// <summary>
    /// The event's header lines for the writer, one per lower-case name, in order. Names are looked up by a scan,
    /// which beats hashing for the usual handful of headers; past <see cref="IndexThreshold"/> lines an index takes
    /// over, so a request with very many headers stays linear.
    /// </summary>
    internal sealed class EventHeaders(int capacity) : IEventHeaders
    {
        private const int IndexThreshold = 16;

        private Dictionary<string, int>? _index;

        /// <summary>The lines in order: lower-case names, repeated lines joined.</summary>
        public List<KeyValuePair<string, string>> Lines { get; } = new(capacity);

        /// <summary>The <c>content-type</c> value, or <see langword="null"/>.</summary>
        public string? ContentType => Find("content-type");

        /// <summary>The <c>user-agent</c> value, or <c>""</c>: <c>requestContext.http.userAgent</c>.</summary>
        public string UserAgent => Find("user-agent") ?? string.Empty;

        /// <inheritdoc />
        public bool Contains(string name) => IndexOf(name) >= 0;

        /// <inheritdoc />
        public void Set(string name, string value)
        {
            int at = IndexOf(name);
            if (at >= 0)
            {
                Lines[at] = new(name, value);
            }
            else
            {
                Add(name, value);
            }
        }

        /// <inheritdoc />
        public void Append(string name, string value, string separator)
        {
            int at = IndexOf(name);
            if (at >= 0)
            {
                Lines[at] = new(name, Lines[at].Value + separator + value);
            }
            else
            {
                Add(name, value);
            }
        }

        private int IndexOf(string name)
        {
            if (_index is not null)
            {
                return _index.TryGetValue(name, out int at) ? at : -1;
            }

            var lines = CollectionsMarshal.AsSpan(Lines);
            for (int i = 0; i < lines.Length; i++)
            {
                if (string.Equals(lines[i].Key, name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        private void Add(string name, string value)
        {
            if (_index is null && Lines.Count == IndexThreshold)
            {
                _index = new Dictionary<string, int>(IndexThreshold * 2, StringComparer.Ordinal);
                for (int i = 0; i < Lines.Count; i++)
                {
                    _index.Add(Lines[i].Key, i);
                }
            }

            _index?.Add(name, Lines.Count);
            Lines.Add(new(name, value));
        }

        private string? Find(string name)
        {
            int at = IndexOf(name);
            return at < 0 ? null : Lines[at].Value;
        }
    }
}
