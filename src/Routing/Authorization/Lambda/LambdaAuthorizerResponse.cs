using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routing.Definitions;
using Routing.Pipeline;

namespace Routing.Authorization.Lambda;

/// <summary>
/// A Lambda authorizer function's answer, parsed and checked: a simple response (<c>{"isAuthorized": bool,
/// "context": {...}}</c>) or an IAM policy response (<c>{"principalId": "...", "policyDocument": {...},
/// "context": {...}}</c>). This is what the authorizer caches; <see cref="Decide"/> evaluates it for a route.
/// </summary>
internal sealed class LambdaAuthorizerResponse
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    private LambdaAuthorizerResponse(bool? isAuthorized, IamPolicy? policy, JsonObject? context, string? principalId = null, string? usageIdentifierKey = null)
    {
        IsAuthorized = isAuthorized;
        Policy = policy;
        Context = context;
        PrincipalId = principalId;
        UsageIdentifierKey = usageIdentifierKey;
    }

    /// <summary>A policy response's <c>principalId</c>.</summary>
    public string? PrincipalId { get; }

    /// <summary>A policy response's <c>usageIdentifierKey</c> (the API key for usage plans); <see langword="null"/> when none.</summary>
    public string? UsageIdentifierKey { get; }

    /// <summary>A simple response's decision; <see langword="null"/> for a policy response.</summary>
    public bool? IsAuthorized { get; }

    /// <summary>A policy response's policy; <see langword="null"/> for a simple response.</summary>
    public IamPolicy? Policy { get; }

    /// <summary>The <c>context</c> for the integration; <see langword="null"/> when there is none.</summary>
    public JsonObject? Context { get; }

    /// <summary>Parses a function's output as the authorizer's definition expects it.</summary>
    /// <param name="output">The output's UTF-8 JSON.</param>
    /// <param name="definition">The authorizer (its format and whether it takes simple responses).</param>
    /// <param name="response">The response.</param>
    /// <param name="error">What is wrong with the output, for logs.</param>
    /// <returns>Whether the output is a valid response.</returns>
    public static bool TryParse(ReadOnlySpan<byte> output, LambdaAuthorizerDefinition definition, [NotNullWhen(true)] out LambdaAuthorizerResponse? response, [NotNullWhen(false)] out string? error)
    {
        response = null;
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(output, documentOptions: ParseOptions) as JsonObject;
        }
        catch (JsonException e)
        {
            error = $"the function's output is not JSON ({e.Message}).";
            return false;
        }

        if (root is null)
        {
            error = "the function's output is not a JSON object.";
            return false;
        }

        JsonObject? context = null;
        if (root.TryGetPropertyValue("context", out var contextNode) && contextNode is not null)
        {
            context = contextNode as JsonObject;
            if (context is null)
            {
                error = $"the function's 'context' is {contextNode.GetValueKind()}, not an object.";
                return false;
            }

            context = context.DeepClone().AsObject();
        }

        bool simple = definition.EnableSimpleResponses && definition.PayloadFormatVersion == PayloadFormatVersion.V2;
        if (simple)
        {
            if (root["isAuthorized"] is not JsonValue value || value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = "a simple response needs 'isAuthorized' as true or false.";
                return false;
            }

            response = new LambdaAuthorizerResponse(value.GetValue<bool>(), null, context);
            error = null;
            return true;
        }

        if (root["principalId"] is not JsonValue principal || principal.GetValueKind() != JsonValueKind.String)
        {
            error = "an IAM policy response needs 'principalId' as a string.";
            return false;
        }

        if (!IamPolicy.TryParse(root["policyDocument"], out var policy, out error))
        {
            return false;
        }

        string? usageKey = root["usageIdentifierKey"] is JsonValue key && key.GetValueKind() == JsonValueKind.String ? key.GetValue<string>() : null;
        response = new LambdaAuthorizerResponse(null, policy, context, principal.GetValue<string>(), usageKey);
        return true;
    }

    /// <summary>The decision for a route.</summary>
    /// <param name="arn">The route's ARN.</param>
    /// <param name="authorizerId">The authorizer's id, for the reason.</param>
    /// <returns>Allowed with the context, or 403.</returns>
    public AuthorizationResult Decide(string arn, string authorizerId)
    {
        // A copy per decision: a cached answer's context is never shared between requests (integrations may change theirs).
        var allowed = AuthorizationResult.Allow(new AuthorizerContext
        {
            LambdaContext = Context?.DeepClone().AsObject() ?? [],
            PrincipalId = PrincipalId,
            UsageIdentifierKey = UsageIdentifierKey,
        });
        if (IsAuthorized is { } authorized)
        {
            return authorized ? allowed : AuthorizationResult.Forbidden($"Lambda authorizer '{authorizerId}' answered isAuthorized: false.");
        }

        return Policy!.Evaluate(arn) switch
        {
            IamPolicyDecision.Allow => allowed,
            IamPolicyDecision.ExplicitDeny => AuthorizationResult.Forbidden($"Lambda authorizer '{authorizerId}': the policy denies {arn}."),
            _ => AuthorizationResult.Forbidden($"Lambda authorizer '{authorizerId}': no statement of the policy allows {arn}."),
        };
    }
}
