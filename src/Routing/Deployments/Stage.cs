namespace Routing.Deployments;

/// <summary>
/// A stage of an API: a name (<c>$default</c> is served at the base path, others under <c>/{name}</c>), the
/// deployment it serves, its variables and whether every change to the API deploys to it. Immutable: changing a
/// stage publishes a new one.
/// </summary>
public sealed record Stage
{
    /// <summary>The name of the stage served at the base path, without a stage segment.</summary>
    public const string DefaultName = "$default";

    /// <summary>The longest stage name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The stage name.</summary>
    public required string Name { get; init; }

    /// <summary>The deployment the stage serves; <see langword="null"/> until one is deployed (requests get 404).</summary>
    public Deployment? Deployment { get; init; }

    /// <summary>The stage variables (at most <see cref="Definitions.ApiQuotas.StageVariablesPerStage"/>).</summary>
    public IReadOnlyDictionary<string, string> StageVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether every change to the API definition is deployed to this stage.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AutoDeploy { get; init; }

    /// <summary>The settings every route of the stage starts from (<c>defaultRouteSettings</c>); <see langword="null"/> when none.</summary>
    public RouteSettings? DefaultRouteSettings { get; init; }

    /// <summary>The settings of single routes, keyed by route key exactly as written (<c>"GET /pets"</c>, <c>"$default"</c>).</summary>
    public IReadOnlyDictionary<string, RouteSettings> RouteSettings { get; init; } = new Dictionary<string, RouteSettings>();

    /// <summary>The stage's access log; <see langword="null"/> for none.</summary>
    public AccessLogSettings? AccessLogSettings { get; init; }

    /// <summary>The longest stage variable name.</summary>
    public const int MaxStageVariableNameLength = 64;

    /// <summary>Whether a name can be a stage variable's: 1 to 64 letters, digits and <c>_</c>. The one rule for stages,
    /// <c>${stageVariables.name}</c> placeholders, <c>$stageVariables.name</c> mapping values and identity sources.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it can.</returns>
    public static bool IsValidVariableName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxStageVariableNameLength)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
