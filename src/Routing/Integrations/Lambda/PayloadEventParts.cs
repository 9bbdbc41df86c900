using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Routing.Pipeline;

namespace Routing.Integrations.Lambda;

/// <summary>
/// What the payload 1.0 and 2.0 event writers share: query-string parsing, the text-or-base64 body rule, the
/// headers API Gateway adds, the time format, the trace id and how JWT claims are stringified.
/// </summary>
internal static class PayloadEventParts
{
    /// <summary>The CLF time of <c>requestContext.time</c> / <c>requestTime</c>: <c>10/Jul/2026:19:19:05 +0000</c>.</summary>
    public const string TimeFormat = "dd'/'MMM'/'yyyy':'HH':'mm':'ss' +0000'";

    /// <summary>
    /// Writer settings for events: non-ASCII text is written as UTF-8 rather than <c>\uXXXX</c> escapes (the event
    /// goes to a function, never into HTML, so the relaxed encoder is safe here).
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The English month abbreviations of <see cref="TimeFormat"/>, three characters each.</summary>
    private const string MonthAbbreviations = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /// <summary>The length of a <see cref="NewTraceId"/> value: <c>Root=1-</c>, 8 hex digits, <c>-</c>, 24 hex digits.</summary>
    private const int TraceIdLength = 40;

