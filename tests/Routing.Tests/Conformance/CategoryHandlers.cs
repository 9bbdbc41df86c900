using System.Text.Json.Nodes;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Matching;
using Routing.Routes;
using Routing.Tests.Apis;

namespace Routing.Tests.Conformance;

/// <summary>Runs the cases of one category through the library and describes the result in the shape of <c>expect</c>.</summary>
internal abstract class CategoryHandler
{
    private static readonly HashSet<string> MethodAndPath = new(StringComparer.Ordinal) { "method", "path" };

    protected static readonly IReadOnlyDictionary<string, string> NoDeferredFields = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The <c>category</c> of the files this handler runs.</summary>
    public abstract string Category { get; }

    /// <summary>The top-level case fields the handler reads (besides id, title, expect, confidence, sources, notes, alternatives).</summary>
    public abstract IReadOnlySet<string> InputFields { get; }

    /// <summary><c>expect</c> fields the library cannot produce yet, with the reason the case is then skipped.</summary>
    public virtual IReadOnlyDictionary<string, string> DeferredExpectFields => NoDeferredFields;

    /// <summary>Runs a case.</summary>
    /// <param name="data">The merged case.</param>
    /// <param name="unhandled">Where to note input the handler could not honour (the case is then skipped).</param>
    /// <returns>The actual outcome, with the same field names as <c>expect</c>.</returns>
    public abstract JsonObject Execute(JsonObject data, List<string> unhandled);

    protected static string RequireString(JsonObject obj, string name, string where)
        => ConformanceJson.AsString(obj[name]) ?? throw new InvalidDataException($"{where}.{name} is missing or not a string");

    protected static JsonObject RequireObject(JsonObject obj, string name)
        => obj[name] as JsonObject ?? throw new InvalidDataException($"'{name}' is missing or not an object");

    protected static List<string> RequireStrings(JsonObject obj, string name)
    {
        if (obj[name] is not JsonArray array)
        {
            throw new InvalidDataException($"'{name}' is missing or not an array");
        }

        return array.Select(item => ConformanceJson.AsString(item) ?? throw new InvalidDataException($"'{name}' holds {ConformanceJson.Show(item)}, not a string")).ToList();
    }

    /// <summary>Reads the case's <c>request</c>: a method and a raw path, nothing else.</summary>
    protected static (string Method, string Path) ReadMethodAndPath(JsonObject data, List<string> unhandled)
    {
        var request = RequireObject(data, "request");
        NoteUnknownKeys(request, "request", MethodAndPath, unhandled);
        return (RequireString(request, "method", "request"), RequireString(request, "path", "request"));
    }

    protected static void NoteUnknownKeys(JsonObject obj, string where, IReadOnlySet<string> known, List<string> unhandled)
    {
        foreach (var (name, _) in obj)
        {
            if (!known.Contains(name))
            {
                unhandled.Add($"input field '{where}.{name}' is not handled by the runner");
            }
        }
    }
}

/// <summary>The gateway's own answers, as the corpus writes them (no HTTP dispatcher exists yet to produce them).</summary>
internal static class GatewayOutcome
{
    public const string Route = "route";
    public const string NotFound = "not_found";
    public const string BadRequest = "bad_request";
    public const string UriTooLong = "uri_too_long";

    /// <summary>An answer the gateway gives itself: <c>result</c>, <c>status</c> and, when known, the JSON <c>body</c>.</summary>
    public static JsonObject Error(string result)
    {
        var (status, message) = result switch
        {
            BadRequest => (400, "Bad Request"),
            NotFound => (404, "Not Found"),
            UriTooLong => (414, (string?)null), // the corpus does not say what body goes with 414
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, "not a gateway error"),
        };
        var outcome = new JsonObject { ["result"] = result, ["status"] = status };
        if (message is not null)
        {
            outcome["body"] = new JsonObject { ["message"] = message };
        }

        return outcome;
    }

    /// <summary>The answer for a request-target the library refused before stage and route selection.</summary>
    public static JsonObject ForRefusedTarget(RequestTargetStatus status) => status switch
    {
        RequestTargetStatus.BadRequest => Error(BadRequest),
        RequestTargetStatus.NotFound => Error(NotFound),
        RequestTargetStatus.UriTooLong => Error(UriTooLong),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a refusal"),
    };

    /// <summary>A selected route: its key, and its decoded path parameters (<c>null</c> when the route has none).</summary>
    public static JsonObject ForRoute(RouteMatch match)
    {
        JsonObject? parameters = null;
        if (match.ParameterCount > 0)
        {
            parameters = [];
            foreach (var (name, value) in match.CreateParameterDictionary())
            {
                parameters[name] = value;
            }
        }

        return new JsonObject
        {
            ["result"] = Route,
            ["routeKey"] = match.RouteKey.Value,
            ["pathParameters"] = parameters,
        };
    }

    /// <summary>A buffer for <see cref="RequestTarget.Parse(ReadOnlySpan{char}, ReadOnlySpan{char}, Span{char})"/>.</summary>
    public static char[] BufferFor(string rawTarget) => new char[Math.Min(rawTarget.Length, RequestTarget.MaxPathLength) + 1];
}

