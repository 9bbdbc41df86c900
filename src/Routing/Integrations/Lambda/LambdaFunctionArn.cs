using System.Diagnostics.CodeAnalysis;
using Routing.Deployments;

namespace Routing.Integrations.Lambda;

/// <summary>
/// Reads the function name out of the ways a definition names a Lambda function: a function ARN
/// (<c>arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]</c>), the API Gateway invocation URI that wraps
/// one (<c>arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations</c>), a partial ARN
/// (<c>{account}:function:{name}</c>, <c>function:{name}</c>) or a plain name. The name may be a stage variable,
/// <c>${stageVariables.fn}</c>, read on each request.
/// </summary>
internal static class LambdaFunctionArn
{
    private const string InvocationPrefix = ":lambda:path/2015-03-31/functions/";
    private const string InvocationSuffix = "/invocations";
    private const string StageVariablePrefix = "${stageVariables.";

    /// <summary>Reads the function name (or stage-variable placeholder) out of a reference.</summary>
    /// <param name="reference">The ARN, URI or name.</param>
    /// <param name="name">The function name, or a <c>${stageVariables.x}</c> placeholder.</param>
    /// <param name="error">Why the reference names no function.</param>
    /// <returns>Whether it names one.</returns>
    public static bool TryGetFunctionName(string? reference, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (string.IsNullOrWhiteSpace(reference))
        {
            error = "it is empty; name a Lambda function by ARN or by name";
            return false;
        }

        string text = reference;
        if (text.StartsWith("arn:aws:apigateway:", StringComparison.Ordinal))
        {
            int at = text.IndexOf(InvocationPrefix, StringComparison.Ordinal);
            if (at < 0 || !text.EndsWith(InvocationSuffix, StringComparison.Ordinal) || at + InvocationPrefix.Length > text.Length - InvocationSuffix.Length)
            {
                error = "it is an API Gateway ARN but not a Lambda invocation URI (arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations)";
                return false;
            }

            text = text[(at + InvocationPrefix.Length)..^InvocationSuffix.Length];
        }

        int function = text.IndexOf("function:", StringComparison.Ordinal);
        if (text.StartsWith("arn:", StringComparison.Ordinal) && (!text.StartsWith("arn:aws", StringComparison.Ordinal) || !text.Contains(":lambda:", StringComparison.Ordinal) || function < 0))
        {
            error = "it is an ARN but not a Lambda function ARN (arn:aws:lambda:{region}:{account}:function:{name})";
            return false;
        }

        string rest = function >= 0 ? text[(function + "function:".Length)..] : text;
        int qualifier = rest.StartsWith(StageVariablePrefix, StringComparison.Ordinal) ? rest.IndexOf('}', StringComparison.Ordinal) + 1 : 0;
        int colon = rest.IndexOf(':', qualifier);
        string candidate = colon < 0 ? rest : rest[..colon];
        if (!IsFunctionName(candidate) && !IsStageVariable(candidate))
        {
            error = $"'{candidate}' is not a function name (1 to 64 letters, digits, '-' and '_') or a ${{stageVariables.name}} placeholder";
            return false;
        }

        name = candidate;
        error = null;
        return true;
    }

    /// <summary>Whether a name is a Lambda function name: 1 to 64 letters, digits, <c>-</c> and <c>_</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsFunctionName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 64)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a name is a <c>${stageVariables.name}</c> placeholder; <paramref name="variable"/> is the variable.</summary>
    /// <param name="name">The text.</param>
    /// <param name="variable">The stage variable's name.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsStageVariable(string name, [NotNullWhen(true)] out string? variable)
    {
        variable = null;
        if (name.StartsWith(StageVariablePrefix, StringComparison.Ordinal) && name.EndsWith('}'))
        {
            string inner = name[StageVariablePrefix.Length..^1];
            if (Stage.IsValidVariableName(inner))
            {
                variable = inner;
                return true;
            }
        }

        return false;
    }

    private static bool IsStageVariable(string name) => IsStageVariable(name, out _);
}
