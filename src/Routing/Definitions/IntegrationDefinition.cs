using Routing.Pipeline;


namespace Routing.Definitions;

/// <summary>
/// An integration of an API definition, with API Gateway's members: what kind of backend it calls
/// (<see cref="IntegrationType"/>), where (<see cref="IntegrationUri"/>), with which event format, timeout and
/// parameter mappings. Deploying turns it into what serves the routes that name it.
/// </summary>
/// <remarks>
/// <para>As data: an <see cref="IntegrationType.AwsProxy"/> integration names a Lambda function ARN or name, resolved
/// to an in-process handler registered with the API's function resolver (stage variables may choose the function:
/// <c>arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}</c>); an
/// <see cref="IntegrationType.HttpProxy"/> integration names its backend URL (with <c>${stageVariables.x}</c> and
/// <c>{param}</c> placeholders).</para>
/// <para>In code: <see cref="Integration"/> holds the instance that serves the requests (a <c>LambdaIntegration</c>
/// over a handler, an <c>HttpProxyIntegration</c>, a <c>MockIntegration</c> or your own <see cref="IIntegration"/>).</para>
/// </remarks>
public sealed record IntegrationDefinition
{
    /// <summary>The shortest integration timeout API Gateway allows.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest integration timeout API Gateway allows, and the default.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The kind of backend (<c>integrationType</c>).</summary>
    /// <value>The default value is <see cref="IntegrationType.AwsProxy"/>.</value>
    public IntegrationType IntegrationType { get; init; } = IntegrationType.AwsProxy;

    /// <summary>For an AWS service integration, the action (<c>integrationSubtype</c>, e.g. <c>SQS-SendMessage</c>), resolved like a function name.</summary>
    public string? IntegrationSubtype { get; init; }

    /// <summary>The Lambda function (ARN, invocation URI or name) or the backend URL (<c>integrationUri</c>).</summary>
    public string? IntegrationUri { get; init; }

    /// <summary>The format of the event a Lambda function receives (<c>payloadFormatVersion</c>); HTTP proxies ignore it.</summary>
    /// <value>The default value is <see cref="PayloadFormatVersion.V2"/>.</value>
    public PayloadFormatVersion PayloadFormatVersion { get; init; } = PayloadFormatVersion.V2;

    /// <summary>How long the integration may take before the client gets API Gateway's timeout answer (<c>timeoutInMillis</c>).</summary>
    /// <value>The default value is 30 seconds, API Gateway's default and maximum.</value>
    public TimeSpan Timeout { get; init; } = MaxTimeout;

    /// <summary>Request parameter mappings (<c>overwrite:header.x</c> to a value), as API Gateway's <c>requestParameters</c>; for an AWS service integration (<see cref="IntegrationSubtype"/>), the action's parameters (<c>QueueUrl</c>, <c>MessageBody</c>), recorded for the function registered under the subtype.</summary>
    public IReadOnlyDictionary<string, string> RequestParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Response parameter mappings per integration status code, as API Gateway's <c>responseParameters</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ResponseParameters { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>How the backend is reached (<c>connectionType</c>).</summary>
    /// <value>The default value is <see cref="ConnectionType.Internet"/>.</value>
    public ConnectionType ConnectionType { get; init; }

    /// <summary>The VPC link's id for <see cref="ConnectionType.VpcLink"/> (<c>connectionId</c>); recorded, not used.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>
    /// The method sent to the backend (<c>integrationMethod</c>; OpenAPI's <c>httpMethod</c>): for an HTTP proxy, a method
    /// such as <c>POST</c>, or <c>ANY</c> (or <see langword="null"/>) for the client's own. Lambda invocations ignore it.
    /// </summary>
    public string? IntegrationMethod { get; init; }

    /// <summary>The IAM role API Gateway would assume to call the backend (<c>credentialsArn</c>); recorded, not used: the gateway has no IAM.</summary>
    public string? CredentialsArn { get; init; }

    /// <summary>The host name a private integration's TLS certificate must name (<c>tlsConfig.serverNameToVerify</c>); recorded, not used.</summary>
    public string? TlsServerNameToVerify { get; init; }

    /// <summary>
    /// The instance that serves the requests, when the integration is built in code; <see langword="null"/> when it is
    /// described only as data and resolved at deploy time.
    /// </summary>
    public IIntegration? Integration { get; init; }
}