/// <summary><c>route-selection</c>: the API has only the <c>$default</c> stage, so the request path is the routing path.</summary>
internal sealed class RouteSelectionHandler : CategoryHandler
{
    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal) { "routes", "request" };

    public override string Category => "route-selection";

    public override IReadOnlySet<string> InputFields => Inputs;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        var table = RouteTable.Create(RequireStrings(data, "routes"));
        var (method, path) = ReadMethodAndPath(data, unhandled);

        var target = RequestTarget.Parse(method, path, GatewayOutcome.BufferFor(path));
        if (!target.IsValid)
        {
            return GatewayOutcome.ForRefusedTarget(target.Status);
        }

        return table.TryMatch(method, target.Path, out var match)
            ? GatewayOutcome.ForRoute(match)
            : GatewayOutcome.Error(GatewayOutcome.NotFound);
    }
}

/// <summary><c>stage-selection</c>: stage selection on the decoded path, then route selection on the routing path.</summary>
internal sealed class StageSelectionHandler : CategoryHandler
{
    public const string EventReason = "event assertions need payload events (dispatch issue)";

    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal) { "stages", "routes", "request" };
    // Stage variables only show in the event, whose assertions are deferred below.
    private static readonly HashSet<string> StageFields = new(StringComparer.Ordinal) { "name", "stageVariables" };

    private static readonly Dictionary<string, string> Deferred = new(StringComparer.Ordinal) { ["event"] = EventReason };

    public override string Category => "stage-selection";

    public override IReadOnlySet<string> InputFields => Inputs;

    public override IReadOnlyDictionary<string, string> DeferredExpectFields => Deferred;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        if (data["stages"] is not JsonArray stages)
        {
            throw new InvalidDataException("'stages' is missing or not an array");
        }

        var names = new List<string>();
        foreach (var stage in stages)
        {
            var stageObject = stage as JsonObject ?? throw new InvalidDataException($"stage {ConformanceJson.Show(stage)} is not an object");
            NoteUnknownKeys(stageObject, "stages[]", StageFields, unhandled);
            names.Add(RequireString(stageObject, "name", "stages[]"));
        }

        var selector = new StageSelector(names);
        var table = RouteTable.Create(RequireStrings(data, "routes"));
        var (method, path) = ReadMethodAndPath(data, unhandled);

        var target = RequestTarget.Parse(method, path, GatewayOutcome.BufferFor(path));
        if (!target.IsValid)
        {
            return GatewayOutcome.ForRefusedTarget(target.Status);
        }

        if (!selector.TrySelect(target.Path, out var stageMatch)
            || !table.TryMatch(method, stageMatch.RoutingPath, out var match))
        {
            return GatewayOutcome.Error(GatewayOutcome.NotFound);
        }

        var outcome = GatewayOutcome.ForRoute(match);
        outcome["stage"] = stageMatch.StageName;
        outcome["routingPath"] = stageMatch.RoutingPath.ToString();
        return outcome;
    }
}

/// <summary><c>route-key-validation</c>: CreateRoute-time validation of a route key (and its authorization settings).</summary>
internal sealed class RouteKeyValidationHandler : CategoryHandler
{
    // AWS refuses invalid CreateRoute input with this error code; the library reports refusals without a code.
    private const string RefusalError = "BadRequestException";

    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal)
    {
        "routeKey", "authorizationType", "authorizationScopes",
    };

    public override string Category => "route-key-validation";

    public override IReadOnlySet<string> InputFields => Inputs;

    public override JsonObject Execute(JsonObject data, List<string> unhandled)
    {
        string? routeKey = null;
        if (data["routeKey"] is { } keyNode)
        {
            routeKey = ConformanceJson.AsString(keyNode) ?? throw new InvalidDataException($"routeKey {ConformanceJson.Show(keyNode)} is not a string");
        }

        List<string> errors;
        if (data.ContainsKey("authorizationType") || data.ContainsKey("authorizationScopes"))
        {
            var definition = new RouteDefinition
            {
                RouteKey = routeKey ?? string.Empty,
                AuthorizationType = ReadAuthorizationType(data, unhandled),
                AuthorizationScopes = data.ContainsKey("authorizationScopes") ? RequireStrings(data, "authorizationScopes") : [],
            };
            errors = definition.Validate().Select(static e => e.Message).ToList();
        }
        else
        {
            errors = RouteKey.TryParse(routeKey, out _, out string? error) ? [] : [error];
        }

        return errors.Count == 0
            ? new JsonObject { ["valid"] = true }
            : new JsonObject { ["valid"] = false, ["error"] = RefusalError, ["message"] = string.Join(" | ", errors) };
    }

    private static AuthorizationType ReadAuthorizationType(JsonObject data, List<string> unhandled)
    {
        if (!data.ContainsKey("authorizationType"))
        {
            return AuthorizationType.None;
        }

        string? type = ConformanceJson.AsString(data["authorizationType"]);
        switch (type)
        {
            case "JWT":
                return AuthorizationType.Jwt;
            case "NONE":
                return AuthorizationType.None;
            default:
                unhandled.Add($"authorizationType {ConformanceJson.Show(data["authorizationType"])} has no counterpart in {nameof(AuthorizationType)}");
                return AuthorizationType.None;
        }
    }
}
