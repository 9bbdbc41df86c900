namespace Routing.Definitions;

/// <summary>An API definition that cannot be deployed; <see cref="Errors"/> lists every problem at once.</summary>
public sealed class HttpApiValidationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="errors">Every problem, each naming the offending item.</param>
    public HttpApiValidationException(IReadOnlyList<ValidationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception without details.</summary>
    public HttpApiValidationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with one message.</summary>
    /// <param name="message">The message.</param>
    public HttpApiValidationException(string message)
        : this([new ValidationError("api", message)])
    {
    }

    /// <summary>Creates the exception with one message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public HttpApiValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ValidationError("api", message)];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<ValidationError> errors) => errors.Count switch
    {
        0 => "The API definition is not valid.",
        1 => $"The API definition is not valid: {errors[0]}",
        _ => $"The API definition has {errors.Count} errors:" + string.Concat(errors.Select(e => Environment.NewLine + "- " + e)),
    };
}
