using Routing.Definitions;

namespace Routing.Deployments;

/// <summary>The rules of stages, written once: a stage's name and variables, and a set of stages (unique names, the quota).</summary>
internal static class StageRules
{
    /// <summary>Checks one stage on its own: its name and its variables.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="quotas">The quotas to enforce.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="account">The account's throttle limits, which no route or stage limit may exceed; <see langword="null"/> for none.</param>
    public static void Validate(Stage stage, ApiQuotas quotas, List<ValidationError> errors, (double Rate, int Burst)? account = null)
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

        if (stage.DefaultRouteSettings is { } defaults)
        {
            ValidateSettings(defaults, $"Stage '{stage.Name}': defaultRouteSettings", where + ".defaultRouteSettings", account, errors);
        }

        foreach (var (routeKey, settings) in stage.RouteSettings)
        {
            ValidateSettings(settings, $"Stage '{stage.Name}': routeSettings[{routeKey}]", $"{where}.routeSettings[{routeKey}]", account, errors);
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

    /// <summary>Throttle limits are numbers of 0 or more, and no more than the account's (API Gateway: they "can't exceed account-level rate limits").</summary>
    private static void ValidateSettings(RouteSettings settings, string owner, string where, (double Rate, int Burst)? account, List<ValidationError> errors)
    {
        if (settings.ThrottlingRateLimit is { } rate && (!(rate >= 0) || double.IsInfinity(rate)))
        {
            errors.Add(new ValidationError(where + ".throttlingRateLimit", $"{owner}: throttlingRateLimit {rate} is not a rate; use requests per second, 0 or more."));
        }
        else if (settings.ThrottlingRateLimit > account?.Rate)
        {
            errors.Add(new ValidationError(where + ".throttlingRateLimit",
                $"{owner}: throttlingRateLimit {settings.ThrottlingRateLimit} exceeds the account's rate limit, {account?.Rate}; lower it or raise HttpApiOptions.AccountThrottle."));
        }

        if (settings.ThrottlingBurstLimit is < 0)
        {
            errors.Add(new ValidationError(where + ".throttlingBurstLimit", $"{owner}: throttlingBurstLimit {settings.ThrottlingBurstLimit} is negative; use 0 or more."));
        }
        else if (settings.ThrottlingBurstLimit > account?.Burst)
        {
            errors.Add(new ValidationError(where + ".throttlingBurstLimit",
                $"{owner}: throttlingBurstLimit {settings.ThrottlingBurstLimit} exceeds the account's burst limit, {account?.Burst}; lower it or raise HttpApiOptions.AccountThrottle."));
        }
    }

    /// <summary>Checks a set of stages: each on its own, then unique names and the quota.</summary>
    /// <param name="stages">The stages.</param>
    /// <param name="quotas">The quotas to enforce.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="account">The account's throttle limits, which no route or stage limit may exceed; <see langword="null"/> for none.</param>
    public static void ValidateSet(IReadOnlyList<Stage> stages, ApiQuotas quotas, List<ValidationError> errors, (double Rate, int Burst)? account = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            Validate(stage, quotas, errors, account);
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
