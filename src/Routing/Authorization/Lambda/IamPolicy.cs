using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routing.Authorization.Lambda;

/// <summary>
/// The <c>policyDocument</c> of a Lambda authorizer's answer, evaluated as IAM does for <c>execute-api:Invoke</c>: a
/// <c>Deny</c> that covers the ARN wins, else an <c>Allow</c> that covers it allows, else the request is denied.
/// </summary>
/// <remarks>
/// <c>Action</c> and <c>Resource</c> are a string or a list of strings; <c>*</c> matches any run of characters and
/// <c>?</c> one character. Actions compare case-insensitively (as IAM's), resources case-sensitively. A statement with
/// <c>NotAction</c>, <c>NotResource</c> or <c>Condition</c> is not evaluated: such an <c>Allow</c> allows nothing and
/// such a <c>Deny</c> denies everything.
/// </remarks>
internal sealed class IamPolicy
{
    private const string InvokeAction = "execute-api:Invoke";

    private readonly Statement[] _statements;

    private IamPolicy(Statement[] statements) => _statements = statements;

    /// <summary>Parses a policy document.</summary>
    /// <param name="node">The <c>policyDocument</c> value.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="error">What is wrong with it.</param>
    /// <returns>Whether it is a policy.</returns>
    public static bool TryParse(JsonNode? node, [NotNullWhen(true)] out IamPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        policy = null;
        if (node is not JsonObject document)
        {
            error = "an IAM policy response needs 'policyDocument' as an object.";
            return false;
        }

        var statementNode = document["Statement"];
        var items = statementNode switch
        {
            JsonArray array => [.. array],
            JsonObject single => [single],
            _ => (List<JsonNode?>?)null,
        };
        if (items is null)
        {
            error = "the policy document needs 'Statement' as an object or a list.";
            return false;
        }

        var statements = new List<Statement>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonObject statement)
            {
                error = "each policy statement must be an object.";
                return false;
            }

            string? effect = statement["Effect"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : null;
            if (effect is not ("Allow" or "Deny"))
            {
                error = $"a policy statement's 'Effect' must be \"Allow\" or \"Deny\", not {statement["Effect"]?.ToJsonString() ?? "missing"}.";
                return false;
            }

            bool unsupported = statement.ContainsKey("NotAction") || statement.ContainsKey("NotResource") || statement.ContainsKey("Condition");
            if (unsupported)
            {
                // Not evaluated: an Allow of this kind allows nothing, and a Deny denies everything (it fails closed).
                if (effect == "Deny")
                {
                    statements.Add(new Statement(IsDeny: true, ["*"], ["*"]));
                }

                continue;
            }

            if (!TryReadStrings(statement["Action"], out var actions))
            {
                error = "a policy statement's 'Action' must be a string or a list of strings.";
                return false;
            }

            if (!TryReadStrings(statement["Resource"], out var resources))
            {
                error = "a policy statement's 'Resource' must be a string or a list of strings.";
                return false;
            }

            statements.Add(new Statement(effect == "Deny", actions!, resources!));
        }

        policy = new IamPolicy([.. statements]);
        error = null;
        return true;
    }

    /// <summary>What the policy says about invoking an ARN.</summary>
    /// <param name="arn">The route's ARN.</param>
    /// <returns>The decision.</returns>
    public IamPolicyDecision Evaluate(string arn)
    {
        var decision = IamPolicyDecision.ImplicitDeny;
        foreach (var statement in _statements)
        {
            if (!statement.Covers(arn))
            {
                continue;
            }

            if (statement.IsDeny)
            {
                return IamPolicyDecision.ExplicitDeny;
            }

            decision = IamPolicyDecision.Allow;
        }

        return decision;
    }

    /// <summary>Whether <paramref name="text"/> matches an IAM wildcard pattern (<c>*</c>: any run, <c>?</c>: one character).</summary>
    internal static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, StringComparison comparison)
    {
        // Iterative glob match with one backtrack point: linear in practice, never exponential.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            // A '*' of the pattern is a wildcard even where the text holds a '*' (the path is the client's).
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern.Slice(p, 1).Equals(text.Slice(t, 1), comparison)))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool TryReadStrings(JsonNode? node, out string[]? values)
    {
        values = null;
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                values = [value.GetValue<string>()];
                return true;
            case JsonArray array:
                var list = new List<string>(array.Count);
                foreach (var item in array)
                {
                    if (item is not JsonValue element || element.GetValueKind() != JsonValueKind.String)
                    {
                        return false;
                    }

                    list.Add(element.GetValue<string>());
                }

                values = [.. list];
                return true;
            default:
                return false;
        }
    }

    private sealed record Statement(bool IsDeny, string[] Actions, string[] Resources)
    {
        public bool Covers(string arn)
        {
            bool action = false;
            foreach (string pattern in Actions)
            {
                if (Matches(pattern, InvokeAction, StringComparison.OrdinalIgnoreCase))
                {
                    action = true;
                    break;
                }
            }

            if (!action)
            {
                return false;
            }

            foreach (string pattern in Resources)
            {
                if (Matches(pattern, arn, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
