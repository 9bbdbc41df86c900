namespace Routing.OpenApi;

/// <summary>What an export produced: the document, and what of the API it could not write.</summary>
public sealed class OpenApiExportResult
{
    internal OpenApiExportResult(string document, IReadOnlyList<OpenApiDiagnostic> diagnostics)
    {
        Document = document;
        Diagnostics = diagnostics;
    }

    /// <summary>The OpenAPI 3.0 document, JSON or YAML as asked.</summary>
    public string Document { get; }

    /// <summary>
    /// One warning for each part of the API that OpenAPI cannot carry (an in-process handler or a mock integration has no
    /// URI), with the JSON pointer of the place in <see cref="Document"/> it would have had; empty when the export is complete.
    /// </summary>
    public IReadOnlyList<OpenApiDiagnostic> Diagnostics { get; }
}
