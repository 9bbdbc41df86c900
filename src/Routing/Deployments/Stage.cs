using Routing.Definitions;




namespace Routing.Deployments;

/// <summary>
/// A stage of an API: a name (<c>$default</c> is served at the base path, others under <c>/{name}</c>), the
/// deployment it serves, its variables and whether every change to the API deploys to it. Immutable: changing a
/// stage publishes a new one.
/// </summary>
public sealed record Stage
{
    /// <summary>The stage name.</summary>
    public required string Name { get; init; }

    /// <summary>The deployment the stage serves; <see langword="null"/> until one is deployed (requests get 404).</summary>
    public Deployment? Deployment { get; init; }

    /// <summary>The stage variables (at most 100).</summary>
    public IReadOnlyDictionary<string, string> StageVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether every change to the API definition is deployed to this stage.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AutoDeploy { get; init; }

    /// <summary>The most variables a stage may have.</summary>
    public const int MaxStageVariables = 100;

    /// <summary>The longest stage variable name.</summary>
    public const int MaxStageVariableNameLength = 64;

    /// <summary>Checks the stage on its own: its name and its variables.</summary>
    /// <returns>Every problem found; empty when the stage is valid.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        string where = $"stages[{Name}]";
        if (!StageSelector.IsValidStageName(Name))
        {
            errors.Add(new ValidationError(where + ".name",
                $"Stage name '{Name}' is not valid: use '$default' or 1 to {StageSelector.MaxStageNameLength} letters, digits, '-' and '_'."));
        }

        if (StageVariables.Count > MaxStageVariables)
        {
            errors.Add(new ValidationError(where + ".stageVariables",
                $"Stage '{Name}' has {StageVariables.Count} variables; at most {MaxStageVariables} are allowed."));
        }

        foreach (string name in StageVariables.Keys)
        {
            if (name.Length == 0 || name.Length > MaxStageVariableNameLength || !name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                errors.Add(new ValidationError($"{where}.stageVariables[{name}]",
                    $"Stage '{Name}': the variable name '{name}' is not valid; use 1 to {MaxStageVariableNameLength} letters, digits and '_'."));
            }
        }

        return errors;
    }
}
