using Routing.OpenApi.Tests.Corpus;

namespace Routing.OpenApi.Tests.Export;

/// <summary>
/// Every definition of the corpus that imports, exported as JSON and as YAML, imports again as the same API and without
/// a warning (what AWS promises for an export: "import an exported API definition ... to create another, identical API").
/// </summary>
public sealed class CorpusRoundTripTests
{
    /// <summary>The cases that import (the refusals are the corpus tests' business), each for JSON and YAML.</summary>
    public static TheoryData<string, OpenApiOutputType> Cases() =>
    [
        .. OpenApiCorpus.Cases
            .Where(static c => c.Value.Problem is null && OpenApiCaseRunner.Import(c.Value) is { Succeeded: true })
            .SelectMany(static c => new[] { (c.Key, OpenApiOutputType.Json), (c.Key, OpenApiOutputType.Yaml) }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_OfImportedCorpusDefinition_ImportsAsTheSameApi(string id, OpenApiOutputType outputType)
    {
        // Arrange
        var imported = OpenApiCaseRunner.Import(OpenApiCorpus.Cases[id])!.Definition!;

        // Act
        var export = OpenApiExporter.Export(imported, new OpenApiExportOptions { OutputType = outputType });
        var again = OpenApiImporter.Import(export.Document);

        // Assert
        Assert.Empty(export.Diagnostics);
        Assert.True(again.Succeeded, string.Join('\n', again.Diagnostics));
        Assert.DoesNotContain(again.Diagnostics, static d => d.Severity != OpenApiDiagnosticSeverity.Info);
        Assert.Equal(DefinitionShape.Of(imported), DefinitionShape.Of(again.Definition!));
    }
}
