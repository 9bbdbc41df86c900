using System.Text;
using System.Text.Json;
using Routing.Dispatch;

namespace Routing.Integrations;

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
/// <c>content-length</c> and <c>transfer-encoding</c> headers are dropped: the host frames the body itself.</para>
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
    /// <returns>The response.</returns>
    public static GatewayResponse Map(ReadOnlyMemory<byte> payload, PayloadFormatVersion version)
        => version == PayloadFormatVersion.V1 ? MapV1(payload) : MapV2(payload);

    /// <summary>Maps a format 2.0 output: structured when it is an object with <c>statusCode</c>, else inferred.</summary>
    /// <param name="payload">The bytes the function returned.</param>
    /// <returns>The response.</returns>
    public static GatewayResponse MapV2(ReadOnlyMemory<byte> payload)
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
                return Structured(root, allowCookies: true, allowMultiValueHeaders: false) ?? InternalServerError();
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
    /// <returns>The response.</returns>
    public static GatewayResponse MapV1(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, ParseOptions);
        }
        catch (JsonException)
        {
            return InternalServerError();
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode"u8, out _)
                ? Structured(root, allowCookies: false, allowMultiValueHeaders: true) ?? InternalServerError()
                : InternalServerError();
        }
    }

    /// <summary>API Gateway's answer to an unusable output: 500 <c>{"message":"Internal Server Error"}</c>.</summary>
    /// <returns>The response.</returns>
    public static GatewayResponse InternalServerError() => GatewayResponse.Error(500, "Internal Server Error");

    private static GatewayResponse Inferred(ReadOnlyMemory<byte> body)
        => new(200, [new("content-type", InferredContentType)], body);

    /// <summary>Reads a structured response; <see langword="null"/> when it is not valid.</summary>
    private static GatewayResponse? Structured(JsonElement root, bool allowCookies, bool allowMultiValueHeaders)
    {
        var status = root.GetProperty("statusCode"u8);
        if (status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out int statusCode) || statusCode is < 100 or > 599)
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

                    if (value is not null && !IsFramingHeader(header.Name))
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

                headers.Add(new("set-cookie", cookie.GetString()!));
            }
        }

        if (!TryReadBody(root, out byte[] body))
        {
            return null;
        }

        if (LastIndexOf(headers, "content-type") < 0)
        {
            headers.Add(new("content-type", DefaultContentType));
        }

        return new GatewayResponse(statusCode, headers, body);
    }

    private static bool TryReadBody(JsonElement root, out byte[] body)
    {
        body = [];
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

        if (!base64)
        {
            body = Encoding.UTF8.GetBytes(element.GetString()!);
            return true;
        }

        return element.TryGetBytesFromBase64(out body!);
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

    private static void AddHeader(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        if (!IsFramingHeader(name))
        {
            headers.Add(new(name, value));
        }
    }

    private static bool IsFramingHeader(string name)
        => name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
           || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase);

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
