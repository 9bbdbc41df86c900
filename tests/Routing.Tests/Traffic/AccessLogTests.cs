using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Traffic;

namespace Routing.Tests.Traffic;

/// <summary>Access logs of served requests: one line per request of a stage that has a format, through the sink.</summary>
public sealed class AccessLogTests
{
    private const string Format = "$context.requestId $context.httpMethod $context.path $context.routeKey $context.status $context.error.responseType $context.stage [$context.requestTime] $context.responseLength";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 20, 30, TimeSpan.Zero));
    private readonly ListSink _sink = new();

    private sealed class ListSink : IAccessLogSink
    {
        public ConcurrentQueue<(string Stage, string? Destination, string Line)> Lines { get; } = new();

        public void Write(string stage, string? destinationArn, string line) => Lines.Enqueue((stage, destinationArn, line));
    }

    private HttpApi Api(AccessLogSettings? settings, RouteSettings? throttle = null)
    {
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200, "hello") };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /pets/{id}", IntegrationId = "mock" });
        var api = new HttpApi(definition, new HttpApiOptions { TimeProvider = _clock, AccessLogSink = _sink });
        api.AddStage(new Stage { Name = "dev", AutoDeploy = true, AccessLogSettings = settings, DefaultRouteSettings = throttle });
        return api;
    }

    private static async Task<string> Send(HttpApi api, string method, string path)
    {
        await using var response = await new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = method, RawTarget = path }, TestContext.Current.CancellationToken);
        return response.GetHeader("apigw-requestid")!;
    }

    [Fact]
    public async Task Dispatch_StageWithAFormat_WritesOneLinePerRequestWithWhatHappened()
    {
        // Arrange
        var api = Api(new AccessLogSettings { Format = Format, DestinationArn = "arn:aws:logs:us-east-1:123456789012:log-group:api" },
            new RouteSettings { ThrottlingRateLimit = 0, ThrottlingBurstLimit = 1 });

        // Act: served, throttled, a 404 inside the stage, and a request no stage takes.
        string served = await Send(api, "GET", "/dev/pets/7?x=1");
        string throttled = await Send(api, "GET", "/dev/pets/8");
        string unmatched = await Send(api, "POST", "/dev/nothing");
        await Send(api, "GET", "/other/pets/7");

        // Assert
        Assert.Equal(
            [
                $"{served} GET /dev/pets/7 GET /pets/{{id}} 200 - dev [02/Mar/2026:10:20:30 +0000] 5",
                $"{throttled} GET /dev/pets/8 GET /pets/{{id}} 429 THROTTLED dev [02/Mar/2026:10:20:30 +0000] 31",
                $"{unmatched} POST /dev/nothing - 404 RESOURCE_NOT_FOUND dev [02/Mar/2026:10:20:30 +0000] 23",
            ],
            _sink.Lines.Select(static l => l.Line));
        Assert.All(_sink.Lines, static l => Assert.Equal(("dev", "arn:aws:logs:us-east-1:123456789012:log-group:api"), (l.Stage, l.Destination)));
    }

    [Fact]
    public async Task Dispatch_StageWithoutAFormat_WritesNothing()
    {
        var api = Api(null);

        await Send(api, "GET", "/dev/pets/7");

        Assert.Empty(_sink.Lines);
    }

    [Theory]
    [InlineData("$context.status", "must include either $context.requestId or $context.extendedRequestId")]
    [InlineData("$context.requestId\n$context.status", "must be single line")]
    [InlineData("$context.requestId $context.statuss", "The following context variables are not supported: [$context.statuss]")]
    public void AddStage_FormatApiGatewayRefuses_IsRefusedSayingWhy(string format, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Api(new AccessLogSettings { Format = format }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileSink_ServedRequests_AppendsALineEach()
    {
        // Arrange
        string file = Path.Combine(Directory.CreateTempSubdirectory("routing-access-").FullName, "access.log");
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(204) };
        definition.Routes.Add(new RouteDefinition { RouteKey = "$default", IntegrationId = "mock" });
        using (var sink = new FileAccessLogSink(file))
        {
            var api = new HttpApi(definition, new HttpApiOptions { TimeProvider = _clock, AccessLogSink = sink });
            api.AddStage(new Stage { Name = "$default", AutoDeploy = true, AccessLogSettings = new AccessLogSettings { Format = "$context.requestId,$context.status" } });

            // Act
            string first = await Send(api, "GET", "/a");
            string second = await Send(api, "PUT", "/b");

            // Assert
            Assert.Equal([$"{first},204", $"{second},204"], await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken));
        }

        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
