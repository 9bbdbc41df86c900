using System.Text;
using Routing.Http;

namespace Routing.Pipeline;

/// <summary>
/// API Gateway's own answers, in one place: every <see cref="GatewayErrorKind"/> has one status code and one
/// <c>{"message":"..."}</c> body, sent as <c>application/json</c>.
/// </summary>
internal static class GatewayErrors
{
    private static readonly Entry[] Entries = CreateEntries();

    /// <summary>The status code of a kind.</summary>
    /// <param name="kind">The kind; not <see cref="GatewayErrorKind.None"/>.</param>
    /// <returns>The status code.</returns>
    public static int StatusCode(GatewayErrorKind kind) => Get(kind).Status;

    /// <summary>The message of a kind, e.g. <c>Not Found</c>.</summary>
    /// <param name="kind">The kind; not <see cref="GatewayErrorKind.None"/>.</param>
    /// <returns>The message.</returns>
    public static string Message(GatewayErrorKind kind) => Get(kind).Message;

    /// <summary>A new answer of a kind, without recording anything.</summary>
    /// <param name="kind">The kind; not <see cref="GatewayErrorKind.None"/>.</param>
    /// <returns>The response (its body is shared and never written).</returns>
    public static GatewayResponse Create(GatewayErrorKind kind)
    {
        var answer = Get(kind);
        return GatewayResponse.Owning(answer.Status, [new("content-type", "application/json")], answer.Body);
    }

    /// <summary>Records why the gateway answers a request itself, and makes the answer.</summary>
    /// <param name="context">The request's context.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="detail">What happened, for logs; never sent to the client.</param>
    /// <param name="exception">The cause, for logs; never sent to the client.</param>
    /// <returns>The response.</returns>
    public static GatewayResponse Answer(GatewayContext context, GatewayErrorKind kind, string? detail = null, Exception? exception = null)
    {
        context.Fail(kind, detail, exception);
        return Create(kind);
    }

    private static Entry Get(GatewayErrorKind kind)
    {
        int index = (int)kind;
        return index > 0 && index < Entries.Length
            ? Entries[index]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an error kind.");
    }

    private static Entry[] CreateEntries()
    {
        var answers = new Entry[(int)GatewayErrorKind.QuotaExceeded + 1];
        Add(GatewayErrorKind.BadRequest, 400, "Bad Request");
        Add(GatewayErrorKind.Unauthorized, 401, "Unauthorized");
        Add(GatewayErrorKind.Forbidden, 403, "Forbidden");
        Add(GatewayErrorKind.NotFound, 404, "Not Found");
        Add(GatewayErrorKind.UriTooLong, 414, "URI Too Long");
        Add(GatewayErrorKind.AuthorizerFailure, 500, "Internal Server Error");
        Add(GatewayErrorKind.IntegrationFailure, 500, "Internal Server Error");
        Add(GatewayErrorKind.ConfigurationError, 500, "Internal Server Error");
        Add(GatewayErrorKind.BadGateway, 502, "Bad Gateway");
        Add(GatewayErrorKind.IntegrationTimeout, 503, "Service Unavailable");
        Add(GatewayErrorKind.GatewayTimeout, 504, "Gateway Timeout");
        Add(GatewayErrorKind.ClientClosedRequest, 503, "Service Unavailable");
        Add(GatewayErrorKind.Throttled, 429, "Too Many Requests");
        Add(GatewayErrorKind.QuotaExceeded, 429, "Limit Exceeded");
        return answers;

        void Add(GatewayErrorKind kind, int status, string message)
            => answers[(int)kind] = new Entry(status, message, Encoding.UTF8.GetBytes($$"""{"message":"{{message}}"}"""));
    }

    private sealed record Entry(int Status, string Message, byte[] Body);
}
