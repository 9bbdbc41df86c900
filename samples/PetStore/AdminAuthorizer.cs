using System.Text.Json.Serialization;
using Routing.Integrations.Lambda;

namespace PetStore;

/// <summary>
/// A Lambda authorizer function of the sample, typed with its own event and response types: it lets a request in when
/// it carries <c>Authorization: Bearer let-me-in</c>, and hands the integration who was let in
/// (<c>requestContext.authorizer.lambda.user</c>). A request without the header never reaches it: the gateway answers
/// 401 itself.
/// </summary>
public static class AdminAuthorizer
{
    /// <summary>The token the sample accepts.</summary>
    public const string Token = "Bearer let-me-in";

    /// <summary>The function, as the gateway calls it (payload format 2.0, simple responses).</summary>
    public static LambdaFunction Function { get; } = LambdaFunction.Create(
        Authorize, AuthorizerJsonContext.Default.AuthorizerEvent, AuthorizerJsonContext.Default.AuthorizerAnswer);

    /// <summary>Decides from the event's headers (lower-case names, as API Gateway sends them).</summary>
    public static ValueTask<AuthorizerAnswer> Authorize(AuthorizerEvent request, CancellationToken cancellationToken)
    {
        string? token = null;
        request.Headers?.TryGetValue("authorization", out token);
        return ValueTask.FromResult(token == Token
            ? new AuthorizerAnswer(true, new Dictionary<string, string> { ["user"] = "admin" })
            : new AuthorizerAnswer(false, null));
    }
}

/// <summary>The part of the authorizer event the sample reads.</summary>
/// <param name="Headers">The request's headers.</param>
/// <param name="RouteArn">The ARN of the route asked for.</param>
public sealed record AuthorizerEvent(
    [property: JsonPropertyName("headers")] Dictionary<string, string>? Headers,
    [property: JsonPropertyName("routeArn")] string? RouteArn);

/// <summary>A simple authorizer response.</summary>
/// <param name="IsAuthorized">Whether the request may go on.</param>
/// <param name="Context">What the integration receives as <c>requestContext.authorizer.lambda</c>.</param>
public sealed record AuthorizerAnswer(
    [property: JsonPropertyName("isAuthorized")] bool IsAuthorized,
    [property: JsonPropertyName("context")] Dictionary<string, string>? Context);

/// <summary>Source-generated JSON for the authorizer's types.</summary>
[JsonSerializable(typeof(AuthorizerEvent))]
[JsonSerializable(typeof(AuthorizerAnswer))]
public sealed partial class AuthorizerJsonContext : JsonSerializerContext;
