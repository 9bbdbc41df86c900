namespace Routing.Pipeline;

/// <summary>The body of every gateway-generated error: <c>{"message":"..."}</c>.</summary>
/// <param name="Message">The message, e.g. <c>Not Found</c>.</param>
internal sealed record ErrorBody([property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);
