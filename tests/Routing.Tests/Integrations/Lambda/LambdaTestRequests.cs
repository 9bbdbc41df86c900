using System.Text;
using Routing.Pipeline;
using Routing.Routes;

namespace Routing.Tests.Integrations.Lambda;

/// <summary>Builds <see cref="IntegrationRequest"/>s for the event-writer tests.</summary>
internal static class LambdaTestRequests
{
    public static readonly ApiIdentity Api = new("a1b2c3d4e5", "123456789012", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");

    /// <summary>10 Jul 2026 19:19:05.766 UTC, the instant of capture C2: the requests' time, and where test clocks start.</summary>
    public static readonly DateTimeOffset CaptureTime = new(2026, 7, 10, 19, 19, 5, 766, TimeSpan.Zero);

    public static IntegrationRequest Create(
        string method = "GET",
        string path = "/pets",
        string? encodedPath = null,
        string routeKey = "GET /pets",
        string query = "",
        IEnumerable<(string Name, string Value)>? headers = null,
        IReadOnlyDictionary<string, string>? pathParameters = null,
        string stage = "$default",
        IReadOnlyDictionary<string, string>? stageVariables = null,
        AuthorizerContext? authorizer = null,
        byte[]? body = null)
        => new()
        {
            Method = method,
            Path = path,
            EncodedPath = encodedPath ?? path,
            RoutingPath = path,
            RawQueryString = query,
            Headers = (headers ?? [("Host", Api.DomainName)]).Select(static h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList(),
            Body = body is null ? Stream.Null : new MemoryStream(body),
            RouteKey = RouteKey.Parse(routeKey),
            PathParameters = pathParameters ?? new Dictionary<string, string>(),
            Stage = stage,
            StageVariables = stageVariables ?? new Dictionary<string, string>(),
            RequestId = "ATfSmjLgPHcESJw=",
            RequestTime = CaptureTime,
            SourceIp = "198.51.100.10",
            Protocol = "HTTP/1.1",
            Api = Api,
            Authorizer = authorizer,
        };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
