using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Routing.Apis;
using Routing.Authorization;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations.Lambda;
using Routing.OpenApi.Import;
using Routing.Pipeline;

namespace Routing.OpenApi.Tests.Corpus;

/// <summary>
/// Runs one case of the definitions corpus: imports the definition with the case's options, checks every member of
/// <c>expect</c> it knows, routes the <c>requests</c> through a real dispatcher, and says what it could not check.
/// Assertions marked <c>disputed</c> or <c>unknown</c> are reported, never failed.
/// </summary>
internal sealed partial class OpenApiCaseRunner
{
    private static readonly HashSet<string> MustPass = new(StringComparer.Ordinal) { "documented", "captured", "reported", "inferred" };
    private static readonly HashSet<string> KnownTopLevel = new(StringComparer.Ordinal)
    {
        "format", "id", "definition", "title", "covers", "sources", "confidence", "notes", "import", "expect", "requests", "variants", "reimport", "export",
    };

    private readonly List<string> _failures = [];
    private readonly List<string> _informational = [];
    private readonly List<string> _unchecked = [];
    private readonly OpenApiCase _case;
    private readonly string _confidence;

    private OpenApiCaseRunner(OpenApiCase testCase)
    {
        _case = testCase;
        _confidence = (string?)testCase.Variant?["confidence"] ?? (string?)testCase.Root!["confidence"] ?? "documented";
    }

    /// <summary>What the run found: failures (must pass), reports (disputed or unknown), and what it could not check.</summary>
    public sealed record Verdict(IReadOnlyList<string> Failures, IReadOnlyList<string> Informational, IReadOnlyList<string> Unchecked);

    public static Verdict Run(OpenApiCase testCase)
    {
        var runner = new OpenApiCaseRunner(testCase);
        runner.Execute();
        return new Verdict(runner._failures, runner._informational, runner._unchecked);
    }