    /// <summary>What an ASCII header name that is already lower case consists of: ASCII except <c>A</c>-<c>Z</c>.</summary>
    private static readonly SearchValues<char> LowerCaseAscii = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 128).Where(static c => c is < 'A' or > 'Z').Select(static c => (char)c)));

    /// <summary>The last time <see cref="FormatTime"/> formatted: requests in the same second share the text.</summary>
    private static FormattedTime? s_lastTime;

    /// <summary>Formats a request time as API Gateway's CLF time, in UTC, with English month names.</summary>
    /// <param name="time">The time.</param>
    /// <returns>E.g. <c>10/Jul/2026:19:19:05 +0000</c> (the same text as <see cref="TimeFormat"/> in the invariant culture).</returns>
    public static string FormatTime(DateTimeOffset time)
    {
        long second = time.UtcTicks / TimeSpan.TicksPerSecond;
        var last = s_lastTime;
        if (last is not null && last.Second == second)
        {
            return last.Text;
        }

        string text = FormatTimeUncached(time.UtcDateTime);
        s_lastTime = new FormattedTime(second, text);
        return text;
    }

    private static string FormatTimeUncached(DateTime utc)
        => string.Create("dd/MMM/yyyy:HH:mm:ss +0000".Length, utc, static (chars, utc) =>
        {
            WriteDigits(chars[..2], utc.Day);
            chars[2] = '/';
            MonthAbbreviations.AsSpan((utc.Month - 1) * 3, 3).CopyTo(chars[3..]);
            chars[6] = '/';
            WriteDigits(chars.Slice(7, 4), utc.Year);
            chars[11] = ':';
            WriteDigits(chars.Slice(12, 2), utc.Hour);
            chars[14] = ':';
            WriteDigits(chars.Slice(15, 2), utc.Minute);
            chars[17] = ':';
            WriteDigits(chars.Slice(18, 2), utc.Second);
            " +0000".CopyTo(chars[20..]);
        });

    /// <summary>
    /// A trace header value shaped like API Gateway's: <c>Root=1-{8 hex digits of the epoch seconds}-{24 random hex digits}</c>.
    /// </summary>
    /// <remarks>
    /// The random part comes from <see cref="Random.Shared"/>: a trace id correlates logs and is no secret, and the
    /// OS generator costs microseconds per call.
    /// </remarks>
    /// <param name="time">The request time.</param>
    /// <returns>The value.</returns>
    public static string NewTraceId(DateTimeOffset time)
    {
        uint seconds = (uint)(Math.Max(0, time.ToUnixTimeSeconds()) & 0xFFFFFFFF);
        return string.Create(TraceIdLength, seconds, static (chars, seconds) =>
        {
            "Root=1-".CopyTo(chars);
            seconds.TryFormat(chars.Slice(7, 8), out _, "x8", CultureInfo.InvariantCulture);
            chars[15] = '-';
            Span<byte> random = stackalloc byte[12];
#pragma warning disable CA5394 // Not a secret: see the remarks.
            Random.Shared.NextBytes(random);
#pragma warning restore CA5394
            Convert.TryToHexStringLower(random, chars[16..], out _);
        });
    }

    /// <summary>
    /// A header name in lower case, as format 2.0 sends it. A name that is already lower case, or a common one, costs
    /// no new string.
    /// </summary>
    /// <param name="name">The name as received.</param>
    /// <returns>The name as <see cref="string.ToLowerInvariant()"/> gives it.</returns>
    public static string LowerCaseHeaderName(string name)
    {
        var span = name.AsSpan();
        if (!span.ContainsAnyExcept(LowerCaseAscii))
        {
            return name;
        }

        if (span.Length > 128 || !Ascii.IsValid(span))
        {
            return name.ToLowerInvariant();
        }

        // ASCII only here, so ASCII lower-casing is exactly ToLowerInvariant's.
        Span<char> lower = stackalloc char[span.Length];
        Ascii.ToLower(span, lower, out _);
        return KnownHeaderName(lower) ?? new string(lower);
    }

    /// <summary>
    /// The lower-case literal of a common request header name: hosts hand over canonical spellings
    /// (<c>User-Agent</c>), which would otherwise cost a string per header.
    /// </summary>
    /// <param name="lower">The lower-case name.</param>
    /// <returns>The literal, or <see langword="null"/> for another name.</returns>
    private static string? KnownHeaderName(ReadOnlySpan<char> lower) => lower switch
    {
        // A compiled switch: no dictionary look-up, no hashing of the name.
        "accept" => "accept",
        "accept-charset" => "accept-charset",
        "accept-encoding" => "accept-encoding",
        "accept-language" => "accept-language",
        "authorization" => "authorization",
        "cache-control" => "cache-control",
        "connection" => "connection",
        "content-encoding" => "content-encoding",
        "content-length" => "content-length",
        "content-type" => "content-type",
        "cookie" => "cookie",
        "dnt" => "dnt",
        "expect" => "expect",
        "forwarded" => "forwarded",
        "host" => "host",
        "if-match" => "if-match",
        "if-modified-since" => "if-modified-since",
        "if-none-match" => "if-none-match",
        "if-range" => "if-range",
        "if-unmodified-since" => "if-unmodified-since",
        "origin" => "origin",
        "pragma" => "pragma",
        "priority" => "priority",
        "range" => "range",
        "referer" => "referer",
        "sec-ch-ua" => "sec-ch-ua",
        "sec-ch-ua-mobile" => "sec-ch-ua-mobile",
        "sec-ch-ua-platform" => "sec-ch-ua-platform",
        "sec-fetch-dest" => "sec-fetch-dest",
        "sec-fetch-mode" => "sec-fetch-mode",
        "sec-fetch-site" => "sec-fetch-site",
        "sec-fetch-user" => "sec-fetch-user",
        "te" => "te",
        "traceparent" => "traceparent",
        "tracestate" => "tracestate",
        "transfer-encoding" => "transfer-encoding",
        "upgrade" => "upgrade",
        "upgrade-insecure-requests" => "upgrade-insecure-requests",
        "user-agent" => "user-agent",
        "via" => "via",
        "x-amzn-trace-id" => "x-amzn-trace-id",
        "x-api-key" => "x-api-key",
        "x-correlation-id" => "x-correlation-id",
        "x-forwarded-for" => "x-forwarded-for",
        "x-forwarded-host" => "x-forwarded-host",
        "x-forwarded-port" => "x-forwarded-port",
        "x-forwarded-proto" => "x-forwarded-proto",
        "x-real-ip" => "x-real-ip",
        "x-request-id" => "x-request-id",
        "x-requested-with" => "x-requested-with",
        _ => null,
    };

    /// <summary>
    /// A string as it reads back from JSON written by <see cref="Utf8JsonWriter"/>: each unpaired surrogate becomes
    /// U+FFFD, as the writer transcodes it. The same instance when there is none (the usual case).
    /// </summary>
    /// <param name="value">The string.</param>
    /// <returns>The string, or a repaired copy.</returns>
    public static string AsJsonText(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return value;
        }

        // UTF-8 encoding replaces each unpaired surrogate with U+FFFD, as the JSON writer does.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>
    /// Whether a body is sent to the function as text: <c>text/*</c>, <c>application/json</c>, <c>application/xml</c>
    /// and <c>application/javascript</c>, whatever their parameters. Everything else is base64, including a missing
    /// content type, structured-syntax suffixes (<c>application/problem+json</c>), form posts and multipart bodies.
    /// </summary>
    /// <remarks>
    /// AWS-SEMANTICS section 4 lists the edge types (<c>+json</c>, charsets other than UTF-8) as a disagreement
    /// between R1 and R2. This follows R1, the report "verified against real AWS": only the type and subtype count.
    /// </remarks>
    /// <param name="contentType">The request's <c>Content-Type</c>, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the media type is textual.</returns>
    public static bool IsTextMediaType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        int semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && mediaType.Length > "text/".Length
            || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Writes <c>body</c> (text or base64) when there is one, and returns the <c>isBase64Encoded</c> value. A body
    /// with a textual media type that is not valid UTF-8 cannot be a JSON string, so it is sent as base64.
    /// </summary>
    /// <param name="writer">The event writer.</param>
    /// <param name="contentType">The request's <c>Content-Type</c>.</param>
    /// <param name="body">The body bytes; empty when there is no body (then nothing is written).</param>
    /// <param name="nullWhenEmpty">Write <c>"body": null</c> for an empty body (format 1.0) instead of omitting it.</param>
    /// <returns>Whether the body was base64-encoded.</returns>
    public static bool WriteBody(Utf8JsonWriter writer, string? contentType, ReadOnlySpan<byte> body, bool nullWhenEmpty)
    {
        if (body.IsEmpty)
        {
            if (nullWhenEmpty)
            {
                writer.WriteNull("body");
            }

            return false;
        }

        if (IsTextBody(contentType, body))
        {
            writer.WriteString("body", body);
            return false;
        }

        writer.WriteBase64String("body", body);
        return true;
    }

    /// <summary>
    /// Whether a non-empty body goes to the function as text (<see cref="IsTextMediaType"/> and valid UTF-8) rather
    /// than base64.
    /// </summary>
    /// <param name="contentType">The request's <c>Content-Type</c>.</param>
    /// <param name="body">The body bytes.</param>
    /// <returns><see langword="true"/> for text.</returns>
    public static bool IsTextBody(string? contentType, ReadOnlySpan<byte> body)
        => IsTextMediaType(contentType) && Utf8.IsValid(body);

    /// <summary>The body member's text: the UTF-8 text, or base64 (<paramref name="isBase64Encoded"/>).</summary>
    /// <param name="contentType">The request's <c>Content-Type</c>.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="isBase64Encoded">Whether the text is base64.</param>
    /// <returns>The text, or <see langword="null"/> for an empty body (the member is omitted).</returns>
    public static string? GetBodyText(string? contentType, ReadOnlySpan<byte> body, out bool isBase64Encoded)
    {
        isBase64Encoded = false;
        if (body.IsEmpty)
        {
            return null;
        }

        if (IsTextBody(contentType, body))
        {
            return Encoding.UTF8.GetString(body);
        }

        isBase64Encoded = true;
        return Convert.ToBase64String(body);
    }

    /// <summary>A format 2.0 query parameter's value: its values joined with <c>,</c>.</summary>
    /// <param name="values">The parameter's decoded values, at least one.</param>
    /// <returns>The value.</returns>
    public static string JoinQueryValues(List<string> values) => values.Count == 1 ? values[0] : string.Join(',', values);

    /// <summary>Splits <c>Cookie</c> header values on <c>;</c>, trimming spaces and skipping empty pieces.</summary>
    /// <param name="value">One <c>Cookie</c> header value.</param>
    /// <param name="cookies">Where the cookies go (created on first use).</param>
    public static void SplitCookies(string value, ref List<string>? cookies)
    {
        foreach (var range in value.AsSpan().Split(';'))
        {
            var cookie = value.AsSpan(range).Trim();
            if (!cookie.IsEmpty)
            {
                (cookies ??= []).Add(cookie.ToString());
            }
        }
    }

    /// <summary>
    /// Writes <c>requestContext.authorizer</c> when the route's authorizer produced something. JWT (2.0):
    /// <c>{"jwt":{"claims":{...},"scopes":...}}</c>; JWT (1.0): <c>{"claims":{...},"scopes":...}</c>; Lambda
    /// authorizer (both formats): <c>{"lambda":{context}}</c>, with the context's JSON types kept.
    /// </summary>
    /// <param name="writer">The event writer, inside <c>requestContext</c>.</param>
    /// <param name="authorizer">The authorizer's output, or <see langword="null"/> (nothing is written).</param>
    /// <param name="nestJwt">Whether JWT claims go under <c>jwt</c> (2.0) or directly under <c>authorizer</c> (1.0).</param>
    public static void WriteAuthorizer(Utf8JsonWriter writer, AuthorizerContext? authorizer, bool nestJwt)
    {
        if (authorizer is null)
        {
            return;
        }

        if (authorizer.JwtClaims is { } claims)
        {
            writer.WriteStartObject("authorizer");
            if (nestJwt)
            {
                writer.WriteStartObject("jwt");
            }

            writer.WriteStartObject("claims");
            foreach (var (name, value) in claims)
            {
                writer.WriteString(name, StringifyClaim(value));
            }

            writer.WriteEndObject();
            if (authorizer.JwtScopes is { } scopes)
            {
                writer.WriteStartArray("scopes");
                foreach (string scope in scopes)
                {
                    writer.WriteStringValue(scope);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteNull("scopes");
            }

            if (nestJwt)
            {
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
        else if (authorizer.LambdaContext is { } context)
        {
            writer.WriteStartObject("authorizer");
            writer.WritePropertyName("lambda");
            context.WriteTo(writer);
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// A JWT claim as API Gateway forwards it: strings as they are, numbers as decimal text (<c>1787996002</c>),
    /// booleans as <c>true</c>/<c>false</c>, arrays in Go notation (<c>[Admins Readers]</c>), and objects (whose
    /// rendering AWS does not document) and <c>null</c> as compact JSON.
    /// </summary>
    /// <param name="value">The claim value.</param>
    /// <returns>The text.</returns>
    public static string StringifyClaim(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case JsonArray array:
                var builder = new StringBuilder("[");
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    builder.Append(StringifyClaim(array[i]));
                }

                return builder.Append(']').ToString();
            case JsonObject:
                return value.ToJsonString();
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                string text = value.ToJsonString();
                return text.AsSpan().ContainsAny('e', 'E')
                    && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number)
                    ? number.ToString(CultureInfo.InvariantCulture)
                    : text;
            default:
                return value.ToJsonString();
        }
    }

    /// <summary>A formatted second (immutable, so it is shared between threads by a plain reference swap).</summary>
    private sealed record FormattedTime(long Second, string Text);

    /// <summary>Writes a digit run, zero-padded to the span's length.</summary>
    private static void WriteDigits(Span<char> chars, int value)
    {
        for (int i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Writes an event with <paramref name="write"/> and returns its UTF-8 bytes.</summary>
    /// <typeparam name="TState">The state <paramref name="write"/> reads.</typeparam>
    /// <param name="state">The state.</param>
    /// <param name="write">Writes the event.</param>
    /// <returns>The event's bytes.</returns>
    public static ReadOnlyMemory<byte> WriteToMemory<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        return buffer.WrittenMemory;
    }
}
