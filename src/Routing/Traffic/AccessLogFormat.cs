using System.Text;

namespace Routing.Traffic;

/// <summary>
/// A stage's access-log format, checked and compiled once: literal text copied byte for byte, and <c>$context.*</c>
/// variables (the longest run of letters, digits, <c>_</c>, <c>.</c> and <c>-</c> after <c>$context.</c>, a trailing
/// <c>.</c> left out) written raw, or as <c>-</c> when the request has no value for them. As API Gateway asks, a format is
/// one line of at most 3 KB that contains <c>$context.requestId</c> or <c>$context.extendedRequestId</c>; a variable
/// API Gateway does not document for HTTP APIs is refused, so that a typo shows when the stage is configured.
/// </summary>
public sealed class AccessLogFormat
{
    /// <summary>The largest format, in UTF-8 bytes.</summary>
    public const int MaxFormatBytes = 3 * 1024;

    private const string Prefix = "$context.";
    private const string None = "-";

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The authorizer's own variables; any other <c>authorizer.NAME</c> is a key of a Lambda authorizer's context.</summary>
    private static readonly HashSet<string> AuthorizerNames = new(StringComparer.Ordinal) { "claims", "error", "latency", "status", "principalId" };

    // PERF: DispatchBenchmarks (GatewayTraffic). One reused builder per thread; numbers and times are appended, never formatted into strings.
    [ThreadStatic]
    private static StringBuilder? t_line;

    /// <summary>The format's parts in order, each appending its literal text or its variable's value (or <c>-</c>).</summary>
    private readonly Action<StringBuilder, AccessLogEntry>[] _parts;

    private AccessLogFormat(string text, List<Action<StringBuilder, AccessLogEntry>> parts)
    {
        Text = text;
        _parts = [.. parts];
    }

    /// <summary>The format as given.</summary>
    public string Text { get; }

    /// <summary>Checks and compiles a format.</summary>
    /// <param name="format">The template.</param>
    /// <returns>The compiled format.</returns>
    /// <exception cref="ArgumentException">The format is not one API Gateway accepts; the message says why.</exception>
    public static AccessLogFormat Parse(string format) =>
        TryParse(format, out var parsed, out string? error) ? parsed : throw new ArgumentException(error, nameof(format));

    /// <summary>Checks and compiles a format.</summary>
    /// <param name="format">The template.</param>
    /// <param name="parsed">The compiled format, when valid.</param>
    /// <param name="error">Why it is not valid (API Gateway's <c>BadRequestException</c>).</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string? format, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AccessLogFormat? parsed, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrEmpty(format))
        {
            error = "Access Log format must not be empty; give a single line with $context variables, e.g. $context.requestId $context.status.";
            return false;
        }

        if (format.Contains('\n', StringComparison.Ordinal) || format.Contains('\r', StringComparison.Ordinal))
        {
            error = "Access Log format must be single line.";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(format) > MaxFormatBytes)
        {
            error = $"Access Log format is {Encoding.UTF8.GetByteCount(format)} bytes; at most {MaxFormatBytes} are allowed.";
            return false;
        }

        var parts = new List<Action<StringBuilder, AccessLogEntry>>();
        var unknown = new List<string>();
        bool hasRequestId = false;
        var literal = new StringBuilder();
        int i = 0;
        while (i < format.Length)
        {
            if (!format.AsSpan(i).StartsWith(Prefix, StringComparison.Ordinal))
            {
                literal.Append(format[i++]);
                continue;
            }

            int start = i + Prefix.Length, end = start;
            while (end < format.Length && (char.IsAsciiLetterOrDigit(format[end]) || format[end] is '_' or '.' or '-'))
            {
                end++;
            }

            while (end > start && format[end - 1] == '.')
            {
                end--;
            }

            if (end == start)
            {
                literal.Append(format[i++]);
                continue;
            }

            string name = format[start..end];
            if (Variable(name) is { } variable)
            {
                if (literal.Length > 0)
                {
                    parts.Add(Literal(literal.ToString()));
                    literal.Clear();
                }

                parts.Add(variable);
                hasRequestId |= name is "requestId" or "extendedRequestId";
            }
            else
            {
                unknown.Add("$context." + name);
            }

            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add(Literal(literal.ToString()));
        }

        if (unknown.Count > 0)
        {
            error = $"The following context variables are not supported: [{string.Join(", ", unknown)}].";
            return false;
        }

        if (!hasRequestId)
        {
            error = "Access Log format must include either $context.requestId or $context.extendedRequestId.";
            return false;
        }

