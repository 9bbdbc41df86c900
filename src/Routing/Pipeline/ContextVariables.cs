using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Routing.Pipeline;

/// <summary>
/// The request-side <c>$context</c> variables, read in one place for parameter mappings and authorizer identity
/// sources: <c>$context.requestId</c>, <c>$context.routeKey</c>, <c>$context.identity.sourceIp</c>, ...,
/// <c>$context.authorizer.claims.{name}</c> (JWT) and <c>$context.authorizer.{key}</c> (Lambda authorizer context).
/// </summary>
internal static class ContextVariables
{
    /// <summary>The prefix of JWT claim variables, <c>$context.authorizer.claims.{name}</c>.</summary>
    public const string ClaimsPrefix = "authorizer.claims.";

    /// <summary>The prefix of Lambda authorizer context variables, <c>$context.authorizer.{key}</c>.</summary>
    public const string AuthorizerPrefix = "authorizer.";

    /// <summary>The variables with a fixed name.</summary>
    public static readonly FrozenSet<string> Names = FrozenSet.Create(
        StringComparer.Ordinal,
        "accountId",
        "apiId",
        "domainName",
        "domainPrefix",
        "extendedRequestId",
        "httpMethod",
        "identity.sourceIp",
        "identity.userAgent",
        "path",
        "protocol",
        "requestId",
        "requestTime",
        "requestTimeEpoch",
        "routeKey",
        "stage");

    /// <summary>Whether a name is a request-side variable: a fixed name or an authorizer value.</summary>
    /// <param name="name">The name after <c>$context.</c>.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsName(string name) =>
        Names.Contains(name) || (name.StartsWith(AuthorizerPrefix, StringComparison.Ordinal) && name.Length > AuthorizerPrefix.Length);

    /// <summary>The value of a variable for a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The name after <c>$context.</c>.</param>
    /// <returns>The value; <see langword="null"/> when the variable has none (an unknown name, a missing claim).</returns>
    public static string? Resolve(IntegrationRequest request, string name)
    {
        switch (name)
        {
            case "accountId":
                return request.Api.AccountId;
            case "apiId":
                return request.Api.ApiId;
            case "domainName":
                return request.Api.DomainName;
            case "domainPrefix":
                return request.Api.DomainPrefix;
            case "requestId":
            case "extendedRequestId":
                return request.RequestId;
            case "httpMethod":
                return request.Method;
            case "identity.sourceIp":
                return request.SourceIp;
            case "identity.userAgent":
                return request.GetHeader("user-agent") ?? string.Empty;
            case "path":
                return request.Path;
            case "protocol":
                return request.Protocol;
            case "requestTime":
                return request.RequestTime.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);
            case "requestTimeEpoch":
                return request.RequestTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            case "routeKey":
                return request.RouteKey.Value;
            case "stage":
                return request.Stage;
            default:
                break;
        }

        if (name.StartsWith(ClaimsPrefix, StringComparison.Ordinal))
        {
            var claims = request.Authorizer?.JwtClaims;
            return claims is not null && claims.TryGetPropertyValue(name[ClaimsPrefix.Length..], out var claim) ? Stringify(claim) : null;
        }

        if (name.StartsWith(AuthorizerPrefix, StringComparison.Ordinal))
        {
            var lambda = request.Authorizer?.LambdaContext;
            return lambda is not null && lambda.TryGetPropertyValue(name[AuthorizerPrefix.Length..], out var value) ? Stringify(value) : null;
        }

        return null;
    }

    /// <summary>A JSON value as variable text: a string as itself, anything else as compact JSON.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The text; <see langword="null"/> for a missing value.</returns>
    public static string? Stringify(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => node.ToJsonString(),
    };
}
