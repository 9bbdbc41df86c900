using System.Text.Json.Nodes;
using Routing.Apis;
using Routing.Definitions;
using Routing.OpenApi.Import;

namespace Routing.OpenApi;

/// <summary>
/// Imports an OpenAPI 3.0 definition with API Gateway's <c>x-amazon-apigateway-*</c> extensions into an HTTP API
/// definition, as <c>aws apigatewayv2 import-api</c> reads it: routes from paths and operations, integrations,
/// JWT and Lambda authorizers, CORS, the base path mode and <c>failOnWarnings</c>. It never throws for a bad file:
/// every problem is a diagnostic with a severity, a code and the JSON pointer of the member, and nothing is fetched.
/// </summary>
public static class OpenApiImporter
{
    /// <summary>The root members of REST APIs, which HTTP APIs ignore.</summary>
    private static readonly string[] RestOnlyExtensions =
    [
        "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-request-validator",
        "x-amazon-apigateway-request-validators", "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-minimum-compression-size",
        "x-amazon-apigateway-endpoint-configuration", "x-amazon-apigateway-policy", "x-amazon-apigateway-documentation",
    ];

    /// <summary>The root extensions HTTP APIs read.</summary>
    private static readonly string[] KnownExtensions = ["x-amazon-apigateway-cors", "x-amazon-apigateway-importexport-version", "x-amazon-apigateway-tag-value"];

    /// <summary>Imports a definition.</summary>
    /// <param name="text">The definition, JSON or YAML.</param>
    /// <param name="options">The import's options; API Gateway's defaults when <see langword="null"/>.</param>
    /// <returns>The definition and the diagnostics; the definition is <see langword="null"/> when the import is refused.</returns>
    public static OpenApiImportResult Import(string text, OpenApiImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var session = new ImportSession(options ?? new OpenApiImportOptions());
        var root = DocumentReader.Read(text, session);
        if (root is null)
        {
            return new OpenApiImportResult(null, session.Diagnostics);
        }

        var definition = new HttpApiDefinition();
        ReadInfo(root, definition, session);
        ReadRootExtensions(root, session);
        var security = SecurityReader.Read(root, definition, session);
        var integrations = new IntegrationReader(session, root["components"]?["x-amazon-apigateway-integrations"] as JsonObject);
        new PathsReader(session, integrations, security, BasePath.Read(root, session)).Read(root, definition);
        definition.Cors = CorsReader.Read(root, session);
        CheckQuotas(definition, session);
        CheckSchemaReferences(root, root, string.Empty, session);

        bool refused = session.HasErrors || (session.Options.FailOnWarnings && session.HasWarnings);
        return new OpenApiImportResult(refused ? null : definition, session.Diagnostics);
    }

    /// <summary>
    /// Reimports a definition into a running API, as <c>aws apigatewayv2 reimport-api</c> does: the routes, integrations,
    /// authorizers, CORS configuration, name, version and description are all replaced by the definition's (an overwrite,
    /// not a merge; CORS is removed when the definition has none); stages and their variables stay. Stages that
    /// auto-deploy serve the new definition at once; the others keep their deployment until the next deploy. When the
    /// import is refused, or the result cannot be deployed, nothing changes and the diagnostics say why.
    /// </summary>
    /// <param name="api">The API to replace the definition of.</param>
    /// <param name="text">The definition, JSON or YAML.</param>
    /// <param name="options">The import's options.</param>
    /// <returns>The new definition and the diagnostics; the definition is <see langword="null"/> when nothing changed.</returns>
    public static OpenApiImportResult Reimport(HttpApi api, string text, OpenApiImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var result = Import(text, options);
        if (result.Definition is not { } imported)
        {
            return result;
        }

        var problems = api.Validate(imported);
        if (problems.Count == 0)
        {
            try
            {
                api.Update(draft => draft.ReplaceWith(imported));
                return result;
            }
            catch (HttpApiValidationException e)
            {
                problems = e.Errors;
            }
        }

        var diagnostics = result.Diagnostics.ToList();
        diagnostics.AddRange(problems.Select(static p => new OpenApiDiagnostic(OpenApiDiagnosticSeverity.Error, "definition-not-deployable", string.Empty, p.ToString())));
        return new OpenApiImportResult(null, diagnostics);
    }