    private void Execute()
    {
        var root = _case.Root!;
        foreach (var (member, _) in root)
        {
            if (!KnownTopLevel.Contains(member))
            {
                _unchecked.Add($"'{member}' is not understood by the runner");
            }
        }

        var import = (root["import"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var expect = (root["expect"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var requests = root["requests"] as JsonArray;
        if (_case.Variant is { } variant)
        {
            foreach (var (member, value) in variant["import"] as JsonObject ?? [])
            {
                import[member] = value?.DeepClone();
            }

            foreach (var (member, value) in variant["expect"] as JsonObject ?? [])
            {
                expect[member] = value?.DeepClone();
            }

            requests = variant["requests"] as JsonArray;
        }

        if (ImportDefinition(import) is not { } result)
        {
            return;
        }

        CheckExpect(expect, result);
        RunRequests("requests", requests, result, api: null);
        if (root["export"] is JsonArray exports)
        {
            RunExports(exports, result, import);
        }

        if (root["reimport"] is JsonObject reimport)
        {
            RunReimport(reimport, result, import);
        }
    }

    /// <summary>The case's definition imported with its options (a variant's merged in); <see langword="null"/> when the runner cannot apply them.</summary>
    public static OpenApiImportResult? Import(OpenApiCase testCase)
    {
        var runner = new OpenApiCaseRunner(testCase);
        var import = (testCase.Root!["import"] as JsonObject)?.DeepClone().AsObject() ?? [];
        foreach (var (member, value) in testCase.Variant?["import"] as JsonObject ?? [])
        {
            import[member] = value?.DeepClone();
        }

        return runner.ImportDefinition(import);
    }

    private OpenApiImportResult? ImportDefinition(JsonObject import)
    {
        string definitionPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(_case.File)!, (string)_case.Root!["definition"]!));
        string text = File.ReadAllText(definitionPath);
        var (options, ready) = Options(import, ref text);
        return ready ? OpenApiImporter.Import(text, options) : null;
    }

    private void RunRequests(string where, JsonArray? requests, OpenApiImportResult result, HttpApi? api)
    {
        if (requests is null || requests.Count == 0)
        {
            return;
        }

        if (result.Definition is null)
        {
            Fail(_confidence, $"{where}: the import was refused, so no request can be routed ({Describe(result.Diagnostics)})");
            return;
        }

        foreach (var (request, index) in requests.OfType<JsonObject>().Select(static (r, i) => (r, i)))
        {
            RunRequest(result.Definition, request, $"{where}[{index}]", api);
        }
    }

    /// <summary>
    /// The API of a successful import on the stages <c>import.stages</c> lists (those that do not auto-deploy serve a
    /// deployment of this import), or on an auto-deploying <c>$default</c> stage when it lists none.
    /// </summary>
    private HttpApi? StagedApi(HttpApiDefinition definition, JsonObject import)
    {
        var backend = new Backend();
        var api = new HttpApi(definition, new HttpApiOptions { FunctionResolver = backend, ProxyInvoker = new HttpMessageInvoker(backend), IamAuthorizer = backend });
        var stages = import["stages"] as JsonObject ?? new JsonObject { [Stage.DefaultName] = new JsonObject { ["autoDeploy"] = true } };
        try
        {
            Deployment? first = null;
            foreach (var (name, node) in stages)
            {
                bool autoDeploy = (bool?)node?["autoDeploy"] ?? false;
                var variables = (node?["stageVariables"] as JsonObject ?? []).ToDictionary(static p => p.Key, static p => (string)p.Value!, StringComparer.Ordinal);
                api.AddStage(new Stage { Name = name, AutoDeploy = autoDeploy, StageVariables = variables, Deployment = autoDeploy ? null : first ??= api.Deploy("import") });
            }
        }
        catch (HttpApiValidationException e)
        {
            Fail(_confidence, $"import.stages: the imported API cannot be deployed: {e.Message}");
            return null;
        }

        return api;
    }

    private void RunExports(JsonArray exports, OpenApiImportResult result, JsonObject import)
    {
        if (result.Definition is null || StagedApi(result.Definition, import) is not { } api)
        {
            Fail(_confidence, $"export: the import was refused, so there is nothing to export ({Describe(result.Diagnostics)})");
            return;
        }

        foreach (var (call, index) in exports.OfType<JsonObject>().Select(static (c, i) => (c, i)))
        {
            string where = $"export[{index}]";
            string confidence = (string?)call["confidence"] ?? _confidence;
            var options = new OpenApiExportOptions();
            foreach (var (member, value) in call["options"] as JsonObject ?? [])
            {
                switch (member)
                {
                    case "includeExtensions":
                        options = options with { IncludeExtensions = (bool?)value ?? true };
                        break;
                    case "outputType":
                        options = options with { OutputType = string.Equals((string?)value, "YAML", StringComparison.OrdinalIgnoreCase) ? OpenApiOutputType.Yaml : OpenApiOutputType.Json };
                        break;
                    case "stageName":
                        options = options with { StageName = (string?)value };
                        break;
                    default:
                        _unchecked.Add($"{where}.options.{member} is not understood by the runner");
                        break;
                }
            }

            if (options.StageName is { } stageName && !api.Stages.Any(s => s.Name == stageName))
            {
                _unchecked.Add($"{where}: stage '{stageName}' is not among the stages import.stages creates");
                continue;
            }

            var export = OpenApiExporter.Export(api, options);
            var document = DocumentReader.Read(export.Document, new ImportSession(new OpenApiImportOptions()));
            if (document is null)
            {
                Fail(confidence, $"{where}: the exported document cannot be read back:\n{export.Document}");
                continue;
            }

            CheckExport(where, call["expect"] as JsonObject ?? [], export, document, result.Definition, confidence);
        }
    }

    private void CheckExport(string where, JsonObject expect, OpenApiExportResult export, JsonObject document, HttpApiDefinition imported, string confidence)
    {
        foreach (var (member, value) in expect)
        {
            switch (member)
            {
                case "equals":
                    foreach (var (pointer, expected) in value as JsonObject ?? [])
                    {
                        var found = Resolve(document, pointer, out bool exists);
                        Check(confidence, exists && JsonNode.DeepEquals(expected, found), $"{where}: expected {pointer} = {Show(expected)}, found {(exists ? Show(found) : "nothing")}");
                    }

                    break;
                case "present":
                    foreach (string? pointer in (value as JsonArray ?? []).Select(static p => (string?)p))
                    {
                        _ = Resolve(document, pointer ?? string.Empty, out bool exists);
                        Check(confidence, exists, $"{where}: expected {pointer} in the export");
                    }

                    break;
                case "absent":
                    foreach (string? pointer in (value as JsonArray ?? []).Select(static p => (string?)p))
                    {
                        var found = Resolve(document, pointer ?? string.Empty, out bool exists);
                        Check(confidence, !exists, $"{where}: expected no {pointer} in the export, found {Show(found)}");
                    }

                    break;
                case "roundTrip" when (bool?)value == true:
                    var again = OpenApiImporter.Import(export.Document);
                    if (again.Definition is null)
                    {
                        Fail(confidence, $"{where}: the export does not import again ({Describe(again.Diagnostics)})");
                        break;
                    }

                    Check(confidence, !again.Diagnostics.Any(static d => d.Severity != OpenApiDiagnosticSeverity.Info), $"{where}: importing the export reports {Describe(again.Diagnostics)}");
                    string before = DefinitionShape.Of(imported), after = DefinitionShape.Of(again.Definition);
                    Check(confidence, before == after, $"{where}: importing the export gives another API:\n{after}\ninstead of\n{before}");
                    break;
                case "roundTrip":
                    break;
                default:
                    _unchecked.Add($"{where}: expect.{member} is not checked by the runner");
                    break;
            }
        }
    }

    /// <summary>The node at an RFC 6901 pointer; <paramref name="exists"/> tells a JSON null from a missing member.</summary>
    private static JsonNode? Resolve(JsonNode document, string pointer, out bool exists)
    {
        exists = true;
        if (pointer.Length == 0)
        {
            return document;
        }

        JsonNode? node = document;
        foreach (string raw in pointer[1..].Split('/'))
        {
            string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < array.Count:
                    node = array[i];
                    break;
                default:
                    exists = false;
                    return null;
            }
        }

        return node;
    }

    private void RunReimport(JsonObject reimport, OpenApiImportResult baseResult, JsonObject baseImport)
    {
        if (baseResult.Definition is null || StagedApi(baseResult.Definition, baseImport) is not { } api)
        {
            Fail(_confidence, $"reimport: the first import was refused, so there is nothing to reimport into ({Describe(baseResult.Diagnostics)})");
            return;
        }

        var import = baseImport.DeepClone().AsObject();
        import.Remove("stages");
        foreach (var (member, value) in reimport["import"] as JsonObject ?? [])
        {
            import[member] = value?.DeepClone();
        }

        string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(_case.File)!, (string?)reimport["definition"] ?? (string)_case.Root!["definition"]!));
        string text = File.ReadAllText(path);
        var (options, ready) = Options(import, ref text);
        if (!ready)
        {
            return;
        }

