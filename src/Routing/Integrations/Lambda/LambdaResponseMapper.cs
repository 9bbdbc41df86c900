using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations.Lambda;

/// <summary>
/// Turns what a Lambda-style function returned into the client's response, as API Gateway HTTP APIs do
/// (AWS-SEMANTICS section 6). An output the gateway cannot use becomes 500 <c>{"message":"Internal Server Error"}</c>.
/// </summary>
/// <remarks>
/// <para>Format 2.0: a JSON object with a <c>statusCode</c> member is a structured response (<c>statusCode</c>,
/// <c>headers</c>, <c>cookies</c>, <c>body</c>, <c>isBase64Encoded</c>; <c>multiValueHeaders</c> and any other
/// member are ignored). Any other output is inferred: 200 <c>application/json</c> whose body is a JSON string's
/// value, or else the output byte for byte, even when it is not valid JSON (capture C1; the doc says "valid JSON").</para>
/// <para>Format 1.0: the output must be a JSON object with a <c>statusCode</c>; <c>headers</c> and
/// <c>multiValueHeaders</c> are merged, the single value first.</para>
/// <para>Both: <c>statusCode</c> must be a JSON integer from 100 to 599 (0, <c>200.5</c> and a string such as
/// <c>"200"</c> give 500); header values must be strings (numbers and booleans are taken as their text, <c>null</c>
/// is skipped); <c>body</c> must be a string or <c>null</c>; an <c>isBase64Encoded</c> body must be valid base64.
/// Without a <c>content-type</c> header the response gets <c>text/plain; charset=utf-8</c>. The function's
/// <c>transfer-encoding</c> header is dropped, and so is its <c>content-length</c>: the host frames the body itself.
/// The one exception is the answer to a <c>HEAD</c> request without a body, which keeps the function's first
/// <c>content-length</c> when it is a valid length: it says what a <c>GET</c> would send (RFC 9110 8.6).</para>
/// </remarks>
internal static class LambdaResponseMapper
{
    /// <summary>The content type of a structured response that names none.</summary>
    public const string DefaultContentType = "text/plain; charset=utf-8";

    /// <summary>The content type of an inferred (2.0) response.</summary>
    public const string InferredContentType = "application/json";

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    /// <summary>Maps a function's output.</summary>
    /// <param name="payload">The bytes the function returned.</param>
    /// <param name="version">The integration's payload format.</param>
    /// <param name="head">Whether the request was <c>HEAD</c> (see the remarks on <c>content-length</c>).</param>
    /// <returns>The response.</returns>
    public static GatewayResponse Map(ReadOnlyMemory<byte> payload, PayloadFormatVersion version, bool head = false)
        => version == PayloadFormatVersion.V1 ? MapV1(payload, head) : MapV2(payload, head);

