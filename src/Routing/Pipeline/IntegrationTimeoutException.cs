namespace Routing.Pipeline;

/// <summary>Thrown by an integration whose backend did not answer in time, to choose the status the client gets.</summary>
public sealed class IntegrationTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">503 (API Gateway's answer for Lambda) or 504.</param>
    /// <param name="message">A description for logs; never sent to the client.</param>
    public IntegrationTimeoutException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with status 503.</summary>
    public IntegrationTimeoutException()
        : this(503, "The integration timed out.")
    {
    }

    /// <summary>Creates the exception with status 503.</summary>
    /// <param name="message">A description.</param>
    public IntegrationTimeoutException(string message)
        : this(503, message)
    {
    }

    /// <summary>Creates the exception with status 503.</summary>
    /// <param name="message">A description.</param>
    /// <param name="innerException">The cause.</param>
    public IntegrationTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 503;
    }

    /// <summary>The status code the client gets.</summary>
    public int StatusCode { get; }
}