    private static void CheckQuotas(HttpApiDefinition definition, ImportSession session)
    {
        var quotas = session.Options.Quotas;
        Check(definition.Routes.Count, quotas.RoutesPerApi, "/paths", "routes", nameof(ApiQuotas.RoutesPerApi));
        Check(definition.Integrations.Count, quotas.IntegrationsPerApi, "/paths", "integrations", nameof(ApiQuotas.IntegrationsPerApi));
        Check(definition.Authorizers.Count, quotas.AuthorizersPerApi, "/components/securitySchemes", "authorizers", nameof(ApiQuotas.AuthorizersPerApi));

        void Check(int count, int limit, string pointer, string what, string option)
        {
            if (count > limit)
            {
                session.Error("quota-exceeded", pointer, $"The definition makes {count} {what}; an HTTP API has at most {limit} (raise OpenApiImportOptions.Quotas.{option} where your API Gateway quota is higher).");
            }
        }
    }

    /// <summary>
    /// Reports <c>$ref</c>s (in schemas, request bodies, responses ...) that point nowhere in the document: HTTP APIs do not
    /// use what they describe, so each is a warning, not a refusal. Integration references have their own diagnostics.
    /// </summary>
    private static void CheckSchemaReferences(JsonObject root, JsonNode node, string pointer, ImportSession session)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (member, child) in obj)
                {
                    string at = ImportSession.Pointer(pointer, member);
                    if (member == "$ref" && ImportSession.Text(child) is { } reference)
                    {
                        if (!Resolves(root, reference))
                        {
                            session.Warn("schema-ref-unresolved", at, reference.StartsWith('#')
                                ? $"'{reference}' points to nothing in the definition; what it describes is ignored by HTTP APIs anyway."
                                : $"'{reference}' points outside the definition, which import does not fetch; what it describes is ignored by HTTP APIs anyway.");
                        }
                    }
                    else if (child is not null && member is not ("x-amazon-apigateway-integration" or "x-amazon-apigateway-integrations"))
                    {
                        CheckSchemaReferences(root, child, at, session);
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        CheckSchemaReferences(root, item, pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), session);
                    }
                }

                break;
        }
    }

    private static bool Resolves(JsonObject root, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return reference == "#";
        }

        JsonNode? node = root;
        foreach (string raw in reference[2..].Split('/'))
        {
            string token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i) && i < array.Count => array[i],
                _ => null,
            };
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }

    private static void ReadInfo(JsonObject root, HttpApiDefinition definition, ImportSession session)
    {
        var info = root["info"] as JsonObject;
        definition.Name = ImportSession.Text(info?["title"]) ?? session.Options.Name;
        definition.Version = ImportSession.Text(info?["version"]);
        definition.Description = ImportSession.Text(info?["description"]);
        if (definition.Name is null)
        {
            session.Error("api-name-missing", "/info", "The definition has no info.title and the import no Name; give the API a name.");
        }
    }

    private static void ReadRootExtensions(JsonObject root, ImportSession session)
    {
        foreach (var (member, value) in root)
        {
            string pointer = ImportSession.Pointer(string.Empty, member);
            if (member == "x-amazon-apigateway-importexport-version")
            {
                if (ImportSession.Text(value) != "1.0")
                {
                    session.Warn("importexport-version-unsupported", pointer, $"x-amazon-apigateway-importexport-version '{ImportSession.Text(value)}' is not 1.0, the only version; imported with the 1.0 rules.");
                }
            }
            else if (RestOnlyExtensions.Contains(member))
            {
                session.Info("rest-only-extension-ignored", pointer, $"{member} applies to REST APIs only; ignored.");
            }
            else if (member.StartsWith("x-amazon-apigateway-", StringComparison.Ordinal) && !KnownExtensions.Contains(member))
            {
                session.Warn("extension-unknown", pointer, $"{member} is not an API Gateway extension HTTP APIs read; ignored.");
            }
        }
    }
}
