using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Routing.Apis;
using Routing.Definitions;
using Routing.OpenApi.Export;

namespace Routing.OpenApi;

/// <summary>
/// Exports an HTTP API as an OpenAPI 3.0 document with API Gateway's <c>x-amazon-apigateway-*</c> extensions, in the
/// shape <c>aws apigatewayv2 export-api --specification OAS30 --include-extensions</c> writes, so that
/// <see cref="OpenApiImporter"/> (or API Gateway) imports it as the same API.
/// </summary>
public static class OpenApiExporter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Exports a definition.</summary>
    /// <param name="definition">The API.</param>
    /// <param name="options">The export's options; API Gateway's defaults (JSON, with extensions) when <see langword="null"/>.</param>
    /// <returns>The document, and a warning for each part OpenAPI cannot carry.</returns>
    public static OpenApiExportResult Export(HttpApiDefinition definition, OpenApiExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        options ??= new OpenApiExportOptions();
        var writer = new DocumentWriter(definition, options);
        var document = writer.Write();
        return new OpenApiExportResult(Serialize(document, options.OutputType), writer.Diagnostics);
    }

    /// <summary>
    /// Exports a running API: the deployment the stage named by <see cref="OpenApiExportOptions.StageName"/> serves,
    /// or the latest draft, deployed or not, when no stage is named.
    /// </summary>
    /// <param name="api">The API.</param>
    /// <param name="options">The export's options.</param>
    /// <returns>The document, and a warning for each part OpenAPI cannot carry.</returns>
    /// <exception cref="ArgumentException">The stage does not exist or serves no deployment yet.</exception>
    public static OpenApiExportResult Export(HttpApi api, OpenApiExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        options ??= new OpenApiExportOptions();
        if (options.StageName is not { } stageName)
        {
            return Export(api.Definition, options);
        }

        var stage = api.Stages.FirstOrDefault(s => s.Name == stageName)
            ?? throw new ArgumentException($"The API has no stage '{stageName}'; export a stage it has ({string.Join(", ", api.Stages.Select(static s => s.Name))}) or the draft (no StageName).", nameof(options));
        var deployment = stage.Deployment
            ?? throw new ArgumentException($"Stage '{stageName}' serves no deployment yet, so there is nothing to export; deploy to it first or export the draft.", nameof(options));
        return Export(deployment.GetDefinition(), options);
    }

    private static string Serialize(JsonObject document, OpenApiOutputType outputType)
    {
        if (outputType == OpenApiOutputType.Json)
        {
            return document.ToJsonString(Indented);
        }

        var text = new StringBuilder();
        using (var writer = new StringWriter(text, System.Globalization.CultureInfo.InvariantCulture))
        {
            new OpenApiYamlWriter(writer).WriteAny(document);
        }

        return text.ToString();
    }
}
