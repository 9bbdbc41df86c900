using System.Diagnostics;
using System.Net;

namespace Routing.Redis.Tests;

/// <summary>Three gateway instances, each its own Kestrel server, sharing one real redis-server: one route limit, one quota.</summary>
[Trait("Category", "Redis")]
[Collection(nameof(FleetTests))]
[CollectionDefinition(nameof(FleetTests), DisableParallelization = true)]
public sealed class FleetTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Prefix() => "test:" + Guid.NewGuid().ToString("N") + ":";

    [Fact]
    public async Task RouteLimit_ThreeInstancesUnderLoadFor10Seconds_AdmitOneLimitWithin10Percent()
    {
        // Arrange: 20 requests a second, burst 10, across the fleet.
        const double Rate = 20;
        const int Burst = 10;
        string prefix = Prefix();
        await using var a = await GatewayInstance.StartAsync(redis, prefix, Rate, Burst, quota: 1);
        await using var b = await GatewayInstance.StartAsync(redis, prefix, Rate, Burst, quota: 1);
        await using var c = await GatewayInstance.StartAsync(redis, prefix, Rate, Burst, quota: 1);
        GatewayInstance[] fleet = [a, b, c];

        // Act: six clients, two per instance, as fast as they can for 10 s.
        int admitted = 0, throttled = 0, other = 0;
        var clock = Stopwatch.StartNew();
        var load = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var instance = fleet[i % 3];
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                using var response = await instance.Client.GetAsync("/limited", Ct);
                _ = response.StatusCode switch
                {
                    HttpStatusCode.OK => Interlocked.Increment(ref admitted),
                    HttpStatusCode.TooManyRequests => Interlocked.Increment(ref throttled),
                    _ => Interlocked.Increment(ref other),
                };
            }
        }, Ct)).ToArray();
        await Task.WhenAll(load);
        double seconds = clock.Elapsed.TotalSeconds;

        // Assert: the burst plus the rate over the time the load ran, whatever instance served.
        double expected = Burst + (Rate * seconds);
        Assert.Equal(0, other);
        Assert.True(throttled > admitted, $"the load was too light to test the limit: {admitted} admitted, {throttled} throttled");
        Assert.InRange(admitted, expected * 0.9, expected * 1.1);
    }

    [Fact]
    public async Task Quota_ConcurrentClientsOnThreeInstances_IsNeverExceeded()
    {
        // Arrange
        const int Quota = 60;
        string prefix = Prefix();
        await using var a = await GatewayInstance.StartAsync(redis, prefix, 1000, 1000, Quota);
        await using var b = await GatewayInstance.StartAsync(redis, prefix, 1000, 1000, Quota);
        await using var c = await GatewayInstance.StartAsync(redis, prefix, 1000, 1000, Quota);
        GatewayInstance[] fleet = [a, b, c];

        // Act: 300 requests with the key, 12 at a time over the three instances.
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 12, CancellationToken = Ct }, async (i, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metered");
            request.Headers.Add("x-api-key", GatewayInstance.Key);
            using var response = await fleet[i % 3].Client.SendAsync(request, token);
            statuses.Add(response.StatusCode);
        });

        // Assert
        Assert.Equal(Quota, statuses.Count(static s => s == HttpStatusCode.OK));
        Assert.Equal(300 - Quota, statuses.Count(static s => s == HttpStatusCode.TooManyRequests));
    }

    [Theory]
    [InlineData(Routing.Redis.RedisFailureMode.FailOpen, HttpStatusCode.OK)]
    [InlineData(Routing.Redis.RedisFailureMode.FailClosed, HttpStatusCode.TooManyRequests)]
    public async Task RedisStopsMidLoad_AnswersAsConfiguredThenEnforcesLimitsAgainWhenItReturns(Routing.Redis.RedisFailureMode mode, HttpStatusCode whileDown)
    {
        // Arrange: a burst of 3 that does not refill.
        string prefix = Prefix();
        await using var gateway = await GatewayInstance.StartAsync(redis, prefix, 0, 3, quota: 1, mode);
        var before = await Statuses(gateway, 4);

        // Act
        await redis.StopAsync();
        var down = await Statuses(gateway, 3);
        await redis.StartAsync();
        var after = await StatusesWhenBack(gateway);

        // Assert: before, the limit held; while down, the configured answer and no exception; after, a fresh Redis
        // (no persistence) starts the bucket full and the limit holds again.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], before);
        Assert.All(down, s => Assert.Equal(whileDown, s));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], after);
    }

    private static async Task<List<HttpStatusCode>> Statuses(GatewayInstance gateway, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < count; i++)
        {
            using var response = await gateway.Client.GetAsync("/limited", Ct);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    /// <summary>Once the connection is back (it reconnects by itself), four requests.</summary>
    private static async Task<List<HttpStatusCode>> StatusesWhenBack(GatewayInstance gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!gateway.IsConnected)
        {
            Assert.True(DateTime.UtcNow < deadline, "The gateway did not reconnect to Redis within 30 s.");
            await Task.Delay(100, Ct);
        }

        return await Statuses(gateway, 4);
    }
}