        parsed = new AccessLogFormat(format, parts);
        error = null;
        return true;
    }

    /// <summary>Writes a request's line.</summary>
    /// <param name="entry">The request's facts.</param>
    /// <returns>The line, without a line break.</returns>
    public string Render(AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = t_line ??= new StringBuilder(256);
        line.Clear();
        foreach (var part in _parts)
        {
            part(line, entry);
        }

        string text = line.ToString();
        if (line.Capacity > 4096)
        {
            t_line = null;
        }

        return text;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>What appends a documented variable: its text, its number, or the request time; <see langword="null"/> for an unknown name.</summary>
    private static Action<StringBuilder, AccessLogEntry>? Variable(string name) => TextOf(name) is { } text
        ? (line, entry) => line.Append(text(entry) ?? None)
        : NumberOf(name) is { } number
            ? (line, entry) => Append(line, number(entry))
            : name == "requestTime" ? static (line, entry) => AppendRequestTime(line, entry.RequestTime) : null;

    private static Action<StringBuilder, AccessLogEntry> Literal(string text) => (line, _) => line.Append(text);

    private static void Append(StringBuilder line, long? value)
    {
        if (value is { } number)
        {
            line.Append(number);
        }
        else
        {
            line.Append('-');
        }
    }

    /// <summary>The numeric variables, appended without a string.</summary>
    private static Func<AccessLogEntry, long?>? NumberOf(string name) => name switch
    {
        "dataProcessed" => static e => e.DataProcessed,
        "integration.integrationStatus" or "integrationStatus" => static e => e.IntegrationServiceStatus,
        "integration.latency" or "integrationLatency" => static e => e.IntegrationLatency,
        "integration.status" => static e => e.IntegrationStatus,
        "requestTimeEpoch" => static e => e.RequestTime?.ToUnixTimeMilliseconds(),
        "responseLatency" => static e => e.ResponseLatency,
        "responseLength" => static e => e.ResponseLength,
        "status" => static e => e.Status,
        "authorizer.latency" => static e => e.AuthorizerLatency,
        "authorizer.status" => static e => e.AuthorizerStatus,
        _ => null,
    };

    /// <summary>The text variables; <see langword="null"/> for a numeric one, <c>requestTime</c> or an unknown name.</summary>
    private static Func<AccessLogEntry, string?>? TextOf(string name)
    {
        switch (name)
        {
            case "accountId": return static e => e.AccountId;
            case "apiId": return static e => e.ApiId;
            case "awsEndpointRequestId" or "integration.requestId": return static e => e.IntegrationRequestId;
            case "awsEndpointRequestId2": return static _ => null;
            case "customDomain.basePathMatched": return static e => e.BasePathMatched;
            case "domainName": return static e => e.DomainName;
            case "domainPrefix": return static e => e.DomainName?.Split('.', 2)[0];
            case "error.message": return static e => e.ErrorMessage;
            case "error.messageString": return static e => e.ErrorMessage is { } message ? "\"" + message + "\"" : null;
            case "error.responseType": return static e => e.ErrorResponseType;
            case "requestId" or "extendedRequestId": return static e => e.RequestId;
            case "httpMethod": return static e => e.HttpMethod;
            case "identity.sourceIp": return static e => e.SourceIp;
            case "identity.userAgent": return static e => e.UserAgent;
            case "identity.clientCert.clientCertPem": return static e => e.ClientCertPem;
            case "identity.clientCert.subjectDN": return static e => e.ClientCertSubject;
            case "identity.clientCert.issuerDN": return static e => e.ClientCertIssuer;
            case "identity.clientCert.serialNumber": return static e => e.ClientCertSerialNumber;
            case "identity.clientCert.validity.notBefore": return static e => e.ClientCertNotBefore;
            case "identity.clientCert.validity.notAfter": return static e => e.ClientCertNotAfter;
            case "identity.accountId" or "identity.caller" or "identity.user" or "identity.userArn" or "identity.principalOrgId"
                or "identity.cognitoAuthenticationProvider" or "identity.cognitoAuthenticationType" or "identity.cognitoIdentityId"
                or "identity.cognitoIdentityPoolId":
                // IAM and Cognito identity callers only, which the gateway does not authenticate itself.
                return static _ => null;
            case "integration.error" or "integrationErrorMessage": return static e => e.IntegrationError;
            case "path": return static e => e.Path;
            case "protocol": return static _ => "HTTP/1.1";
            case "routeKey": return static e => e.RouteKey;
            case "stage": return static e => e.Stage;
            case "authorizer.claims": return static _ => null;
            case "authorizer.error": return static e => e.AuthorizerError;
            case "authorizer.principalId": return static e => e.PrincipalId ?? e.LambdaContext?.GetValueOrDefault("principalId");
        }

        const string Claims = "authorizer.claims.";
        if (name.StartsWith(Claims, StringComparison.Ordinal) && name.Length > Claims.Length)
        {
            string claim = name[Claims.Length..];
            return e => e.JwtClaims?.GetValueOrDefault(claim);
        }

        const string Authorizer = "authorizer.";
        if (name.StartsWith(Authorizer, StringComparison.Ordinal) && name.Length > Authorizer.Length && !AuthorizerNames.Contains(name[Authorizer.Length..]))
        {
            string key = name[Authorizer.Length..];
            return e => e.LambdaContext?.GetValueOrDefault(key);
        }

        return null;
    }

    private static void AppendRequestTime(StringBuilder line, DateTimeOffset? time)
    {
        if (time is not { } value)
        {
            line.Append('-');
            return;
        }

        var utc = value.UtcDateTime;
        Two(line, utc.Day).Append('/').Append(Months[utc.Month - 1]).Append('/').Append(utc.Year).Append(':');
        Two(line, utc.Hour).Append(':');
        Two(line, utc.Minute).Append(':');
        Two(line, utc.Second).Append(" +0000");

        static StringBuilder Two(StringBuilder line, int value) => line.Append((char)('0' + (value / 10))).Append((char)('0' + (value % 10)));
    }
}
