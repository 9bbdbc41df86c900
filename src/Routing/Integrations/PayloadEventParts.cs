using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Routing.Integrations;

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

    /// <summary>Formats a request time as API Gateway's CLF time, in UTC, with English month names.</summary>
    /// <param name="time">The time.</param>
    /// <returns>E.g. <c>10/Jul/2026:19:19:05 +0000</c>.</returns>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// A trace header value shaped like API Gateway's: <c>Root=1-{8 hex digits of the epoch seconds}-{24 random hex digits}</c>.
    /// </summary>
    /// <param name="time">The request time.</param>
    /// <returns>The value.</returns>
    public static string NewTraceId(DateTimeOffset time)
    {
        long seconds = Math.Max(0, time.ToUnixTimeSeconds());
        return string.Create(CultureInfo.InvariantCulture, $"Root=1-{seconds & 0xFFFFFFFF:x8}-{RandomNumberGenerator.GetHexString(24, lowercase: true)}");
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

        if (IsTextMediaType(contentType) && Utf8.IsValid(body))
        {
            writer.WriteString("body", body);
            return false;
        }

        writer.WriteBase64String("body", body);
        return true;
    }

    /// <summary>
    /// Splits a raw query string into decoded names and values, in request order, with repeated names grouped.
    /// <c>+</c> is a space, percent escapes are decoded as UTF-8 (a malformed escape stays as written), a name without
    /// <c>=</c> has the value <c>""</c>, and empty pieces (<c>a=1&amp;&amp;b=2</c>) are skipped.
    /// </summary>
    /// <param name="rawQuery">The query string as sent, without <c>?</c>.</param>
    /// <returns>The parameters in order of first appearance; empty when there are none.</returns>
    public static List<KeyValuePair<string, List<string>>> ParseQuery(string rawQuery)
    {
        var parameters = new List<KeyValuePair<string, List<string>>>();
        if (rawQuery.Length == 0)
        {
            return parameters;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var piece = rawQuery.AsSpan(range);
            if (piece.IsEmpty)
            {
                continue;
            }

            int equals = piece.IndexOf('=');
            string name = DecodeQueryComponent(equals < 0 ? piece : piece[..equals]);
            string value = equals < 0 ? string.Empty : DecodeQueryComponent(piece[(equals + 1)..]);
            if (index.TryGetValue(name, out int at))
            {
                parameters[at].Value.Add(value);
            }
            else
            {
                index.Add(name, parameters.Count);
                parameters.Add(new(name, [value]));
            }
        }

        return parameters;
    }

    /// <summary>Decodes one query-string name or value: <c>+</c> is a space, then percent escapes as UTF-8.</summary>
    /// <param name="component">The raw text.</param>
    /// <returns>The decoded text.</returns>
    public static string DecodeQueryComponent(ReadOnlySpan<char> component)
    {
        if (!component.ContainsAny('+', '%'))
        {
            return component.ToString();
        }

        string spaced = component.ToString().Replace('+', ' ');
        return Uri.UnescapeDataString(spaced);
    }

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
    public static void WriteAuthorizer(Utf8JsonWriter writer, Authorization.AuthorizerContext? authorizer, bool nestJwt)
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
