using System.Buffers;
using System.Text;

namespace Routing.Http;

/// <summary>
/// Reads a request's method and raw request-target into the one canonical path that stage selection, route
/// matching, authorization and forwarding all use: percent-decoded exactly once, dot segments resolved, and
/// everything ambiguous refused.
/// </summary>
/// <remarks>
/// <para>The steps, in order (the path pipeline of the project's security notes):</para>
/// <list type="number">
/// <item>The method must be an upper-case token of at most <see cref="MaxMethodLength"/> characters (else 400);
/// <c>CONNECT</c> and <c>TRACE</c> never reach a route (404).</item>
/// <item>Origin-form targets are used as they are; an absolute-form target is reduced to its path (its authority
/// is ignored); the asterisk form (<c>OPTIONS *</c>) gets 404 and any other form 400.</item>
/// <item>The path (up to the first <c>?</c>) may be at most <see cref="MaxPathLength"/> characters (else 414), checked
/// before anything else is read.</item>
/// <item>Control characters, spaces, <c>\</c>, <c>#</c> and non-ASCII characters are refused (400).</item>
/// <item>Each segment is percent-decoded once as UTF-8. A malformed escape, invalid UTF-8, a decoded control
/// character, or a decoded <c>/</c> or <c>\</c> (<c>%2F</c>, <c>%5C</c>) is refused (400).</item>
/// <item><c>.</c> and <c>..</c> segments are resolved (RFC 3986 5.2.4), so <c>%2e%2e</c> resolves like <c>..</c>;
/// climbing above the root, or a dot segment with a <c>;</c> suffix, is refused (400). A trailing <c>/</c> stays.</item>
/// <item>The decoded path may have at most <see cref="MaxSegments"/> segments (else 414). Empty segments stay:
/// <c>//</c> is not merged.</item>
/// </list>
/// <para>The query string is returned as sent and never affects routing.</para>
/// </remarks>
internal readonly ref struct RequestTarget
{
    /// <summary>The longest path accepted, in characters.</summary>
    public const int MaxPathLength = 8192;

    /// <summary>The most segments a decoded path may have.</summary>
    public const int MaxSegments = 128;

    /// <summary>The longest method accepted.</summary>
    public const int MaxMethodLength = 32;

    private RequestTarget(RequestTargetStatus status, ReadOnlySpan<char> rawPath, ReadOnlySpan<char> path, ReadOnlySpan<char> query)
    {
        Status = status;
        RawPath = rawPath;
        Path = path;
        Query = query;
    }

    /// <summary>Whether the request can go on to stage and route selection, or which error it gets.</summary>
    public RequestTargetStatus Status { get; }

    /// <summary>Whether <see cref="Status"/> is <see cref="RequestTargetStatus.Ok"/>.</summary>
    public bool IsValid => Status == RequestTargetStatus.Ok;

    /// <summary>The decoded, normalized path (starts with <c>/</c>); empty unless <see cref="IsValid"/>.</summary>
    public ReadOnlySpan<char> Path { get; }

    /// <summary>The path as sent (still percent-encoded), without the query string.</summary>
    public ReadOnlySpan<char> RawPath { get; }

    /// <summary>The query string as sent, without the <c>?</c>; empty when there is none.</summary>
    public ReadOnlySpan<char> Query { get; }

    /// <summary>Reads a method and a raw request-target.</summary>
    /// <param name="method">The request method, exactly as sent.</param>
    /// <param name="rawTarget">The request-target, exactly as sent (not decoded by the host).</param>
    /// <param name="buffer">Where the decoded path is written: at least as long as the raw path, or
    /// <see cref="MaxPathLength"/> characters (a longer path is refused before the buffer is used).</param>
    /// <returns>The status and, when valid, the decoded path (a slice of <paramref name="buffer"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="buffer"/> is too small for the path.</exception>
    public static RequestTarget Parse(ReadOnlySpan<char> method, ReadOnlySpan<char> rawTarget, Span<char> buffer)
    {
        var methodStatus = CheckMethod(method);
        if (methodStatus == RequestTargetStatus.BadRequest)
        {
            return Fail(methodStatus);
        }

        if (rawTarget.Length == 1 && rawTarget[0] == '*')
        {
            return Fail(method.SequenceEqual("OPTIONS") ? RequestTargetStatus.NotFound : RequestTargetStatus.BadRequest);
        }

        if (!TryGetOriginForm(rawTarget, out var target))
        {
            return Fail(method.SequenceEqual("CONNECT") ? RequestTargetStatus.NotFound : RequestTargetStatus.BadRequest);
        }

        int queryStart = target.IndexOf('?');
        var rawPath = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? [] : target[(queryStart + 1)..];
        if (rawPath.Length > MaxPathLength)
        {
            return Fail(RequestTargetStatus.UriTooLong);
        }

        // The whole target as sent, authority included: '\\', '#', spaces and controls are refused wherever they are.
        if (rawTarget.ContainsAnyExcept(AllowedRaw))
        {
            return Fail(RequestTargetStatus.BadRequest);
        }

        if (methodStatus != RequestTargetStatus.Ok)
        {
            return Fail(methodStatus);
        }

        if (buffer.Length < rawPath.Length)
        {
            throw new ArgumentException($"The buffer holds {buffer.Length} characters; the path needs {rawPath.Length}.", nameof(buffer));
        }

        var status = Normalize(rawPath, buffer, out int length);
        return status == RequestTargetStatus.Ok
            ? new RequestTarget(status, rawPath, buffer[..length], query)
            : new RequestTarget(status, rawPath, [], query);
    }

    /// <summary>Reads a method and a raw request-target, making strings (for callers off the hot path).</summary>
    /// <param name="method">The request method, exactly as sent.</param>
    /// <param name="rawTarget">The request-target, exactly as sent.</param>
    /// <param name="path">The decoded, normalized path, when valid.</param>
    /// <param name="query">The raw query string without <c>?</c>.</param>
    /// <returns>The status.</returns>
    public static RequestTargetStatus Parse(string method, string rawTarget, out string path, out string query)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawTarget);
        char[] rented = ArrayPool<char>.Shared.Rent(Math.Min(rawTarget.Length, MaxPathLength) + 1);
        try
        {
            var target = Parse(method, rawTarget, rented);
            path = target.Path.ToString();
            query = target.Query.ToString();
            return target.Status;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Checks a method: an upper-case token of at most <see cref="MaxMethodLength"/> characters.</summary>
    /// <param name="method">The method as sent.</param>
    /// <returns><see cref="RequestTargetStatus.Ok"/>, <see cref="RequestTargetStatus.BadRequest"/>, or
    /// <see cref="RequestTargetStatus.NotFound"/> for <c>CONNECT</c> and <c>TRACE</c>.</returns>
    public static RequestTargetStatus CheckMethod(ReadOnlySpan<char> method)
    {
        if (method.IsEmpty || method.Length > MaxMethodLength || !HttpSyntax.IsUpperCaseToken(method))
        {
            return RequestTargetStatus.BadRequest;
        }

        return method.SequenceEqual("CONNECT") || method.SequenceEqual("TRACE")
            ? RequestTargetStatus.NotFound
            : RequestTargetStatus.Ok;
    }

    private static RequestTarget Fail(RequestTargetStatus status) => new(status, [], [], []);

    // Printable ASCII except space, backslash and '#'.
    private static readonly SearchValues<char> AllowedRaw = SearchValues.Create(
        "!\"$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static bool TryGetOriginForm(ReadOnlySpan<char> rawTarget, out ReadOnlySpan<char> target)
    {
        target = rawTarget;
        if (!rawTarget.IsEmpty && rawTarget[0] == '/')
        {
            return true;
        }

        int scheme = rawTarget.IndexOf("://");
        if (scheme > 0 && (rawTarget[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase)
                           || rawTarget[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase)))
        {
            var rest = rawTarget[(scheme + 3)..];
            int pathStart = rest.IndexOfAny('/', '?');
            target = pathStart < 0 ? "/" : rest[pathStart] == '/' ? rest[pathStart..] : string.Concat("/", rest[pathStart..]);
            return true;
        }

        return false;
    }

    private static RequestTargetStatus Normalize(ReadOnlySpan<char> rawPath, Span<char> output, out int length)
    {
        length = 0;
        int read = 1; // after the leading '/'
        while (true)
        {
            int rawLength = rawPath[read..].IndexOf('/');
            bool last = rawLength < 0;
            var raw = last ? rawPath[read..] : rawPath.Slice(read, rawLength);
            int segmentStart = length + 1;
            output[length] = '/';
            if (!TryDecodeSegment(raw, output[segmentStart..], out int decoded))
            {
                return RequestTargetStatus.BadRequest;
            }

            var segment = output.Slice(segmentStart, decoded);
            if (segment is ".")
            {
                length = last ? segmentStart : segmentStart - 1;
            }
            else if (segment is "..")
            {
                if (segmentStart == 1)
                {
                    return RequestTargetStatus.BadRequest; // above the root
                }

                int previous = output[..(segmentStart - 1)].LastIndexOf('/');
                length = last ? previous + 1 : previous;
            }
            else
            {
                int semicolon = segment.IndexOf(';');
                if (semicolon >= 0 && segment[..semicolon] is "." or "..")
                {
                    return RequestTargetStatus.BadRequest;
                }

                length = segmentStart + decoded;
            }

            if (last)
            {
                break;
            }

            read += rawLength + 1;
        }

        if (length == 0)
        {
            output[0] = '/';
            length = 1;
        }

        return output[1..length].Count('/') + 1 > MaxSegments ? RequestTargetStatus.UriTooLong : RequestTargetStatus.Ok;
    }

    /// <summary>Percent-decodes one segment as strict UTF-8.</summary>
    private static bool TryDecodeSegment(ReadOnlySpan<char> raw, Span<char> output, out int written)
    {
        written = 0;
        Span<byte> sequence = stackalloc byte[4];
        for (int i = 0; i < raw.Length;)
        {
            char c = raw[i];
            if (c != '%')
            {
                output[written++] = c;
                i++;
                continue;
            }

            if (!TryReadEscape(raw, i, out byte lead))
            {
                return false;
            }

            i += 3;
            if (lead < 0x80)
            {
                if (lead < 0x20 || lead == 0x7F || lead == '/' || lead == '\\')
                {
                    return false;
                }

                output[written++] = (char)lead;
                continue;
            }

            int needed = lead switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 0,
            };
            if (needed == 0)
            {
                return false;
            }

            sequence[0] = lead;
            for (int k = 1; k < needed; k++, i += 3)
            {
                if (!TryReadEscape(raw, i, out sequence[k]))
                {
                    return false;
                }
            }

            if (Rune.DecodeFromUtf8(sequence[..needed], out var rune, out int consumed) != OperationStatus.Done
                || consumed != needed || Rune.IsControl(rune))
            {
                return false;
            }

            written += rune.EncodeToUtf16(output[written..]);
        }

        return true;
    }

    private static bool TryReadEscape(ReadOnlySpan<char> raw, int at, out byte value)
    {
        value = 0;
        if (at + 2 >= raw.Length || raw[at] != '%')
        {
            return false;
        }

        int high = HexConverter(raw[at + 1]);
        int low = HexConverter(raw[at + 2]);
        if ((high | low) < 0)
        {
            return false;
        }

        value = (byte)((high << 4) | low);
        return true;
    }

    private static int HexConverter(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
