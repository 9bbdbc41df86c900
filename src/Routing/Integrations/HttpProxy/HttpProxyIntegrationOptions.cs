namespace Routing.Integrations.HttpProxy;

/// <summary>Settings of an <see cref="HttpProxyIntegration"/>; read once when the integration is created.</summary>
public sealed class HttpProxyIntegrationOptions
{
    /// <summary>
    /// The integration URI: an absolute <c>http://</c> or <c>https://</c> URI that may hold
    /// <c>${stageVariables.name}</c> anywhere after the scheme, and route path parameters <c>{name}</c> (the greedy
    /// variable of <c>{proxy+}</c> is written <c>{proxy}</c>) in its path or query, e.g.
    /// <c>http://backend.internal/petstore/{proxy}</c>.
    /// </summary>
    /// <value>Required; the default value is <see langword="null"/>.</value>
    public string? Uri { get; set; }

    /// <summary>The method sent to the backend; <see langword="null"/> or <c>ANY</c> for the client's own (API Gateway's <c>integrationMethod</c>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Method { get; set; }

    /// <summary>
    /// What sends the backend requests. It must not follow redirects nor manage cookies (the proxy forwards
    /// <c>Cookie</c> and <c>Set-Cookie</c> as they are); <see cref="HttpProxyIntegration.CreateDefaultHandler"/> makes a
    /// handler set up that way.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: one invoker over a <see cref="System.Net.Http.SocketsHttpHandler"/>
    /// from <see cref="HttpProxyIntegration.CreateDefaultHandler"/>, shared by every HTTP proxy integration.</value>
    public HttpMessageInvoker? Invoker { get; set; }

    /// <summary>
    /// The status the client gets when the backend has not answered by the integration timeout: 504
    /// <c>{"message":"Gateway Timeout"}</c>, or 503 <c>{"message":"Service Unavailable"}</c> as API Gateway answers
    /// for Lambda integrations.
    /// </summary>
    /// <value>The default value is 504.</value>
    public int TimeoutStatusCode { get; set; } = HttpProxyConstants.TimeoutStatusCode;

    /// <summary>
    /// Whether a named stage's segment stays in the path forwarded for a <c>$default</c> route or a URI without a path
    /// (<c>/prod/pets</c> is forwarded as <c>/prod/pets</c> rather than <c>/pets</c>). API Gateway is reported to keep it;
    /// the library strips it by default, so the backend sees the path the route was selected on.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ForwardStagePrefix { get; set; } = HttpProxyConstants.ForwardStagePrefix;
}
