using System.Globalization;
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

    private readonly Func<AccessLogEntry, string?>?[] _parts;
    private readonly Func<AccessLogEntry, long?>?[] _numbers;
    private readonly string?[] _literals;
    private readonly bool[] _times;

    private AccessLogFormat(string text, List<(string? Literal, Func<AccessLogEntry, string?>? Variable)> parts)
    {
        Text = text;
        _literals = [.. parts.Select(static p => p.Literal)];
        _parts = [.. parts.Select(static p => p.Variable)];
        _numbers = [.. _parts.Select(static p => p is null ? null : NumberOf(p))];
        _times = [.. _parts.Select(static p => p is not null && ReferenceEquals(p, RequestTimeVariable))];
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

        var parts = new List<(string?, Func<AccessLogEntry, string?>?)>();
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
                    parts.Add((literal.ToString(), null));
                    literal.Clear();
                }

                parts.Add((null, variable));
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
            parts.Add((literal.ToString(), null));
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
        for (int i = 0; i < _parts.Length; i++)
        {
            if (_parts[i] is not { } variable)
            {
                line.Append(_literals[i]);
            }
            else if (_times[i])
            {
                AppendRequestTime(line, entry.RequestTime);
            }
            else if (_numbers[i] is { } number)
            {
                if (number(entry) is { } value)
                {
                    line.Append(value);
                }
                else
                {
                    line.Append('-');
                }
            }
            else
            {
                line.Append(variable(entry) ?? None);
            }
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

    /// <summary>The accessor of a documented variable; <see langword="null"/> for an unknown name.</summary>
    private static Func<AccessLogEntry, string?>? Variable(string name)
    {
        switch (name)
        {
            case "accountId": return static e => e.AccountId;
            case "apiId": return static e => e.ApiId;
            case "awsEndpointRequestId" or "integration.requestId": return static e => e.IntegrationRequestId;
            case "awsEndpointRequestId2": return static _ => null;
            case "customDomain.basePathMatched": return static e => e.BasePathMatched;
            case "dataProcessed": return static e => Number(e.DataProcessed);
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
            case "integration.integrationStatus" or "integrationStatus": return static e => Number(e.IntegrationServiceStatus);
            case "integration.latency" or "integrationLatency": return IntegrationLatencyVariable;
            case "integration.status": return static e => Number(e.IntegrationStatus);
            case "path": return static e => e.Path;
            case "protocol": return static _ => "HTTP/1.1";
            case "requestTime": return RequestTimeVariable;
            case "requestTimeEpoch": return RequestTimeEpochVariable;
            case "responseLatency": return ResponseLatencyVariable;
            case "responseLength": return ResponseLengthVariable;
            case "routeKey": return static e => e.RouteKey;
            case "stage": return static e => e.Stage;
            case "status": return StatusVariable;
            case "authorizer.claims": return static _ => null;
            case "authorizer.error": return static e => e.AuthorizerError;
            case "authorizer.latency": return static e => Number(e.AuthorizerLatency);
            case "authorizer.status": return static e => Number(e.AuthorizerStatus);
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

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static readonly Func<AccessLogEntry, string?> RequestTimeVariable = static e => e.RequestTime is { } time ? RequestTime(time.ToUniversalTime()) : null;
    private static readonly Func<AccessLogEntry, string?> StatusVariable = static e => Number(e.Status);
    private static readonly Func<AccessLogEntry, string?> ResponseLengthVariable = static e => Number(e.ResponseLength);
    private static readonly Func<AccessLogEntry, string?> ResponseLatencyVariable = static e => Number(e.ResponseLatency);
    private static readonly Func<AccessLogEntry, string?> IntegrationLatencyVariable = static e => Number(e.IntegrationLatency);
    private static readonly Func<AccessLogEntry, string?> RequestTimeEpochVariable = static e => Number(e.RequestTime?.ToUnixTimeMilliseconds());

    /// <summary>The number behind a numeric variable, appended without a string; <see langword="null"/> for the others.</summary>
    private static Func<AccessLogEntry, long?>? NumberOf(Func<AccessLogEntry, string?> variable) =>
        ReferenceEquals(variable, StatusVariable) ? static e => e.Status
        : ReferenceEquals(variable, ResponseLengthVariable) ? static e => e.ResponseLength
        : ReferenceEquals(variable, ResponseLatencyVariable) ? static e => e.ResponseLatency
        : ReferenceEquals(variable, IntegrationLatencyVariable) ? static e => e.IntegrationLatency
        : ReferenceEquals(variable, RequestTimeEpochVariable) ? static e => e.RequestTime?.ToUnixTimeMilliseconds()
        : null;

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

    /// <summary><c>dd/MMM/yyyy:HH:mm:ss +0000</c> with English month abbreviations, whatever the culture.</summary>
    private static string RequestTime(DateTimeOffset time) => string.Create(CultureInfo.InvariantCulture,
        $"{time.Day:00}/{Months[time.Month - 1]}/{time.Year:0000}:{time.Hour:00}:{time.Minute:00}:{time.Second:00} +0000");
}
