using Routing.Definitions;

namespace Routing.OpenApi;

/// <summary>What an import produced: the API definition when it succeeded, and every diagnostic either way.</summary>
public sealed class OpenApiImportResult
{
    internal OpenApiImportResult(HttpApiDefinition? definition, IReadOnlyList<OpenApiDiagnostic> diagnostics)
    {
        Definition = definition;
        Diagnostics = diagnostics;
    }

    /// <summary>The imported API; <see langword="null"/> when the import was refused (an error, or a warning with <c>FailOnWarnings</c>).</summary>
    public HttpApiDefinition? Definition { get; }

    /// <summary>Every diagnostic, in the order of the definition.</summary>
    public IReadOnlyList<OpenApiDiagnostic> Diagnostics { get; }

    /// <summary>Whether the import succeeded (<see cref="Definition"/> is set).</summary>
    public bool Succeeded => Definition is not null;
}
