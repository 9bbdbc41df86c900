using BenchmarkDotNet.Attributes;
using Microsoft.OpenApi;
using Routing.Definitions;
using Routing.OpenApi;

namespace Routing.Benchmarks;

/// <summary>
/// Importing the largest real definition of the corpus (<c>localstack-openapi-spec.json</c>, 5.6 KB: 6 routes with
/// Lambda and HTTP integrations, a Lambda authorizer and component integrations) into an API definition, against
/// Microsoft.OpenApi reading the same text into its own document model (the baseline: the ecosystem's reader doing
/// less), and exporting the imported API again.
/// </summary>
[MemoryDiagnoser]
public class OpenApiImportBenchmarks
{
    private string _text = string.Empty;
    private HttpApiDefinition _imported = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "definitions", "localstack-openapi-spec.json"));
        var result = OpenApiImporter.Import(_text);
        _imported = result.Definition ?? throw new InvalidOperationException("The definition does not import: " + string.Join("; ", result.Diagnostics));
        if (OpenApiDocument.Parse(_text, "json").Document is null)
        {
            throw new InvalidOperationException("Microsoft.OpenApi does not read the definition.");
        }
    }

    [Benchmark(Baseline = true)]
    public OpenApiDocument? MicrosoftOpenApiRead() => OpenApiDocument.Parse(_text, "json").Document;

    [Benchmark]
    public HttpApiDefinition? Import() => OpenApiImporter.Import(_text).Definition;

    [Benchmark]
    public string Export() => OpenApiExporter.Export(_imported).Document;
}
