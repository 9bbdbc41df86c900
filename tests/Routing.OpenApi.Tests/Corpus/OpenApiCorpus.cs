using System.Text.Json.Nodes;

namespace Routing.OpenApi.Tests.Corpus;

/// <summary>
/// The definitions corpus: every <c>*.expect.json</c> (format <c>apigw-openapi-import/1</c>) under the copied
/// <c>Cases</c> folder, under <c>ProjectCases</c> (the project's own, for export and reimport) and under the folder named by <c>ROUTING_OPENAPI_DIR</c>, found by glob. Each file is a case,
/// and each of its variants another (<c>OA-R04:name</c>).
/// </summary>
internal static class OpenApiCorpus
{
    public const string DirectoryVariable = "ROUTING_OPENAPI_DIR";
    public const string Format = "apigw-openapi-import/1";

    /// <summary>Every case id, each with the file it comes from (ids are unique per folder; a duplicate gets the file's name).</summary>
    public static IReadOnlyDictionary<string, OpenApiCase> Cases { get; } = Discover();

    private static Dictionary<string, OpenApiCase> Discover()
    {
        var cases = new Dictionary<string, OpenApiCase>(StringComparer.Ordinal);
        foreach (string folder in Folders())
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.expect.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                JsonObject? root;
                try
                {
                    root = JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
                }
                catch (System.Text.Json.JsonException e)
                {
                    Add(cases, new OpenApiCase(Path.GetFileName(file), file, null, null, $"{file} is not valid JSON: {e.Message}"));
                    continue;
                }

                string id = (string?)root?["id"] ?? Path.GetFileName(file);
                if (root is null || (string?)root["format"] != Format)
                {
                    Add(cases, new OpenApiCase(id, file, root, null, $"{file} does not have format {Format}."));
                    continue;
                }

                Add(cases, new OpenApiCase(id, file, root, null, null));
                if (root["variants"] is JsonArray variants)
                {
                    foreach (var variant in variants.OfType<JsonObject>())
                    {
                        Add(cases, new OpenApiCase($"{id}:{(string?)variant["name"] ?? "variant"}", file, root, variant, null));
                    }
                }
            }
        }

        return cases;
    }

    private static void Add(Dictionary<string, OpenApiCase> cases, OpenApiCase testCase)
    {
        string id = testCase.Id;
        for (int n = 2; cases.ContainsKey(id); n++)
        {
            id = $"{testCase.Id} ({Path.GetFileName(testCase.File)} #{n})";
        }

        cases.Add(id, testCase with { Id = id });
    }

    private static IEnumerable<string> Folders()
    {
        foreach (string copied in new[] { "Cases", "ProjectCases" }.Select(static name => Path.Combine(AppContext.BaseDirectory, name)))
        {
            if (Directory.Exists(copied))
            {
                yield return copied;
            }
        }

        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } extra && Directory.Exists(extra))
        {
            yield return Path.GetFullPath(extra);
        }
    }
}

/// <summary>One case: a file, or one variant of it.</summary>
/// <param name="Id">The case id (the file's <c>id</c>, with <c>:variant</c> for a variant).</param>
/// <param name="File">The expectation file.</param>
/// <param name="Root">The file's JSON.</param>
/// <param name="Variant">The variant, or <see langword="null"/> for the file's own case.</param>
/// <param name="Problem">Why the file cannot be run, or <see langword="null"/>.</param>
internal sealed record OpenApiCase(string Id, string File, JsonObject? Root, JsonObject? Variant, string? Problem);
