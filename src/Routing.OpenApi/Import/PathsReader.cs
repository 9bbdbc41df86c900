using System.Text.Json.Nodes;
using Routing.Definitions;
using Routing.Matching;
using Routing.Routes;

namespace Routing.OpenApi.Import;

/// <summary>Turns <c>paths</c> into routes (one per path and operation) and their integrations.</summary>
internal sealed class PathsReader(ImportSession session, IntegrationReader integrations, SecurityReader security, BasePath basePath)
{
    private const string AnyMethod = "x-amazon-apigateway-any-method";

    private static readonly Dictionary<string, string> Operations = new(StringComparer.Ordinal)
    {
        ["get"] = "GET", ["put"] = "PUT", ["post"] = "POST", ["delete"] = "DELETE",
        ["options"] = "OPTIONS", ["head"] = "HEAD", ["patch"] = "PATCH", [AnyMethod] = "ANY",
    };

    /// <summary>Adds the routes and integrations of <c>paths</c> to the definition.</summary>
    public void Read(JsonObject root, HttpApiDefinition definition)
    {
        if (root["paths"] is not JsonObject paths)
        {
            return;
        }

        var table = new RouteTableBuilder(paths.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (pathKey, node) in paths)
        {
            string pathPointer = ImportSession.Pointer("/paths", pathKey);
            if (node is not JsonObject item)
            {
                session.Warn("path-invalid", pathPointer, $"The path item '{pathKey}' is not an object; no route.");
                continue;
            }

            foreach (var (member, operationNode) in item)
            {
                string operationPointer = ImportSession.Pointer(pathPointer, member);
                if (member == "trace")
                {
                    session.Warn("method-unsupported", operationPointer, $"TRACE {pathKey}: HTTP APIs have no TRACE routes; skipped.");
                    continue;
                }

                if (!Operations.TryGetValue(member, out string? method))
                {
                    continue;
                }

                if (operationNode is not JsonObject operation)
                {
                    session.Warn("path-invalid", operationPointer, $"{method} {pathKey} is not an operation object; no route.");
                    continue;
                }

                string? routeKey = RouteKeyOf(pathKey, method, operation, pathPointer, operationPointer);
                if (routeKey is null)
                {
                    continue;
                }

                if (!RouteKey.TryParse(routeKey, out var key, out string? keyError))
                {
                    session.Warn(routeKey.Contains("+}/", StringComparison.Ordinal) ? "greedy-not-last" : "path-invalid", pathPointer, $"{keyError} No route.");
                    continue;
                }

                if (seen.TryGetValue(routeKey, out string? earlier))
                {
                    session.Error("route-key-conflict", operationPointer, $"'{routeKey}' is defined twice (also at '{earlier}').");
                    continue;
                }

                if (!table.TryAdd(key, out string? conflict))
                {
                    session.Error("route-key-conflict", operationPointer, conflict);
                    continue;
                }

                seen.Add(routeKey, operationPointer);
                CheckDeclaredParameters(item, pathPointer, key);
                CheckDeclaredParameters(operation, operationPointer, key);
                AddRoute(definition, routeKey, operation, operationPointer);
            }
        }
    }

    /// <summary>The route key of an operation, or <see langword="null"/> after a warning when it makes no route.</summary>
    private string? RouteKeyOf(string pathKey, string method, JsonObject operation, string pathPointer, string operationPointer)
    {
        bool defaultFlag = operation["isDefaultRoute"] is JsonValue flag && flag.TryGetValue(out bool value) && value;
        if (pathKey == "$default")
        {
            session.Warn("default-path-without-slash", pathPointer, "Resource $default should start with /: write the path as /$default (with x-amazon-apigateway-any-method and isDefaultRoute: true). No route.");
            return null;
        }

        if (pathKey == "/$default")
        {
            if (method == "ANY" && defaultFlag)
            {
                return RouteKey.DefaultKey;
            }

            session.Warn("path-invalid", operationPointer, "/$default makes the $default route only with x-amazon-apigateway-any-method and isDefaultRoute: true; as a path, '$' is not allowed. No route.");
            return null;
        }

        if (defaultFlag)
        {
            session.Warn("default-route-flag-ignored", ImportSession.Pointer(operationPointer, "isDefaultRoute"), $"isDefaultRoute applies only to /$default; ignored on {pathKey}.");
        }

        return $"{method} {basePath.Apply(pathKey)}";
    }

    private void AddRoute(HttpApiDefinition definition, string routeKey, JsonObject operation, string operationPointer)
    {
        string? integrationId = null;
        const string Extension = "x-amazon-apigateway-integration";
        if (operation.TryGetPropertyValue(Extension, out var integrationNode))
        {
            var integration = integrations.Read(integrationNode, ImportSession.Pointer(operationPointer, Extension), routeKey);
            if (integration is not null)
            {
                integrationId = IntegrationId(routeKey);
                definition.Integrations[integrationId] = integration;
            }
        }
        else
        {
            session.Info("route-without-integration", operationPointer, $"'{routeKey}' has no x-amazon-apigateway-integration; the route exists without a target.");
        }

        if (operation.ContainsKey("requestBody"))
        {
            session.Info("request-validation-ignored", ImportSession.Pointer(operationPointer, "requestBody"), "HTTP APIs do not validate requests; requestBody and schemas are ignored.");
        }

        var route = new RouteDefinition { RouteKey = routeKey, IntegrationId = integrationId };
        definition.Routes.Add(security.Apply(route, operation, operationPointer));
    }

    /// <summary>A stable integration id from the route key, so exports and diffs are deterministic.</summary>
    private static string IntegrationId(string routeKey) => routeKey;

    /// <summary>Warns about <c>in: path</c> parameters whose names are not in the template (<c>proxy+</c> and <c>proxy</c> both name <c>{proxy+}</c>).</summary>
    private void CheckDeclaredParameters(JsonObject owner, string ownerPointer, RouteKey key)
    {
        if (owner["parameters"] is not JsonArray parameters)
        {
            return;
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is not JsonObject parameter || ImportSession.Text(parameter["in"]) != "path" || ImportSession.Text(parameter["name"]) is not { } name)
            {
                continue;
            }

            string bare = name.EndsWith('+') ? name[..^1] : name;
            if (!key.ParameterNames.Contains(bare, StringComparer.Ordinal))
            {
                session.Warn("path-parameter-mismatch", $"{ownerPointer}/parameters/{i}", $"The path parameter '{name}' is declared but '{key.Value}' has no {{{name}}}; the route is created as its template says.");
            }
        }
    }
}
