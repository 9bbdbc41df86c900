namespace Routing.OpenApi;

/// <summary>How much a diagnostic of an import matters, with API Gateway's three categories.</summary>
public enum OpenApiDiagnosticSeverity
{
    /// <summary>Valid OpenAPI that HTTP APIs do not use (a request schema, a REST-only extension); ignored.</summary>
    Info,

    /// <summary>Something the import skipped or changed (a route it could not read); fails the import only with <c>FailOnWarnings</c>.</summary>
    Warning,

    /// <summary>A definition that cannot be imported; nothing is created.</summary>
    Error,
}

/// <summary>One finding of an import: its severity, a stable code, where in the definition, and what to do.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Code">A stable code, e.g. <c>integration-type-unsupported</c> (the README lists them).</param>
/// <param name="JsonPointer">The JSON pointer (RFC 6901) of the offending member in the definition; empty for the whole document.</param>
/// <param name="Message">What is wrong and what to do, naming the value.</param>
public sealed record OpenApiDiagnostic(OpenApiDiagnosticSeverity Severity, string Code, string JsonPointer, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Code} at '{JsonPointer}': {Message}";
}
