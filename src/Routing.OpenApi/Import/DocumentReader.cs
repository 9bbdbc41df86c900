using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;

namespace Routing.OpenApi.Import;

/// <summary>
/// Reads a definition's text into JSON nodes (JSON, or YAML through OpenAPI.NET's YAML converter), checks its OpenAPI
/// version, and resolves what API Gateway resolves before reading it: CloudFormation intrinsics (through the caller's
/// resolver) and <c>${AWS::...}</c> variables.
/// </summary>
internal static partial class DocumentReader
{
    /// <summary>The document's root object, or <see langword="null"/> with an error when it cannot be imported at all.</summary>
    public static JsonObject? Read(string text, ImportSession session)
    {
        var root = Parse(text, session);
        if (root is null)
        {
            return null;
        }

        if (!CheckVersion(root, session))
        {
            return null;
        }

        var unresolved = new List<string>();
        ResolveIntrinsics(root, string.Empty, session, unresolved);
        if (unresolved.Count > 0)
        {
            // As API Gateway, one refusal: the first intrinsic in the document, naming how many more there are.
            session.Error("cfn-intrinsic-unresolved", unresolved[0],
                $"A CloudFormation intrinsic is not OpenAPI; resolve it before import (or pass an IntrinsicResolver)."
                + (unresolved.Count > 1 ? $" {unresolved.Count - 1} more are unresolved: {string.Join(", ", unresolved.Skip(1))}." : string.Empty));
            return null;
        }

        ResolveAwsVariables(root, string.Empty, session);
        return session.HasErrors ? null : root;
    }

    private static JsonObject? Parse(string text, ImportSession session)
    {
        JsonNode? node;
        string trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException e)
            {
                session.Error("document-unparsable", string.Empty, $"The definition is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
                return null;
            }
        }
        else
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                node = stream.Documents.Count == 0 ? null : YamlConverter.ToJsonNode(stream.Documents[0]);
            }
#pragma warning disable CA1031 // Whatever the YAML parser throws, the file is unparsable; the import returns that, never throws.
            catch (Exception e)
#pragma warning restore CA1031
            {
                session.Error("document-unparsable", string.Empty, $"The definition is neither JSON nor valid YAML: {e.Message}");
                return null;
            }
        }

        if (node is JsonObject root)
        {
            return root;
        }

        session.Error("document-unparsable", string.Empty, "The definition must be a JSON or YAML object with 'openapi', 'info' and 'paths'.");
        return null;
    }

    private static bool CheckVersion(JsonObject root, ImportSession session)
    {
        if (root.ContainsKey("swagger"))
        {
            session.Error("openapi-version-unsupported", "/swagger", $"The definition is Swagger {ImportSession.Text(root["swagger"])}; HTTP APIs import only OpenAPI 3.0 (convert it to OpenAPI 3.0 first).");
            return false;
        }

        string? version = ImportSession.Text(root["openapi"]);
        if (version is null)
        {
            session.Error("openapi-version-unsupported", string.Empty, "The definition has no 'openapi' version; HTTP APIs import OpenAPI 3.0 (openapi: 3.0.1).");
            return false;
        }

        if (!version.StartsWith("3.0", StringComparison.Ordinal))
        {
            session.Error("openapi-version-unsupported", "/openapi", $"The definition is OpenAPI {version}; HTTP APIs import only OpenAPI 3.0 (openapi: 3.0.x).");
            return false;
        }

        return true;
    }

    /// <summary>Replaces every CloudFormation intrinsic object the caller resolves; the pointers of the others are collected.</summary>
    private static void ResolveIntrinsics(JsonNode node, string pointer, ImportSession session, List<string> unresolved)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    string at = ImportSession.Pointer(pointer, key);
                    if (child is JsonObject candidate && IsIntrinsic(candidate))
                    {
                        if (session.Options.IntrinsicResolver?.Invoke(at, candidate) is { } value)
                        {
                            obj[key] = value;
                        }
                        else
                        {
                            unresolved.Add(at);
                        }
                    }
                    else if (child is not null)
                    {
                        ResolveIntrinsics(child, at, session, unresolved);
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    string at = pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (array[i] is JsonObject candidate && IsIntrinsic(candidate))
                    {
                        if (session.Options.IntrinsicResolver?.Invoke(at, candidate) is { } value)
                        {
                            array[i] = value;
                        }
                        else
                        {
                            unresolved.Add(at);
                        }
                    }
                    else if (array[i] is { } child)
                    {
                        ResolveIntrinsics(child, at, session, unresolved);
                    }
                }

                break;
        }
    }

    private static bool IsIntrinsic(JsonObject candidate)
        => candidate.Count == 1 && candidate.First().Key is { } key && (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal));

    /// <summary>Replaces <c>${AWS::AccountId}</c>, <c>${AWS::Region}</c> and <c>${AWS::Partition}</c> in every string value.</summary>
    private static void ResolveAwsVariables(JsonNode node, string pointer, ImportSession session)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    string at = ImportSession.Pointer(pointer, key);
                    if (Substitute(child, at, session) is { } replaced)
                    {
                        obj[key] = replaced;
                    }
                    else if (child is not null)
                    {
                        ResolveAwsVariables(child, at, session);
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    string at = pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (Substitute(array[i], at, session) is { } replaced)
                    {
                        array[i] = replaced;
                    }
                    else if (array[i] is { } child)
                    {
                        ResolveAwsVariables(child, at, session);
                    }
                }

                break;
        }
    }

    /// <summary>The string with its AWS variables replaced, or <see langword="null"/> when it is not a string or has none.</summary>
    private static string? Substitute(JsonNode? node, string pointer, ImportSession session)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        string text = value.GetValue<string>();
        if (!text.Contains("${AWS::", StringComparison.Ordinal))
        {
            return null;
        }

        return AwsVariable().Replace(text, match =>
        {
            string name = match.Groups["name"].Value;
            string? replacement = name switch
            {
                "AccountId" => session.Options.AwsAccountId,
                "Region" => session.Options.AwsRegion,
                "Partition" => session.Options.AwsPartition,
                _ => null,
            };
            if (replacement is null)
            {
                session.Error("aws-variable-missing", pointer, $"The definition uses ${{AWS::{name}}}, which the import was not given; set OpenApiImportOptions.Aws{name}.");
                return match.Value;
            }

            return replacement;
        });
    }

    [GeneratedRegex(@"\$\{AWS::(?<name>[A-Za-z]+)\}")]
    private static partial Regex AwsVariable();
}
