using Routing.Definitions;

namespace Routing.Deployments;

/// <summary>The rules of stages, written once: a stage's name and variables, and a set of stages (unique names, the quota).</summary>
internal static class StageRules
{
    /// <summary>Checks one stage on its own: its name and its variables.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="quotas">The quotas to enforce.</param>
    /// <param name="errors">Where problems go.</param>
    public static void Validate(Stage stage, ApiQuotas quotas, List<ValidationError> errors)
    {
        string where = $"stages[{stage.Name}]";
        if (!StageSelector.IsValidStageName(stage.Name))
        {
            errors.Add(new ValidationError(where + ".name",
                $"Stage name '{stage.Name}' is not valid: use '$default' or 1 to {StageSelector.MaxStageNameLength} letters, digits, '-' and '_'."));
        }

        if (stage.StageVariables.Count > quotas.StageVariablesPerStage)
        {
            errors.Add(new ValidationError(where + ".stageVariables",
                ApiQuotas.Exceeded($"Stage '{stage.Name}'", stage.StageVariables.Count, "variables", quotas.StageVariablesPerStage, nameof(ApiQuotas.StageVariablesPerStage))));
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
    /// <param name="quotas">The quotas to enforce.</param>
    /// <param name="errors">Where problems go.</param>
    public static void ValidateSet(IReadOnlyList<Stage> stages, ApiQuotas quotas, List<ValidationError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            Validate(stage, quotas, errors);
            if (StageSelector.IsValidStageName(stage.Name) && !names.Add(stage.Name))
            {
                errors.Add(new ValidationError($"stages[{stage.Name}]", $"Stage '{stage.Name}' is added twice; each stage needs its own name."));
            }
        }

        if (stages.Count > quotas.StagesPerApi)
        {
            errors.Add(new ValidationError("stages", ApiQuotas.Exceeded("The API", stages.Count, "stages", quotas.StagesPerApi, nameof(ApiQuotas.StagesPerApi))));
        }
    }
}
