namespace Routing.Pipeline;

/// <summary>What kind of backend an integration calls, as API Gateway's <c>integrationType</c>.</summary>
public enum IntegrationType
{
    /// <summary><c>AWS_PROXY</c>: a Lambda function (here, an in-process handler) gets the payload event and its output becomes the response.</summary>
    AwsProxy,

    /// <summary><c>HTTP_PROXY</c>: the request is forwarded to an HTTP backend and its answer streamed back.</summary>
    HttpProxy,

    /// <summary><c>MOCK</c>: the gateway answers without a backend.</summary>
    Mock,

    /// <summary><c>AWS</c>: an AWS service action with mapping templates (REST and WebSocket APIs); an HTTP API refuses it.</summary>
    Aws,
}
