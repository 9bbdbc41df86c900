namespace Routing.Pipeline;

/// <summary>
/// Thrown by an integration that cannot answer, to choose which of API Gateway's answers the client gets (502 for
/// an unreachable backend, 504 for a timeout, ...). The message is logged, never sent to the client. Any other
/// exception from an integration is <see cref="GatewayErrorKind.IntegrationFailure"/> (500).
/// </summary>
public sealed class IntegrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The answer the client gets.</param>
    /// <param name="message">What happened, for logs.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is <see cref="GatewayErrorKind.None"/>.</exception>
    public IntegrationException(GatewayErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        if (kind == GatewayErrorKind.None || !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Name the error the client gets.");
        }

        Kind = kind;
    }

    /// <summary>Creates an <see cref="GatewayErrorKind.IntegrationFailure"/> (500).</summary>
    public IntegrationException()
        : this(GatewayErrorKind.IntegrationFailure, "The integration failed.")
    {
    }

    /// <summary>Creates an <see cref="GatewayErrorKind.IntegrationFailure"/> (500).</summary>
    /// <param name="message">What happened, for logs.</param>
    public IntegrationException(string message)
        : this(GatewayErrorKind.IntegrationFailure, message)
    {
    }

    /// <summary>Creates an <see cref="GatewayErrorKind.IntegrationFailure"/> (500).</summary>
    /// <param name="message">What happened, for logs.</param>
    /// <param name="innerException">The cause.</param>
    public IntegrationException(string message, Exception innerException)
        : this(GatewayErrorKind.IntegrationFailure, message, innerException)
    {
    }

    /// <summary>The answer the client gets.</summary>
    public GatewayErrorKind Kind { get; }
}
