using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Routing.OpenApi.Import;

/// <summary>The base path of a definition's first server and what the <c>basepath</c> mode does with it.</summary>
internal sealed partial class BasePath
{
    private readonly string _prefix;

    private BasePath(string prefix) => _prefix = prefix;

    /// <summary>Finds the base path (a <c>basePath</c> server variable's default, else the server URL's path) and applies the mode.</summary>
    public static BasePath Read(JsonObject root, ImportSession session)
    {
        if (root["servers"] is not JsonArray servers || servers.Count == 0 || servers[0] is not JsonObject server)
        {
            return new BasePath(string.Empty);
        }

        for (int i = 1; i < servers.Count; i++)
        {
            session.Info("server-ignored", $"/servers/{i}", "Only the first server gives the base path; this one is ignored.");
        }

        var variables = server["variables"] as JsonObject;
        string? path = ImportSession.Text(variables?["basePath"]?["default"]);
        if (path is null)
        {
            string url = ImportSession.Text(server["url"]) ?? string.Empty;
            url = Variable().Replace(url, match => ImportSession.Text(variables?[match.Groups["name"].Value]?["default"]) ?? string.Empty);
            int scheme = url.IndexOf("://", StringComparison.Ordinal);
            int slash = url.IndexOf('/', scheme < 0 ? 0 : scheme + 3);
            path = scheme < 0 && !url.StartsWith('/') ? string.Empty : slash < 0 ? string.Empty : url[slash..];
        }

        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string prefix = session.Options.BasePath switch
        {
            OpenApiBasePathMode.Prepend => segments.Length == 0 ? string.Empty : "/" + string.Join('/', segments),
            OpenApiBasePathMode.Split => segments.Length <= 1 ? string.Empty : "/" + string.Join('/', segments[1..]),
            _ => string.Empty,
        };
        return new BasePath(prefix);
    }

    /// <summary>A route path with the base path applied; <c>/</c> under a prefix is the prefix itself.</summary>
    public string Apply(string path) => _prefix.Length == 0 ? path : path == "/" ? _prefix : _prefix + path;

    [GeneratedRegex(@"\{(?<name>[^}]+)\}")]
    private static partial Regex Variable();
}
