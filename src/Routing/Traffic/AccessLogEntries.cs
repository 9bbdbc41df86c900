using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Traffic;

/// <summary>What a served request gives an access-log line: the facts of its <see cref="GatewayContext"/> and its answer.</summary>
internal static class AccessLogEntries
{
    public static AccessLogEntry From(GatewayContext context, GatewayResponse response)
    {
        var request = context.Request;
        string target = request.RawTarget;
        int query = target.IndexOf('?', StringComparison.Ordinal);
        var error = context.Error;
        var authorizer = context.Authorizer;
        return new AccessLogEntry
        {
            RequestId = context.RequestId,
            RequestTime = context.ReceivedAt,
            AccountId = context.Api.AccountId,
            ApiId = context.Api.ApiId,
            DomainName = context.Api.DomainName,
            Stage = context.Stage,
            HttpMethod = request.Method,
            Path = query < 0 ? target : target[..query],
            RouteKey = context.RouteKey?.Value,
            SourceIp = request.SourceIp,
            UserAgent = request.GetHeader("user-agent"),
            Status = context.StatusCode,
            ResponseLength = ResponseLength(response),
            DataProcessed = DataProcessed(context, response),
            ResponseLatency = Milliseconds(context.ResponseLatency),
            IntegrationLatency = Milliseconds(context.IntegrationLatency),
            IntegrationStatus = context.IntegrationStatusCode,

            // For Lambda, the Lambda service's status for an invocation that answered; otherwise the backend's.
            IntegrationServiceStatus = context.IntegrationStatusCode is { } status && context.IntegrationType == IntegrationType.AwsProxy ? 200 : context.IntegrationStatusCode,
            IntegrationError = error is GatewayErrorKind.IntegrationFailure or GatewayErrorKind.IntegrationTimeout or GatewayErrorKind.GatewayTimeout
                or GatewayErrorKind.BadGateway or GatewayErrorKind.ConfigurationError ? context.ErrorDetail : null,
            ErrorMessage = error == GatewayErrorKind.None ? null : GatewayErrors.Message(error),
            ErrorResponseType = ResponseType(error),
            AuthorizerError = error is GatewayErrorKind.Unauthorized or GatewayErrorKind.Forbidden or GatewayErrorKind.AuthorizerFailure ? GatewayErrors.Message(error) : null,
            AuthorizerLatency = Milliseconds(context.AuthorizerLatency),
            JwtClaims = Texts(authorizer?.JwtClaims),
            LambdaContext = Texts(authorizer?.LambdaContext),
            PrincipalId = authorizer?.PrincipalId,
            BasePathMatched = context.BasePathMatched,
            ClientCertSubject = context.IntegrationRequest?.ClientCertificate?.Subject,
            ClientCertIssuer = context.IntegrationRequest?.ClientCertificate?.Issuer,
            ClientCertSerialNumber = context.IntegrationRequest?.ClientCertificate is { } serial ? ClientCertificateText.Serial(serial) : null,
            ClientCertPem = context.IntegrationRequest?.ClientCertificate?.ExportCertificatePem(),
            ClientCertNotBefore = context.IntegrationRequest?.ClientCertificate is { } from ? ClientCertificateText.Date(from.NotBefore) : null,
            ClientCertNotAfter = context.IntegrationRequest?.ClientCertificate is { } until ? ClientCertificateText.Date(until.NotAfter) : null,
        };
    }

    /// <summary>Bytes of the request's body and the response's, when both are known (API Gateway's <c>DataProcessed</c>).</summary>
    public static long? DataProcessed(GatewayContext context, GatewayResponse response)
    {
        var request = context.Request;
        long requestLength = long.TryParse(request.GetHeader("content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out long declared) ? declared
            : request.Body.CanSeek ? request.Body.Length : 0;
        return ResponseLength(response) is { } responseLength ? responseLength + requestLength : null;
    }

    private static long? ResponseLength(GatewayResponse response)
    {
        if (response.BodyStream is null)
        {
            return response.Body.Length;
        }

        return long.TryParse(response.GetHeader("content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out long length) ? length : null;
    }

    private static long? Milliseconds(TimeSpan? duration) => duration is { } value ? (long)value.TotalMilliseconds : null;

    /// <summary>The gateway response type of an error, in API Gateway's names.</summary>
    private static string? ResponseType(GatewayErrorKind error) => error switch
    {
        GatewayErrorKind.None => null,
        GatewayErrorKind.Throttled => "THROTTLED",
        GatewayErrorKind.QuotaExceeded => "QUOTA_EXCEEDED",
        GatewayErrorKind.Unauthorized => "UNAUTHORIZED",
        GatewayErrorKind.Forbidden => "ACCESS_DENIED",
        GatewayErrorKind.NotFound => "RESOURCE_NOT_FOUND",
        GatewayErrorKind.AuthorizerFailure => "AUTHORIZER_FAILURE",
        GatewayErrorKind.IntegrationTimeout or GatewayErrorKind.GatewayTimeout => "INTEGRATION_TIMEOUT",
        GatewayErrorKind.IntegrationFailure or GatewayErrorKind.BadGateway or GatewayErrorKind.ConfigurationError => "INTEGRATION_FAILURE",
        GatewayErrorKind.UriTooLong => "REQUEST_TOO_LARGE",
        GatewayErrorKind.BadRequest => "BAD_REQUEST_PARAMETERS",
        _ => "DEFAULT_5XX",
    };

    /// <summary>A JSON object's members as the text a log line shows: strings raw, everything else as JSON (<c>true</c>, <c>1</c>).</summary>
    private static Dictionary<string, string>? Texts(JsonObject? values)
    {
        if (values is null)
        {
            return null;
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (value is not null)
            {
                texts[key] = value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : value.ToJsonString();
            }
        }

        return texts;
    }
}
