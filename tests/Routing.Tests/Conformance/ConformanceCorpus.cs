using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routing.Tests.Conformance;

/// <summary>
/// Every case of one conformance folder: each <c>*.json</c> file except <c>sources.json</c>, in the corpus's envelope
/// (<c>apigw-httpapi-conformance/1</c> for HTTP APIs, <c>apigw-rest/1</c> for REST APIs and Lambda authorizers), with
/// each file's <c>defaults</c> merged into its cases.
/// </summary>
/// <remarks>
/// Nothing here depends on particular ids, counts, files or categories. Problems with the files (unreadable JSON,
/// a missing <c>category</c>, a case without an <c>id</c>, duplicate ids) are collected in <see cref="LoadErrors"/>,
/// which <see cref="ConformanceCorpusConformance"/> turns into a failing test.
/// </remarks>
public sealed class ConformanceCorpus
{
    /// <summary>The environment variable that names another folder of HTTP API case files.</summary>
    public const string DirectoryVariable = "ROUTING_CONFORMANCE_DIR";

    /// <summary>The envelope format of the HTTP API corpus.</summary>
    public const string SupportedFormat = "apigw-httpapi-conformance/1";

    /// <summary>The file that lists source ids rather than cases.</summary>
    public const string SourcesFileName = "sources.json";

    /// <summary>The HTTP API corpus: <c>../shared/conformance</c>, copied to <c>Conformance/cases</c>.</summary>
    public static readonly CorpusSource HttpApiSource = new(DirectoryVariable, "cases", SupportedFormat, ShallowMerge: false);

    /// <summary>The REST API and Lambda authorizer corpus: <c>../shared/rest-cases</c>, copied to <c>Conformance/rest-cases</c>.</summary>
    public static readonly CorpusSource RestSource = new("ROUTING_REST_CASES_DIR", "rest-cases", "apigw-rest/1", ShallowMerge: true);

