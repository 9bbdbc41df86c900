namespace Routing.Traffic;

/// <summary>
/// The facts of one request that an access-log line can show, as raw values; <see cref="AccessLogFormat.Render"/> derives
/// the <c>$context.*</c> variables from them. A <see langword="null"/> fact renders its variables as <c>-</c>.
/// </summary>
public sealed record AccessLogEntry
{
    /// <summary>The gateway's request id (<c>requestId</c>, <c>extendedRequestId</c>).</summary>
    public string? RequestId { get; init; }

    /// <summary>When the request arrived (<c>requestTime</c>, <c>requestTimeEpoch</c>).</summary>
    public DateTimeOffset? RequestTime { get; init; }

    /// <summary>The owning account (<c>accountId</c>).</summary>
    public string? AccountId { get; init; }

    /// <summary>The API id (<c>apiId</c>).</summary>
    public string? ApiId { get; init; }

    /// <summary>The host name the client called (<c>domainName</c>; its first label is <c>domainPrefix</c>).</summary>
    public string? DomainName { get; init; }

    /// <summary>The stage name (<c>stage</c>).</summary>
    public string? Stage { get; init; }

    /// <summary>The request method (<c>httpMethod</c>).</summary>
    public string? HttpMethod { get; init; }

    /// <summary>The request path, with a named stage's segment (<c>path</c>).</summary>
    public string? Path { get; init; }

    /// <summary>The matched route key (<c>routeKey</c>); <see langword="null"/> when none matched.</summary>
    public string? RouteKey { get; init; }

    /// <summary>The TCP peer's address (<c>identity.sourceIp</c>).</summary>
    public string? SourceIp { get; init; }

    /// <summary>The <c>User-Agent</c> header (<c>identity.userAgent</c>).</summary>
    public string? UserAgent { get; init; }

    /// <summary>The status the client got (<c>status</c>).</summary>
    public int? Status { get; init; }

    /// <summary>The response payload's size in bytes (<c>responseLength</c>).</summary>
    public long? ResponseLength { get; init; }

    /// <summary>Milliseconds from receipt to response (<c>responseLatency</c>).</summary>
    public long? ResponseLatency { get; init; }

    /// <summary>Bytes processed (<c>dataProcessed</c>).</summary>
    public long? DataProcessed { get; init; }

    /// <summary>Milliseconds in the integration (<c>integrationLatency</c>, <c>integration.latency</c>).</summary>
    public long? IntegrationLatency { get; init; }

    /// <summary>The status the integration (for Lambda: the function) answered with (<c>integration.status</c>).</summary>
    public int? IntegrationStatus { get; init; }

    /// <summary>For Lambda: the Lambda service's status for the invocation (<c>integrationStatus</c>, <c>integration.integrationStatus</c>).</summary>
    public int? IntegrationServiceStatus { get; init; }

    /// <summary>The integration's error (<c>integrationErrorMessage</c>, <c>integration.error</c>).</summary>
    public string? IntegrationError { get; init; }

    /// <summary>The request id of the AWS service behind the integration (<c>awsEndpointRequestId</c>, <c>integration.requestId</c>).</summary>
    public string? IntegrationRequestId { get; init; }

    /// <summary>The gateway's error message (<c>error.message</c>, quoted as <c>error.messageString</c>).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The gateway response type (<c>error.responseType</c>), e.g. <c>THROTTLED</c>.</summary>
    public string? ErrorResponseType { get; init; }

    /// <summary>A JWT authorizer's claims, as text (<c>authorizer.claims.NAME</c>).</summary>
    public IReadOnlyDictionary<string, string>? JwtClaims { get; init; }

    /// <summary>A Lambda authorizer's context, as text (<c>authorizer.KEY</c>; booleans <c>true</c>/<c>false</c>).</summary>
    public IReadOnlyDictionary<string, string>? LambdaContext { get; init; }

    /// <summary>A Lambda authorizer's principal (<c>authorizer.principalId</c>).</summary>
    public string? PrincipalId { get; init; }

    /// <summary>Why the authorizer refused or failed (<c>authorizer.error</c>).</summary>
    public string? AuthorizerError { get; init; }

    /// <summary>Milliseconds in the authorizer (<c>authorizer.latency</c>).</summary>
    public long? AuthorizerLatency { get; init; }

    /// <summary>The authorizer's status (<c>authorizer.status</c>).</summary>
    public int? AuthorizerStatus { get; init; }

    /// <summary>The API mapping key that took the request: the key, <c>(none)</c>, or <see langword="null"/> on the default endpoint (<c>customDomain.basePathMatched</c>).</summary>
    public string? BasePathMatched { get; init; }

    /// <summary>The mTLS client certificate: subject (<c>identity.clientCert.subjectDN</c>).</summary>
    public string? ClientCertSubject { get; init; }

    /// <summary>The mTLS client certificate: issuer (<c>identity.clientCert.issuerDN</c>).</summary>
    public string? ClientCertIssuer { get; init; }

    /// <summary>The mTLS client certificate: serial number (<c>identity.clientCert.serialNumber</c>).</summary>
    public string? ClientCertSerialNumber { get; init; }

    /// <summary>The mTLS client certificate in PEM (<c>identity.clientCert.clientCertPem</c>).</summary>
    public string? ClientCertPem { get; init; }

    /// <summary>The mTLS client certificate's start of validity, as API Gateway writes it (<c>identity.clientCert.validity.notBefore</c>).</summary>
    public string? ClientCertNotBefore { get; init; }

    /// <summary>The mTLS client certificate's end of validity (<c>identity.clientCert.validity.notAfter</c>).</summary>
    public string? ClientCertNotAfter { get; init; }
}
