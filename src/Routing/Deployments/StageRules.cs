using System.Globalization;
using Routing.Definitions;

namespace Routing.Deployments;

/// <summary>The rules of stages, written once: a stage's name and variables, and a set of stages (unique names, the quota).</summary>
internal static class StageRules
{
    /// <summary>The most stages an API may have (API Gateway's quota).</summary>
    public const int MaxStages = 10;

    /// <summary>Checks one stage on its own: its name and its variables.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="errors">Where problems go.</param>
    public static void Validate(Stage stage, List<ValidationError> errors)
    {
        string where = $"stages[{stage.Name}]";
        if (!StageSelector.IsValidStageName(stage.Name))
        {
            errors.Add(new ValidationError(where + ".name",
                $"Stage name '{stage.Name}' is not valid: use '$default' or 1 to {StageSelector.MaxStageNameLength} letters, digits, '-' and '_'."));
        }

        if (stage.StageVariables.Count > Stage.MaxStageVariables)
        {
            errors.Add(new ValidationError(where + ".stageVariables",
                string.Create(CultureInfo.InvariantCulture, $"Stage '{stage.Name}' has {stage.StageVariables.Count} variables; at most {Stage.MaxStageVariables} are allowed.")));
        }

        foreach (string name in stage.StageVariables.Keys)
        {
            if (!Stage.IsValidVariableName(name))
            {
                errors.Add(new ValidationError($"{where}.stageVariables[{name}]",
                    $"Stage '{stage.Name}': the variable name '{name}' is not valid; use 1 to {Stage.MaxStageVariableNameLength} letters, digits and '_'."));
            }
        }
    }

    /// <summary>Checks a set of stages: each on its own, then unique names and the quota.</summary>
    /// <param name="stages">The stages.</param>
    /// <param name="errors">Where problems go.</param>
    public static void ValidateSet(IReadOnlyList<Stage> stages, List<ValidationError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            Validate(stage, errors);
            if (StageSelector.IsValidStageName(stage.Name) && !names.Add(stage.Name))
            {
                errors.Add(new ValidationError($"stages[{stage.Name}]", $"Stage '{stage.Name}' is added twice; each stage needs its own name."));
            }
        }

        if (stages.Count > MaxStages)
        {
            errors.Add(new ValidationError("stages", string.Create(CultureInfo.InvariantCulture, $"The API has {stages.Count} stages; at most {MaxStages} are allowed.")));
        }
    }
}
