namespace Routing.Definitions;

/// <summary>
/// A Lambda (<c>REQUEST</c>) authorizer of an HTTP API, with API Gateway's members: the function that decides, the
/// identity sources that must be present (and key the cache), the event format and the response format. Routes with
/// <see cref="AuthorizationType.Custom"/> name it.
/// </summary>
/// <remarks>
/// <para>Before calling the function, every identity source must be present and not empty, or the client gets 401
/// without a call. The function gets the authorizer event of <see cref="PayloadFormatVersion"/> and answers either a
/// simple response (<c>{"isAuthorized": true|false, "context": {...}}</c>, format 2.0 with
/// <see cref="EnableSimpleResponses"/>) or an IAM policy (<c>principalId</c>, <c>policyDocument</c>, <c>context</c>). A
/// refusal is 403; a function that throws, times out or answers anything else is 500. The <c>context</c> reaches the
/// integration as <c>requestContext.authorizer.lambda</c>.</para>
/// <para>With a <see cref="ResultTtl"/>, decisions are cached by the identity-source values (and the stage), shared by
/// every route that names the authorizer unless <c>$context.routeKey</c> is one of the sources.</para>
/// </remarks>
public sealed record LambdaAuthorizerDefinition : AuthorizerDefinition
{
    /// <summary>The longest <see cref="ResultTtl"/> (API Gateway's limit): one hour.</summary>
    public static readonly TimeSpan MaxResultTtl = TimeSpan.FromHours(1);

    /// <summary>The most identity sources an authorizer may list.</summary>
    public const int MaxIdentitySources = 10;

    /// <inheritdoc />
    public override AuthorizationType AuthorizationType => AuthorizationType.Custom;

    /// <summary>
    /// The function, as API Gateway's <c>authorizerUri</c>: a Lambda function ARN
    /// (<c>arn:aws:lambda:us-east-1:123456789012:function:auth</c>), the invocation URI that wraps one
    /// (<c>arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations</c>), or a function name.
    /// It is resolved to a handler registered with the API's function resolver.
    /// </summary>
    public string? AuthorizerUri { get; init; }

    /// <summary>
    /// Where the caller's identity is read, each as <c>$request.header.NAME</c> (case-insensitive name),
    /// <c>$request.querystring.NAME</c> (case-sensitive), <c>$context.NAME</c> or <c>$stageVariables.NAME</c>.
    /// Every source must be present and not empty, or the request gets 401 without calling the function.
    /// </summary>
    /// <value>The default value is <c>$request.header.Authorization</c>.</value>
    public IReadOnlyList<string> IdentitySource { get; init; } = ["$request.header.Authorization"];

    /// <summary>The format of the event the function receives (<c>authorizerPayloadFormatVersion</c>).</summary>
    /// <value>The default value is <see cref="PayloadFormatVersion.V2"/>.</value>
    public PayloadFormatVersion PayloadFormatVersion { get; init; } = PayloadFormatVersion.V2;

    /// <summary>Whether the function answers <c>{"isAuthorized": ...}</c> instead of an IAM policy (format 2.0 only).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnableSimpleResponses { get; init; }

    /// <summary>How long a decision is cached (<c>authorizerResultTtlInSeconds</c>, whole seconds, at most one hour); zero turns caching off.</summary>
    /// <value>The default value is zero: every request calls the function.</value>
    public TimeSpan ResultTtl { get; init; }

    /// <summary>The IAM role API Gateway would assume to invoke the function (<c>authorizerCredentialsArn</c>); recorded, not used: the gateway has no IAM.</summary>
    public string? CredentialsArn { get; init; }
}
