using Microsoft.Extensions.Time.Testing;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Integrations;
using Routing.Pipeline;
using Routing.Traffic;

namespace Routing.Tests.Traffic;

/// <summary>Keys and plans where the corpus leaves a reading to the library: weeks, offsets, imports, conflicts, and a route on an HTTP API.</summary>
public sealed class UsagePlanStoreTests
{
    private const string Alice = "AlicE0123456789abcdefXYZ";

    // A Wednesday.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));

    private static UsagePlanDecision Decide(UsagePlanStore store) =>
        store.DecideAsync("api", "prod", "/pets/GET", Alice, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();

    private UsagePlanStore Store(QuotaSettings? quota = null, ThrottleLimits? throttle = null)
    {
        var store = new UsagePlanStore(_clock);
        store.AddApiKey(new ApiKey { Id = "alice", Value = Alice, Enabled = true });
        store.AddUsagePlan(new UsagePlan
        {
            Id = "p1",
            Quota = quota,
            Throttle = throttle,
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            ApiStages = [new UsagePlanApiStage { ApiId = "api", Stage = "prod" }],
        });
        store.AddUsagePlanKey("p1", "alice");
        return store;
    }

    [Fact]
    public void Decide_WeekQuota_StartsAgainOnSundayAtMidnightUtc()
    {
        var store = Store(new QuotaSettings(1, QuotaPeriod.Week));
        Assert.Equal(UsagePlanDecision.Allowed, Decide(store));

        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 7, 23, 59, 59, TimeSpan.Zero)); // Saturday
        var saturday = Decide(store);
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero)); // Sunday
        var sunday = Decide(store);

        Assert.Equal(UsagePlanDecision.QuotaExceeded, saturday);
        Assert.Equal(UsagePlanDecision.Allowed, sunday);
    }

    [Fact]
    public void Decide_ThrottledRequest_DoesNotUseQuota()
    {
        var store = Store(new QuotaSettings(2, QuotaPeriod.Day), new ThrottleLimits(0, 1));

        var decisions = new[] { Decide(store), Decide(store) };

        Assert.Equal([UsagePlanDecision.Allowed, UsagePlanDecision.Throttled], decisions);
        Assert.Equal(new UsageRecord(new DateOnly(2026, 3, 4), 1, 1), Assert.Single(store.GetUsage("p1", "alice", new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 4))));
    }

    [Fact]
    public void AddUsagePlan_OffsetNotBelowTheLimit_IsRefused()
    {
        var store = new UsagePlanStore(_clock);

        var error = Assert.Throws<ArgumentException>(() => store.AddUsagePlan(new UsagePlan { Id = "p", Quota = new QuotaSettings(5, QuotaPeriod.Day, 5) }));

        Assert.Contains("the offset below the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUsagePlanKey_SecondPlanForTheSameStage_IsAConflict()
    {
        var store = Store();
        store.AddUsagePlan(new UsagePlan { Id = "p2", ApiStages = [new UsagePlanApiStage { ApiId = "api", Stage = "prod" }] });

        var error = Assert.Throws<ArgumentException>(() => store.AddUsagePlanKey("p2", "alice"));

        Assert.Contains("(ConflictException)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Alice, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportApiKeys_BadRowWithFailOnWarnings_ImportsNothing()
    {
        var store = new UsagePlanStore(_clock);
        const string Csv = "name,key\ngood,good0123456789abcdefghij\nshort,tooShort\n";

        var strict = store.ImportApiKeys(Csv, failOnWarnings: true);
        int afterStrict = store.ApiKeys.Count;
        var lenient = store.ImportApiKeys(Csv);

        Assert.Empty(strict.ImportedKeyIds);
        Assert.Equal(0, afterStrict);
        Assert.Equal("Line 3: API Key value should be at least 20 characters; the key is not imported.", Assert.Single(lenient.Warnings));
        Assert.Equal("good", Assert.Single(store.ApiKeys).Name);
    }

    [Fact]
    public async Task Dispatch_HttpRouteThatRequiresAKey_AnswersAsApiGatewayDoes()
    {
        // Arrange
        var store = Store(new QuotaSettings(1, QuotaPeriod.Day));
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200) };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /pets", IntegrationId = "mock", ApiKeyRequired = true });
        var api = new HttpApi(definition, new HttpApiOptions { TimeProvider = _clock, UsagePlans = store, Identity = new ApiIdentity("api", "123456789012", "api.example.com") });
        api.AddStage(new Stage { Name = "prod", AutoDeploy = true });
        var dispatcher = new HttpApiDispatcher(api);

        // Act
        async Task<string> Send(string? key)
        {
            await using var response = await dispatcher.DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = "/prod/pets", Headers = key is null ? [] : [new("X-API-Key", key)] }, TestContext.Current.CancellationToken);
            return $"{response.StatusCode} {response.GetBodyText()}";
        }

        string[] answers = [await Send(null), await Send(Alice), await Send(Alice)];

        // Assert
        Assert.Equal(["403 {\"message\":\"Forbidden\"}", "200 ", "429 {\"message\":\"Limit Exceeded\"}"], answers);
    }

    [Fact]
    public void Build_RouteThatRequiresAKeyWithoutAStore_IsRefused()
    {
        var definition = new HttpApiDefinition();
        definition.Integrations["mock"] = new IntegrationDefinition { Integration = new MockIntegration(200) };
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /pets", IntegrationId = "mock", ApiKeyRequired = true });

        var error = Assert.Single(new HttpApi(definition).Validate(definition));

        Assert.Equal("routes[GET /pets].apiKeyRequired", error.Path);
    }
}