    /// <summary>Maps a format 2.0 output: structured when it is an object with <c>statusCode</c>, else inferred.</summary>
    /// <param name="payload">The bytes the function returned.</param>
    /// <param name="head">Whether the request was <c>HEAD</c>.</param>
    /// <returns>The response.</returns>
    public static GatewayResponse MapV2(ReadOnlyMemory<byte> payload, bool head = false)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, ParseOptions);
        }
        catch (JsonException)
        {
            return Inferred(payload);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode"u8, out _))
            {
                return Structured(root, allowCookies: true, allowMultiValueHeaders: false, head) ?? throw Invalid();
            }

            if (root.ValueKind == JsonValueKind.String)
            {
                return Inferred(Encoding.UTF8.GetBytes(root.GetString()!));
            }

            return Inferred(payload);
        }
    }

    /// <summary>Maps a format 1.0 output, which must be an object with a valid <c>statusCode</c>.</summary>
    /// <param name="payload">The bytes the function returned.</param>
    /// <param name="head">Whether the request was <c>HEAD</c>.</param>
    /// <returns>The response.</returns>
    public static GatewayResponse MapV1(ReadOnlyMemory<byte> payload, bool head = false)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, ParseOptions);
        }
        catch (JsonException)
        {
            throw Invalid();
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode"u8, out _)
                ? Structured(root, allowCookies: false, allowMultiValueHeaders: true, head) ?? throw Invalid()
                : throw Invalid();
        }
    }

    /// <summary>API Gateway's answer to an unusable output: 500 <c>{"message":"Internal Server Error"}</c>, thrown for the integration step to answer.</summary>
    /// <returns>The exception to throw.</returns>
    public static IntegrationException Invalid() =>
        new(GatewayErrorKind.IntegrationFailure, "The function's output is not a response API Gateway can send (see the response rules of its payload format).");

    /// <summary>
    /// Maps a typed handler's <see cref="PayloadV2Response"/> without JSON: the same response as
    /// <see cref="MapV2(ReadOnlyMemory{byte}, bool)"/> of its JSON written with <see cref="PayloadJsonContext"/>, by the same
    /// rules (<see cref="IsValidStatusCode"/>, <see cref="AddHeader"/>, <see cref="AddCookie"/>,
    /// <see cref="TryGetBody"/>, <see cref="Complete"/>).
    /// </summary>
    /// <remarks>
    /// The JSON round trip is reproduced: a <see langword="null"/> response is the output <c>null</c> (inferred);
    /// a <see langword="null"/> header value is skipped (written as <c>null</c>); a <see langword="null"/> cookie
    /// is a string-less array item (500); unpaired surrogates read back as U+FFFD.
    /// </remarks>
    /// <param name="response">What the handler returned.</param>
    /// <param name="head">Whether the request was <c>HEAD</c>.</param>
    /// <returns>The response.</returns>
    public static GatewayResponse MapV2(PayloadV2Response? response, bool head = false)
    {
        if (response is null)
        {
            return Inferred("null"u8.ToArray());
        }

        if (!IsValidStatusCode(response.StatusCode))
        {
            throw Invalid();
        }

        var headers = new List<KeyValuePair<string, string>>((response.Headers?.Count ?? 0) + (response.Cookies?.Count ?? 0) + 1);
        switch (response.Headers)
        {
            // PERF: the concrete dictionary enumerates without boxing.
            case Dictionary<string, string> dictionary:
                foreach (var (name, value) in dictionary)
                {
                    AddHeaderText(headers, name, value);
                }

                break;
            case { } other:
                foreach (var (name, value) in other)
                {
                    AddHeaderText(headers, name, value);
                }

                break;
        }

        if (response.Cookies is { } cookies)
        {
            foreach (string? cookie in cookies)
            {
                if (cookie is null)
                {
                    throw Invalid();
                }

                AddCookie(headers, PayloadEventParts.AsJsonText(cookie));
            }
        }

        return TryGetBody(response.Body, response.IsBase64Encoded, out var body)
            ? Complete(response.StatusCode, headers, body, head)
            : throw Invalid();

        static void AddHeaderText(List<KeyValuePair<string, string>> headers, string name, string? value)
        {
            if (value is not null)
            {
                AddHeader(headers, PayloadEventParts.AsJsonText(name), PayloadEventParts.AsJsonText(value));
            }
        }
    }

    private static GatewayResponse Inferred(ReadOnlyMemory<byte> body)
        => new(200, [new("content-type", InferredContentType)], body);

    /// <summary>Whether a structured response's status code is one the gateway sends: 100 to 599.</summary>
    private static bool IsValidStatusCode(int statusCode) => statusCode is >= 100 and <= 599;

    /// <summary>
    /// The response once its lines and body are read: <c>content-length</c> lines removed (except the first valid one
    /// of a bodiless <c>HEAD</c> answer) and the default content type added when none was given.
    /// </summary>
    private static GatewayResponse Complete(int statusCode, List<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, bool head)
    {
        bool keepOne = head && body.IsEmpty;
        for (int i = headers.Count - 1; i >= 0; i--)
        {
            if (headers[i].Key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
                && !(keepOne && i == IndexOfContentLength(headers) && HttpSyntax.TryParseContentLength(headers[i].Value, out _)))
            {
                headers.RemoveAt(i);
            }
        }

        if (LastIndexOf(headers, "content-type") < 0)
        {
            headers.Add(new("content-type", DefaultContentType));
        }

        return GatewayResponse.Owning(statusCode, headers, body);
    }

    /// <summary>Reads a structured response; <see langword="null"/> when it is not valid.</summary>
    private static GatewayResponse? Structured(JsonElement root, bool allowCookies, bool allowMultiValueHeaders, bool head)
    {
        var status = root.GetProperty("statusCode"u8);
        if (status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out int statusCode) || !IsValidStatusCode(statusCode))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers"u8, out var single) && single.ValueKind != JsonValueKind.Null)
        {
            if (single.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var header in single.EnumerateObject())
            {
                if (!TryGetHeaderValue(header.Value, out string? value))
                {
                    return null;
                }

                if (value is not null)
                {
                    AddHeader(headers, header.Name, value);
                }
            }
        }

        if (allowMultiValueHeaders && root.TryGetProperty("multiValueHeaders"u8, out var multi) && multi.ValueKind != JsonValueKind.Null)
        {
            if (multi.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var header in multi.EnumerateObject())
            {
                if (header.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (header.Value.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                // The single value comes first, then the multi values: insert after this name's last line.
                int insertAt = LastIndexOf(headers, header.Name) + 1;
                foreach (var item in header.Value.EnumerateArray())
                {
                    if (!TryGetHeaderValue(item, out string? value))
                    {
                        return null;
                    }

                    if (value is not null && !IsTransferEncoding(header.Name))
                    {
                        if (insertAt == 0)
                        {
                            headers.Add(new(header.Name, value));
                        }
                        else
                        {
                            headers.Insert(insertAt++, new(header.Name, value));
                        }
                    }
                }
            }
        }

        if (allowCookies && root.TryGetProperty("cookies"u8, out var cookies) && cookies.ValueKind != JsonValueKind.Null)
        {
            if (cookies.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var cookie in cookies.EnumerateArray())
            {
                if (cookie.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                AddCookie(headers, cookie.GetString()!);
            }
        }

        return TryReadBody(root, out var body) ? Complete(statusCode, headers, body, head) : null;
    }

    private static bool TryReadBody(JsonElement root, out ReadOnlyMemory<byte> body)
    {
        body = default;
        bool base64 = false;
        if (root.TryGetProperty("isBase64Encoded"u8, out var flag))
        {
            switch (flag.ValueKind)
            {
                case JsonValueKind.True:
                    base64 = true;
                    break;
                case JsonValueKind.False or JsonValueKind.Null:
                    break;
                default:
                    return false;
            }
        }

        if (!root.TryGetProperty("body"u8, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        return TryGetBody(element.GetString(), base64, out body);
    }

    /// <summary>
    /// A <c>body</c>'s bytes: UTF-8 text, or base64-decoded when <paramref name="base64"/> (as
    /// <see cref="JsonElement.TryGetBytesFromBase64"/> decodes: the text's UTF-8, whitespace allowed, padding required).
    /// </summary>
    /// <param name="text">The body text; <see langword="null"/> is no body.</param>
    /// <param name="base64">The <c>isBase64Encoded</c> flag.</param>
    /// <param name="body">The bytes.</param>
    /// <returns><see langword="false"/> when the text is not valid base64.</returns>
    private static bool TryGetBody(string? text, bool base64, out ReadOnlyMemory<byte> body)
    {
        body = default;
        if (text is null)
        {
            return true;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        if (!base64)
        {
            body = utf8;
            return true;
        }

        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(utf8.Length)];
        if (Base64.DecodeFromUtf8(utf8, decoded, out int consumed, out int written) != OperationStatus.Done || consumed != utf8.Length)
        {
            return false;
        }

        body = decoded.AsMemory(0, written);
        return true;
    }

    private static bool TryGetHeaderValue(JsonElement element, out string? value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = element.GetString();
                return true;
            case JsonValueKind.Number:
                value = element.GetRawText();
                return true;
            case JsonValueKind.True:
                value = "true";
                return true;
            case JsonValueKind.False:
                value = "false";
                return true;
            case JsonValueKind.Null:
                value = null;
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary>Adds a <c>headers</c> line, unless it is a framing header (the host frames the body).</summary>
    private static void AddHeader(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        if (!IsTransferEncoding(name))
        {
            headers.Add(new(name, value));
        }
    }

    /// <summary>Adds a <c>cookies</c> item as its own <c>set-cookie</c> line.</summary>
    private static void AddCookie(List<KeyValuePair<string, string>> headers, string cookie) => headers.Add(new("set-cookie", cookie));

    private static bool IsTransferEncoding(string name) => name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase);

    private static int IndexOfContentLength(List<KeyValuePair<string, string>> headers)
        => headers.FindIndex(static h => h.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase));

    private static int LastIndexOf(List<KeyValuePair<string, string>> headers, string name)
    {
        for (int i = headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