        var stagesBefore = StagesOf(api);
        string shapeBefore = DefinitionShape.Of(api.Definition);
        var result = OpenApiImporter.Reimport(api, text, options);
        if (!result.Succeeded)
        {
            Check(_confidence, DefinitionShape.Of(api.Definition) == shapeBefore, "reimport: the reimport was refused but changed the API");
        }

        var expect = (reimport["expect"] as JsonObject)?.DeepClone().AsObject() ?? [];
        if (expect.Remove("stagesPreserved", out var preserved))
        {
            bool wanted = (bool?)preserved ?? true;
            Check(_confidence, (StagesOf(api) == stagesBefore) == wanted, $"reimport: expected stagesPreserved {wanted}: before {stagesBefore}, after {StagesOf(api)}");
        }

        CheckExpect(expect, new OpenApiImportResult(result.Succeeded ? api.Definition : null, result.Diagnostics));
        RunRequests("reimport.requests", reimport["requests"] as JsonArray, new OpenApiImportResult(api.Definition, result.Diagnostics), api);
    }

    private static string StagesOf(HttpApi api) => string.Join("; ", api.Stages.OrderBy(static s => s.Name, StringComparer.Ordinal)
        .Select(static s => s.Name + " {" + string.Join(", ", s.StageVariables.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => p.Key + "=" + p.Value)) + "}"));

    private (OpenApiImportOptions Options, bool Ready) Options(JsonObject import, ref string text)
    {
        var options = new OpenApiImportOptions();
        foreach (var (member, value) in import)
        {
            switch (member)
            {
                case "basepath":
                    options = options with
                    {
                        BasePath = (string?)value switch
                        {
                            "prepend" => OpenApiBasePathMode.Prepend,
                            "split" => OpenApiBasePathMode.Split,
                            _ => OpenApiBasePathMode.Ignore,
                        },
                    };
                    break;
                case "failOnWarnings":
                    options = options with { FailOnWarnings = (bool?)value ?? false };
                    break;
                case "awsVariables":
                    options = options with
                    {
                        AwsAccountId = (string?)value?["AWS::AccountId"] ?? (string?)value?["AccountId"],
                        AwsRegion = (string?)value?["AWS::Region"] ?? (string?)value?["Region"],
                        AwsPartition = (string?)value?["AWS::Partition"] ?? (string?)value?["Partition"] ?? "aws",
                    };
                    break;
                case "name":
                    options = options with { Name = (string?)value };
                    break;
                case "templateVariables":
                    foreach (var (key, replacement) in value as JsonObject ?? [])
                    {
                        text = text.Replace("${" + key + "}", (string?)replacement, StringComparison.Ordinal);
                    }

                    break;
                case "intrinsics":
                    var resolutions = (value as JsonArray ?? []).OfType<JsonObject>().ToDictionary(static i => (string)i["at"]!, static i => (string)i["value"]!, StringComparer.Ordinal);
                    options = options with { IntrinsicResolver = (pointer, _) => resolutions.GetValueOrDefault(pointer) };
                    break;
                case "stages":
                    // Read by StagedApi, for export and reimport.
                    break;
                default:
                    _unchecked.Add($"import.{member} is not understood by the runner");
                    return (options, false);
            }
        }

        return (options, true);
    }

    private void CheckExpect(JsonObject expect, OpenApiImportResult result)
    {
        var definition = result.Definition;
        // A refused import creates nothing, so what the API would hold is not checked when both say "rejected".
        bool nothingCreated = (string?)expect["outcome"] == "rejected" && !result.Succeeded;
        foreach (var (member, value) in expect)
        {
            if (nothingCreated && member is "api" or "routes" or "authorizers" or "cors")
            {
                continue;
            }

            switch (member)
            {
                case "outcome":
                    string outcome = result.Succeeded ? "imported" : "rejected";
                    Check(value, (string?)value == outcome, $"outcome: expected {(string?)value}, got {outcome} ({Describe(result.Diagnostics)})");
                    break;
                case "api":
                    CheckApi(value as JsonObject, definition);
                    break;
                case "routes":
                    CheckRoutes(value as JsonObject ?? [], definition, (bool?)expect["routesExact"] ?? true);
                    break;
                case "authorizers":
                    CheckAuthorizers(value as JsonObject ?? [], definition, (bool?)expect["authorizersExact"] ?? true);
                    break;
                case "cors":
                    CheckCors(value, definition);
                    break;
                case "diagnostics":
                    CheckDiagnostics(value as JsonArray ?? [], result.Diagnostics, (bool?)expect["diagnosticsExact"] ?? false);
                    break;
                case "routesExact" or "authorizersExact" or "diagnosticsExact":
                    break;
                default:
                    _unchecked.Add($"expect.{member} is not checked by the runner");
                    break;
            }
        }
    }

    private void CheckApi(JsonObject? api, HttpApiDefinition? definition)
    {
        foreach (var (member, value) in api ?? [])
        {
            string? actual = member switch
            {
                "name" => definition?.Name,
                "version" => definition?.Version,
                "description" => definition?.Description,
                _ => null,
            };
            if (member is not ("name" or "version" or "description"))
            {
                _unchecked.Add($"expect.api.{member} is not checked by the runner");
                continue;
            }

            Check(value, (string?)value == actual, $"api.{member}: expected {Show(value)}, got {Show(actual)}");
        }
    }

    private void CheckRoutes(JsonObject routes, HttpApiDefinition? definition, bool exact)
    {
        var actual = definition?.Routes.ToDictionary(static r => r.RouteKey, StringComparer.Ordinal) ?? [];
        foreach (var (key, node) in routes)
        {
            if (node is not JsonObject route)
            {
                continue;
            }

            string confidence = (string?)route["confidence"] ?? _confidence;
            if (!actual.TryGetValue(key, out var imported))
            {
                Fail(confidence, $"routes: '{key}' was not imported (routes: {string.Join(", ", actual.Keys)})");
                continue;
            }

            foreach (var (member, value) in route)
            {
                switch (member)
                {
                    case "integration":
                        CheckIntegration(key, value as JsonObject, imported.IntegrationId is { } id ? definition!.Integrations[id] : null, confidence);
                        break;
                    case "authorization":
                        CheckAuthorization($"routes['{key}'].authorization", value as JsonObject ?? [], imported, confidence);
                        break;
                    case "confidence" or "notes" or "alternatives" or "sources":
                        break;
                    default:
                        _unchecked.Add($"routes['{key}'].{member} is not checked by the runner");
                        break;
                }
            }
        }

        if (exact && definition is not null)
        {
            var extra = actual.Keys.Where(k => !routes.ContainsKey(k)).ToList();
            Check(null, extra.Count == 0, $"routes: imported routes the expectation does not list: {string.Join(", ", extra)}");
        }
    }

    private void CheckIntegration(string key, JsonObject? expected, IntegrationDefinition? actual, string confidence)
    {
        string where = $"routes['{key}'].integration";
        if (expected is null)
        {
            Check(confidence, actual is null, $"{where}: expected no integration, got {actual?.IntegrationType}");
            return;
        }

        if (actual is null)
        {
            Fail(confidence, $"{where}: expected an integration, the route has none");
            return;
        }

        foreach (var (member, value) in expected)
        {
            string? got;
            switch (member)
            {
                case "type":
                    got = actual.IntegrationType switch { IntegrationType.AwsProxy => "AWS_PROXY", IntegrationType.HttpProxy => "HTTP_PROXY", var t => t.ToString() };
                    break;
                case "method":
                    got = actual.IntegrationMethod;
                    break;
                case "uri":
                    got = actual.IntegrationUri;
                    break;
                case "payloadFormatVersion":
                    got = actual.PayloadFormatVersion == PayloadFormatVersion.V1 ? "1.0" : "2.0";
                    break;
                case "timeoutInMillis":
                    got = actual.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
                    break;
                case "connectionType":
                    got = actual.ConnectionType == ConnectionType.VpcLink ? "VPC_LINK" : "INTERNET";
                    break;
                case "connectionId":
                    got = actual.ConnectionId;
                    break;
                case "subtype":
                    got = actual.IntegrationSubtype;
                    break;
                case "credentials":
                    got = actual.CredentialsArn;
                    break;
                case "requestParameters":
                    Check(confidence, SameMap(value as JsonObject, actual.RequestParameters), $"{where}.requestParameters: expected {Show(value)}, got {Show(actual.RequestParameters)}");
                    continue;
                case "responseParameters":
                    var expectedStatuses = value as JsonObject ?? [];
                    bool same = expectedStatuses.Count == actual.ResponseParameters.Count
                        && expectedStatuses.All(p => actual.ResponseParameters.TryGetValue(p.Key, out var maps) && SameMap(p.Value as JsonObject, maps));
                    Check(confidence, same, $"{where}.responseParameters: expected {Show(value)}, got {Show(actual.ResponseParameters)}");
                    continue;
                default:
                    _unchecked.Add($"{where}.{member} is not checked by the runner");
                    continue;
            }

            string? want = value is null ? null : ValueText(value);
            bool equal = member is "type" or "method" or "connectionType"
                ? string.Equals(want, got, StringComparison.OrdinalIgnoreCase)
                : want == got;
            Check(confidence, equal, $"{where}.{member}: expected {Show(want)}, got {Show(got)}");
        }
    }

    private void CheckAuthorization(string where, JsonObject expected, RouteDefinition route, string confidence)
    {
        foreach (var (member, value) in expected)
        {
            switch (member)
            {
                case "type":
                    string type = route.AuthorizationType switch
                    {
                        AuthorizationType.Jwt => "JWT",
                        AuthorizationType.Custom => "CUSTOM",
                        AuthorizationType.AwsIam => "AWS_IAM",
                        _ => "NONE",
                    };
                    Check(confidence, (string?)value == type, $"{where}.type: expected {Show(value)}, got {type}");
                    break;
                case "authorizer":
                    Check(confidence, (string?)value == route.AuthorizerId, $"{where}.authorizer: expected {Show(value)}, got {Show(route.AuthorizerId)}");
                    break;
                case "scopes":
                    var scopes = (value as JsonArray ?? []).Select(static s => (string?)s).ToList();
                    Check(confidence, scopes.SequenceEqual(route.AuthorizationScopes), $"{where}.scopes: expected {Show(value)}, got [{string.Join(", ", route.AuthorizationScopes)}]");
                    break;
                default:
                    _unchecked.Add($"{where}.{member} is not checked by the runner");
                    break;
            }
        }
    }

    private void CheckAuthorizers(JsonObject expected, HttpApiDefinition? definition, bool exact)
    {
        var actual = definition?.Authorizers ?? [];
        foreach (var (name, node) in expected)
        {
            if (node is not JsonObject authorizer)
            {
                continue;
            }

            string confidence = (string?)authorizer["confidence"] ?? _confidence;
            string where = $"authorizers['{name}']";
            if (!actual.TryGetValue(name, out var imported))
            {
                Fail(confidence, $"{where}: not imported (authorizers: {string.Join(", ", actual.Keys)})");
                continue;
            }

            foreach (var (member, value) in authorizer)
            {
                string? got;
                switch (member, imported)
                {
                    case ("type", JwtAuthorizerDefinition):
                        got = "JWT";
                        break;
                    case ("type", LambdaAuthorizerDefinition):
                        got = "REQUEST";
                        break;
                    case ("identitySource", JwtAuthorizerDefinition jwt):
                        Check(confidence, SameList(value, [jwt.IdentitySource]), $"{where}.identitySource: expected {Show(value)}, got [{jwt.IdentitySource}]");
                        continue;
                    case ("identitySource", LambdaAuthorizerDefinition lambda):
                        Check(confidence, SameList(value, lambda.IdentitySource), $"{where}.identitySource: expected {Show(value)}, got [{string.Join(", ", lambda.IdentitySource)}]");
                        continue;
                    case ("issuer", JwtAuthorizerDefinition jwt):
                        got = jwt.Issuer;
                        break;
                    case ("audience", JwtAuthorizerDefinition jwt):
                        Check(confidence, SameList(value, jwt.Audiences), $"{where}.audience: expected {Show(value)}, got [{string.Join(", ", jwt.Audiences)}]");
                        continue;
                    case ("authorizerUri", LambdaAuthorizerDefinition lambda):
                        got = lambda.AuthorizerUri;
                        break;
                    case ("payloadFormatVersion", LambdaAuthorizerDefinition lambda):
                        got = lambda.PayloadFormatVersion == PayloadFormatVersion.V1 ? "1.0" : "2.0";
                        break;
                    case ("enableSimpleResponses", LambdaAuthorizerDefinition lambda):
                        got = lambda.EnableSimpleResponses ? "true" : "false";
                        break;
                    case ("resultTtlInSeconds", LambdaAuthorizerDefinition lambda):
                        got = ((int)lambda.ResultTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                        break;
                    case ("credentials", LambdaAuthorizerDefinition lambda):
                        got = lambda.CredentialsArn;
                        break;
                    case ("confidence" or "notes" or "alternatives" or "sources", _):
                        continue;
                    default:
                        _unchecked.Add($"{where}.{member} is not checked by the runner for a {imported.GetType().Name}");
                        continue;
                }

                string? want = value is null ? null : ValueText(value);
                Check(confidence, string.Equals(want, got, member == "type" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal), $"{where}.{member}: expected {Show(want)}, got {Show(got)}");
            }
        }

        if (exact && definition is not null)
        {
            var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToList();
            Check(null, extra.Count == 0, $"authorizers: imported authorizers the expectation does not list: {string.Join(", ", extra)}");
        }
    }

    private void CheckCors(JsonNode? expected, HttpApiDefinition? definition)
    {
        var cors = definition?.Cors;
        if (expected is not JsonObject members)
        {
            Check(null, cors is null, "cors: expected no CORS configuration, got one");
            return;
        }

        if (cors is null)
        {
            Fail(_confidence, $"cors: expected {Show(expected)}, got none");
            return;
        }

        foreach (var (member, value) in members)
        {
            (bool same, string got) = member switch
            {
                "allowOrigins" => (SameList(value, cors.AllowOrigins), Show(cors.AllowOrigins)),
                "allowMethods" => (SameList(value, cors.AllowMethods), Show(cors.AllowMethods)),
                "allowHeaders" => (SameList(value, cors.AllowHeaders), Show(cors.AllowHeaders)),
                "exposeHeaders" => (SameList(value, cors.ExposeHeaders), Show(cors.ExposeHeaders)),
                "maxAge" => ((int?)value == cors.MaxAge, Show(cors.MaxAge?.ToString(CultureInfo.InvariantCulture))),
                "allowCredentials" => ((bool?)value == cors.AllowCredentials, cors.AllowCredentials ? "true" : "false"),
                _ => (true, "?"),
            };
            if (got == "?")
            {
                _unchecked.Add($"cors.{member} is not checked by the runner");
                continue;
            }

            Check(null, same, $"cors.{member}: expected {Show(value)}, got {got}");
        }
    }

    private void CheckDiagnostics(JsonArray expected, IReadOnlyList<OpenApiDiagnostic> actual, bool exact)
    {
        var matched = new HashSet<OpenApiDiagnostic>();
        foreach (var item in expected.OfType<JsonObject>())
        {
            string confidence = (string?)item["confidence"] ?? _confidence;
            string? severity = (string?)item["severity"];
            string? code = (string?)item["code"];
            string? pointer = item.ContainsKey("pointer") ? (string?)item["pointer"] : null;
            var found = actual.FirstOrDefault(d => !matched.Contains(d) && Severity(d) == severity && d.Code == code && (pointer is null || d.JsonPointer == pointer));
            if (found is null)
            {
                Fail(confidence, $"diagnostics: expected {severity} {code}{(pointer is null ? string.Empty : " at " + pointer)}, got {Describe(actual)}");
            }
            else
            {
                matched.Add(found);
            }
        }

        if (exact)
        {
            var extra = actual.Where(d => d.Severity != OpenApiDiagnosticSeverity.Info && !matched.Contains(d)).ToList();
            Check(null, extra.Count == 0, $"diagnostics: reported warnings or errors the expectation does not list: {Describe(extra)}");
        }
    }

    private static string Severity(OpenApiDiagnostic diagnostic) => diagnostic.Severity.ToString().ToLowerInvariant();

    /// <summary>Routes one request; with a <c>stage</c>, against the deployment that stage of <paramref name="staged"/> serves.</summary>
    private void RunRequest(HttpApiDefinition imported, JsonObject request, string at, HttpApi? staged)
    {
        string confidence = (string?)request["confidence"] ?? _confidence;
        string method = (string)request["method"]!;
        string path = (string)request["path"]!;
        string where = $"{at} {method} {path}";
        var stageVariables = (request["stageVariables"] as JsonObject ?? []).ToDictionary(static p => p.Key, static p => (string)p.Value!, StringComparer.Ordinal);
        if ((string?)request["stage"] is { } stageName)
        {
            var stage = staged?.Stages.FirstOrDefault(s => s.Name == stageName);
            if (stage?.Deployment is null)
            {
                _unchecked.Add($"{where}: stage '{stageName}' does not exist here (stages come from import.stages, with reimport)");
                return;
            }

            imported = stage.Deployment.GetDefinition();
            if (request["stageVariables"] is null)
            {
                stageVariables = new Dictionary<string, string>(stage.StageVariables, StringComparer.Ordinal);
            }
        }

        var backend = new Backend();
        HttpApi api;
        try
        {
            api = Deploy(imported, stageVariables, backend);
        }
        catch (HttpApiValidationException e)
        {
            Fail(confidence, $"{where}: the imported API cannot be deployed: {e.Message}");
            return;
        }

        var dispatcher = new HttpApiDispatcher(api);
        var context = dispatcher.ServeAsync(new GatewayRequest { Method = method, RawTarget = path, Headers = [new("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com")] }).AsTask().GetAwaiter().GetResult();
        var response = context.Response!;
        try
        {
            CheckAnswer(where, request["expect"] as JsonObject ?? [], imported, context, response, backend, path, confidence);
        }
        finally
        {
            response.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private void CheckAnswer(string where, JsonObject expect, HttpApiDefinition imported, GatewayContext context, GatewayResponse response, Backend backend, string path, string confidence)
    {
        foreach (var (member, value) in expect)
        {
            switch (member)
            {
                case "status":
                    Check(confidence, (int?)value == response.StatusCode, $"{where}: expected status {value}, got {response.StatusCode} {response.GetBodyText()}");
                    break;
                case "routeKey":
                    Check(confidence, (string?)value == context.RouteKey?.Value, $"{where}: expected route {Show(value)}, got {Show(context.RouteKey?.Value)} ({response.StatusCode})");
                    break;
                case "pathParameters":
                    var parameters = context.IntegrationRequest?.PathParameters;
                    bool same = value is null ? parameters is null || parameters.Count == 0 : SameMap(value as JsonObject, parameters ?? new Dictionary<string, string>());
                    Check(confidence, same, $"{where}: expected path parameters {Show(value)}, got {Show(parameters)}");
                    break;
                case "integrationUri":
                    CheckIntegrationUri(where, (string?)value, imported, context, backend, path, confidence);
                    break;
                case "authorization":
                    var route = imported.Routes.FirstOrDefault(r => r.RouteKey == context.RouteKey?.Value);
                    if (route is null)
                    {
                        Fail(confidence, $"{where}: expected an authorization, but no route was selected");
                    }
                    else
                    {
                        CheckAuthorization($"{where}.authorization", value as JsonObject ?? [], route, confidence);
                    }

                    break;
                default:
                    _unchecked.Add($"{where}: expect.{member} is not checked by the runner");
                    break;
            }
        }
    }

    private void CheckIntegrationUri(string where, string? expected, HttpApiDefinition imported, GatewayContext context, Backend backend, string path, string confidence)
    {
        string? integrationId = imported.Routes.FirstOrDefault(r => r.RouteKey == context.RouteKey?.Value)?.IntegrationId;
        var integration = integrationId is null ? null : imported.Integrations[integrationId];
        if (integration?.IntegrationType == IntegrationType.HttpProxy)
        {
            string? sent = backend.LastUri;
            int query = path.IndexOf('?', StringComparison.Ordinal);
            if (sent is not null && query >= 0)
            {
                string clientQuery = path[(query + 1)..];
                if (sent.EndsWith("?" + clientQuery, StringComparison.Ordinal) || sent.EndsWith("&" + clientQuery, StringComparison.Ordinal))
                {
                    sent = sent[..^(clientQuery.Length + 1)];
                }
            }

            Check(confidence, sent == expected, $"{where}: expected integration URI {Show(expected)}, the backend was called with {Show(sent)}");
            return;
        }

        if (integration?.IntegrationType == IntegrationType.AwsProxy && expected is not null)
        {
            // The gateway calls the function the URI names (after stage variables): the resolver sees its name.
            string wanted = integration.IntegrationSubtype ?? FunctionName(expected);
            Check(confidence, backend.Functions.Contains(wanted), $"{where}: expected the function '{wanted}' ({expected}) to be called, got [{string.Join(", ", backend.Functions)}]");
            return;
        }

        Fail(confidence, $"{where}: expected integration URI {Show(expected)}, the route has no integration that calls one");
    }

    private static string FunctionName(string uri)
    {
        var match = FunctionPattern().Match(uri);
        return match.Success ? match.Groups["name"].Value : uri;
    }

    [GeneratedRegex(@":function:(?<name>[A-Za-z0-9_-]+)")]
    private static partial Regex FunctionPattern();

    /// <summary>The imported API on a $default stage with the request's variables; authorization off, so every integration runs.</summary>
    private static HttpApi Deploy(HttpApiDefinition imported, Dictionary<string, string> stageVariables, Backend backend)
    {
        var definition = imported.Clone();
        definition.Authorizers.Clear();
        for (int i = 0; i < definition.Routes.Count; i++)
        {
            definition.Routes[i] = definition.Routes[i] with { AuthorizationType = AuthorizationType.None, AuthorizerId = null, AuthorizationScopes = [] };
        }

        var api = new HttpApi(definition, new HttpApiOptions { FunctionResolver = backend, ProxyInvoker = new HttpMessageInvoker(backend) });
        api.AddStage(new Stage { Name = Stage.DefaultName, AutoDeploy = true, StageVariables = stageVariables });
        return api;
    }

    private static bool SameMap(JsonObject? expected, IReadOnlyDictionary<string, string> actual)
        => (expected?.Count ?? 0) == actual.Count && (expected ?? []).All(p => actual.TryGetValue(p.Key, out string? v) && v == ValueText(p.Value));

    private static bool SameList(JsonNode? expected, IEnumerable<string> actual)
        => (expected as JsonArray ?? []).Select(ValueText).SequenceEqual(actual);

    private static string? ValueText(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
        : node?.ToJsonString();

    private static string Show(object? value) => value switch
    {
        null => "null",
        JsonNode node => node.ToJsonString(),
        string text => $"'{text}'",
        IEnumerable<string> list => $"[{string.Join(", ", list)}]",
        IReadOnlyDictionary<string, string> map => "{" + string.Join(", ", map.Select(static p => $"{p.Key}: {p.Value}")) + "}",
        _ => value.ToString() ?? "?",
    };

    private static string Describe(IEnumerable<OpenApiDiagnostic> diagnostics)
    {
        var list = diagnostics.Where(static d => d.Severity != OpenApiDiagnosticSeverity.Info).Select(static d => $"{Severity(d)} {d.Code} at {d.JsonPointer}: {d.Message}").ToList();
        return list.Count == 0 ? "no warnings or errors" : string.Join("; ", list);
    }

    private void Check(object? confidenceOrValue, bool passed, string message)
    {
        if (!passed)
        {
            Fail(confidenceOrValue as string ?? _confidence, message);
        }
    }

    private void Fail(string confidence, string message)
    {
        if (MustPass.Contains(confidence))
        {
            _failures.Add(message);
        }
        else
        {
            _informational.Add($"({confidence}) {message}");
        }
    }

    /// <summary>What the integrations call: any function (recorded by name, answering 200) and any HTTP backend (recorded by URI).</summary>
    private sealed class Backend : HttpMessageHandler, ILambdaFunctionResolver, IAuthorizer
    {
        // The requests of a staged API are routed on a copy without authorization; IAM routes only need a verifier to deploy.
        public ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(AuthorizationResult.Forbidden());

        public List<string> Functions { get; } = [];

        public string? LastUri { get; private set; }

        public LambdaFunction? Resolve(string functionName)
        {
            Functions.Add(functionName);
            return LambdaFunction.FromStream(static (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes("""{"statusCode":200}"""))));
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastUri = request.RequestUri?.OriginalString;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
        }
    }
}
