using Routing.Pipeline;


namespace Routing.Integrations.Lambda;

/// <summary>A function named in a definition: resolved at deploy time, or chosen per request by a stage variable.</summary>
internal sealed class LambdaFunctionReference
{
    private readonly LambdaFunction? _function;
    private readonly string? _stageVariable;
    private readonly ILambdaFunctionResolver? _resolver;

    private LambdaFunctionReference(LambdaFunction? function, string? stageVariable, ILambdaFunctionResolver? resolver)
    {
        _function = function;
        _stageVariable = stageVariable;
        _resolver = resolver;
    }

    /// <summary>The function when it was resolved at deploy time; <see langword="null"/> when a stage variable chooses it.</summary>
    public LambdaFunction? Function => _function;

    /// <summary>The stage variable that names the function; <see langword="null"/> when it was resolved at deploy time.</summary>
    public string? StageVariable => _stageVariable;

    /// <summary>A function resolved at deploy time.</summary>
    public static LambdaFunctionReference Of(LambdaFunction function) => new(function, null, null);

    /// <summary>A function whose name a stage variable holds, resolved on each request.</summary>
    public static LambdaFunctionReference FromStageVariable(string variable, ILambdaFunctionResolver resolver) => new(null, variable, resolver);

    /// <summary>
    /// Resolves a function named in a definition (a function ARN, an invocation URI or a name): at once when the name
    /// is fixed, on each request when a stage variable holds it.
    /// </summary>
    /// <param name="reference">The ARN, URI or name.</param>
    /// <param name="functions">The API's function resolver; <see langword="null"/> when it has none.</param>
    /// <param name="problem">What is wrong, completing a sentence that starts with the item's name ("has ...", "names ...").</param>
    /// <returns>The reference, or <see langword="null"/>.</returns>
    public static LambdaFunctionReference? Create(string? reference, ILambdaFunctionResolver? functions, out string? problem)
    {
        if (!LambdaFunctionArn.TryGetFunctionName(reference, out string? name, out string? error))
        {
            problem = $"has the function reference '{reference}': {error}.";
            return null;
        }

        if (functions is null)
        {
            problem = $"names the function '{name}', but the API has no function resolver; register the function (AddFunction(\"{name}\", ...)) or set HttpApiOptions.FunctionResolver.";
            return null;
        }

        if (LambdaFunctionArn.IsStageVariable(name, out string? variable))
        {
            problem = null;
            return FromStageVariable(variable, functions);
        }

        var function = functions.Resolve(name);
        problem = function is null
            ? $"names the function '{name}', which no registered handler serves; register it with AddFunction(\"{name}\", ...) or in the API's function resolver."
            : null;
        return function is null ? null : Of(function);
    }

    /// <summary>The function for a request.</summary>
    /// <param name="request">The request (its stage variables).</param>
    /// <param name="missing">Why there is none.</param>
    /// <returns>The function, or <see langword="null"/>.</returns>
    public LambdaFunction? Resolve(IntegrationRequest request, out string? missing)
    {
        missing = null;
        if (_function is not null)
        {
            return _function;
        }

        if (!request.StageVariables.TryGetValue(_stageVariable!, out string? name) || !LambdaFunctionArn.TryGetFunctionName(name, out string? functionName, out _))
        {
            missing = $"the stage variable '{_stageVariable}' of stage '{request.Stage}' does not name a function.";
            return null;
        }

        var function = _resolver!.Resolve(functionName);
        if (function is null)
        {
            missing = $"no registered function is named '{functionName}' (from the stage variable '{_stageVariable}' of stage '{request.Stage}').";
        }

        return function;
    }
}