    private static readonly Lazy<ConformanceCorpus> DefaultCorpus =
        new(() => Load(ResolveDirectory(Environment.GetEnvironmentVariable)), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<ConformanceCorpus> RestCorpus =
        new(() => Load(ResolveDirectory(Environment.GetEnvironmentVariable, RestSource), RestSource), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, ConformanceCase> _byKey;

    private ConformanceCorpus(string directory, List<ConformanceCase> cases, List<string> loadErrors)
    {
        Directory = directory;
        Cases = cases;
        LoadErrors = loadErrors;
        _byKey = cases.ToDictionary(static c => c.Key, StringComparer.Ordinal);
    }

    /// <summary>The HTTP API corpus the test run uses: <see cref="DirectoryVariable"/> when set, else the copied cases.</summary>
    public static ConformanceCorpus Default => DefaultCorpus.Value;

    /// <summary>The REST corpus the test run uses: <c>ROUTING_REST_CASES_DIR</c> when set, else the copied cases.</summary>
    public static ConformanceCorpus Rest => RestCorpus.Value;

    /// <summary>The folder that was read (full path).</summary>
    public string Directory { get; }

    /// <summary>Every case, file by file (files in ordinal name order), cases in file order.</summary>
    public IReadOnlyList<ConformanceCase> Cases { get; }

    /// <summary>What was wrong with the files; empty when everything could be read.</summary>
    public IReadOnlyList<string> LoadErrors { get; }

    /// <summary>The folder to read: the environment variable's value when set, else the copied cases next to the test assembly.</summary>
    /// <param name="getEnvironmentVariable">Reads an environment variable (injectable for tests).</param>
    /// <returns>A full path.</returns>
    public static string ResolveDirectory(Func<string, string?> getEnvironmentVariable) => ResolveDirectory(getEnvironmentVariable, HttpApiSource);

    /// <summary>The folder to read for a corpus: its environment variable's value when set, else its copied cases.</summary>
    /// <param name="getEnvironmentVariable">Reads an environment variable (injectable for tests).</param>
    /// <param name="source">The corpus.</param>
    /// <returns>A full path.</returns>
    public static string ResolveDirectory(Func<string, string?> getEnvironmentVariable, CorpusSource source)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(source);
        string? configured = getEnvironmentVariable(source.DirectoryVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "Conformance", source.FolderName)
            : Path.GetFullPath(configured);
    }

    /// <summary>Reads every case file of a folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The corpus; problems are in <see cref="LoadErrors"/>, never thrown.</returns>
    public static ConformanceCorpus Load(string directory) => Load(directory, HttpApiSource);

    /// <summary>Reads every case file of a folder in a corpus's format.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="source">The corpus: its format and its merge of <c>defaults</c>.</param>
    /// <returns>The corpus; problems are in <see cref="LoadErrors"/>, never thrown.</returns>
    public static ConformanceCorpus Load(string directory, CorpusSource source)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(source);
        string fullPath = Path.GetFullPath(directory);
        var cases = new List<ConformanceCase>();
        var errors = new List<string>();
        if (!System.IO.Directory.Exists(fullPath))
        {
            errors.Add($"conformance folder '{fullPath}' does not exist (set {source.DirectoryVariable} to a folder of case files)");
            return new ConformanceCorpus(fullPath, cases, errors);
        }

        var files = System.IO.Directory.EnumerateFiles(fullPath, "*.json")
            .Where(static f => !string.Equals(Path.GetFileName(f), SourcesFileName, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (string file in files)
        {
            LoadFile(file, source, cases, errors);
        }

        foreach (var duplicate in cases.GroupBy(static c => c.Id, StringComparer.Ordinal).Where(static g => g.Count() > 1))
        {
            errors.Add($"case id '{duplicate.Key}' is used {duplicate.Count()} times ({string.Join(", ", duplicate.Select(static c => c.Key))})");
        }

        return new ConformanceCorpus(fullPath, cases, errors);
    }

    /// <summary>Finds a case by <see cref="ConformanceCase.Key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The case, or <see langword="null"/>.</returns>
    public ConformanceCase? Find(string key) => _byKey.GetValueOrDefault(key);

    private static void LoadFile(string file, CorpusSource source, List<ConformanceCase> cases, List<string> errors)
    {
        string fileName = Path.GetFileName(file);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            errors.Add($"{fileName}: not valid JSON: {e.Message}");
            return;
        }

        if (root is not JsonObject envelope)
        {
            errors.Add($"{fileName}: the top level is not a JSON object");
            return;
        }

        if (!TryGetString(envelope, "category", out string? category) || category.Length == 0)
        {
            errors.Add($"{fileName}: has no 'category' string");
            return;
        }

        if (envelope["cases"] is not JsonArray items)
        {
            errors.Add($"{fileName}: has no 'cases' array");
            return;
        }

        JsonObject? defaults = null;
        if (envelope.TryGetPropertyValue("defaults", out var defaultsNode) && defaultsNode is not null)
        {
            defaults = defaultsNode as JsonObject;
            if (defaults is null)
            {
                errors.Add($"{fileName}: 'defaults' is not an object");
            }
        }

        string? skipReason = null;
        if (!TryGetString(envelope, "format", out string? format) || format != source.Format)
        {
            skipReason = $"file {fileName} has format '{format ?? "(none)"}'; the runner reads '{source.Format}'";
        }

        for (int index = 0; index < items.Count; index++)
        {
            string key = $"{fileName}#{index}";
            if (items[index] is not JsonObject item)
            {
                errors.Add($"{key}: the case is not a JSON object");
                continue;
            }

            var merged = source.ShallowMerge ? MergeShallow(defaults, item) : Merge(defaults, item);
            if (!TryGetString(merged, "id", out string? id) || id.Length == 0)
            {
                errors.Add($"{key}: the case has no 'id'");
                id = key;
            }

            if (!TryGetString(merged, "confidence", out string? confidence))
            {
                errors.Add($"{id}: the case has no 'confidence' (treated as must-pass)");
                confidence = "(none)";
            }

            cases.Add(new ConformanceCase
            {
                Key = key,
                FileName = fileName,
                Category = category,
                Id = id,
                Title = TryGetString(merged, "title", out string? title) ? title : "(no title)",
                Confidence = confidence,
                Data = merged,
                LoadSkipReason = skipReason,
            });
        }
    }

    /// <summary>
    /// The merge of the README: the case inherits every top-level key of <c>defaults</c> and overrides it field by
    /// field, so an object (the payload files' <c>request</c>, <c>api</c>, <c>stage</c>) merges one level deep and the
    /// case's <c>request.method</c> keeps the default <c>request.sourceIp</c>. Other values, and the objects listed in
    /// <see cref="WholeValueKeys"/>, are replaced whole.
    /// </summary>
    internal static JsonObject Merge(JsonObject? defaults, JsonObject item)
    {
        var merged = defaults?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in item)
        {
            if (!WholeValueKeys.Contains(name) && merged[name] is JsonObject inherited && value is JsonObject overrides)
            {
                foreach (var (field, fieldValue) in overrides)
                {
                    inherited[field] = fieldValue?.DeepClone();
                }
            }
            else
            {
                merged[name] = value?.DeepClone();
            }
        }

        return merged;
    }

    /// <summary>The merge of the REST corpus: a top-level key of the case replaces the default of the same name whole.</summary>
    internal static JsonObject MergeShallow(JsonObject? defaults, JsonObject item)
    {
        var merged = defaults?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in item)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>
    /// Objects a case replaces whole: jwt-authorizer's <c>token</c> and <c>authorizer</c> (the README says so) and
    /// <c>placement</c> (<c>{header}</c>, <c>{query}</c> or <c>{none}</c>: merging two would mix them).
    /// </summary>
    internal static readonly IReadOnlySet<string> WholeValueKeys = new HashSet<string>(StringComparer.Ordinal) { "token", "authorizer", "placement" };

    internal static bool TryGetString(JsonObject obj, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = null;
        return obj[name] is JsonValue node && node.GetValueKind() == JsonValueKind.String && (value = node.GetValue<string>()) is not null;
    }
}
