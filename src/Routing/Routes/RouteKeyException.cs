namespace Routing.Routes;

/// <summary>A route key that is not valid. The message names the key, the offending part and the fix.</summary>
public sealed class RouteKeyException : FormatException
{
    /// <summary>Creates the exception for <paramref name="routeKey"/>.</summary>
    /// <param name="routeKey">The route key as it was given.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    public RouteKeyException(string? routeKey, string message)
        : base(message)
    {
        RouteKey = routeKey;
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What is wrong.</param>
    public RouteKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RouteKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without details.</summary>
    public RouteKeyException()
    {
    }

    /// <summary>The route key as it was given (may be <see langword="null"/> or empty).</summary>
    public string? RouteKey { get; }
}
