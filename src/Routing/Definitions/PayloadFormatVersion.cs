namespace Routing.Definitions;

/// <summary>The shape of the event a Lambda-style integration receives, as API Gateway's <c>payloadFormatVersion</c>.</summary>
public enum PayloadFormatVersion
{
    /// <summary>
    /// <c>1.0</c>: the REST-compatible event (<c>resource</c>, <c>path</c>, <c>httpMethod</c>, <c>multiValueHeaders</c>,
    /// <c>multiValueQueryStringParameters</c>); the response needs a <c>statusCode</c>.
    /// </summary>
    V1 = 1,

    /// <summary>
    /// <c>2.0</c>: the HTTP API event (<c>rawPath</c>, lower-case <c>headers</c>, <c>cookies</c>, <c>requestContext.http</c>);
    /// a response without <c>statusCode</c> is inferred as 200 <c>application/json</c>. The default.
    /// </summary>
    V2 = 2,
}
