using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static Routing.Tests.Authorization.Jwt.JwtAuthorizerTests;
using Routing.Apis;
using Routing.Authorization.Jwt;
using Routing.Authorization;
using Routing.Definitions;

namespace Routing.Tests.Authorization.Jwt;

/// <summary>
/// Fault tests of the shared key source against a real OIDC issuer on loopback (Kestrel): down at start, down later,
/// stalling, rotating keys, answering garbage. The key source's clock is a <see cref="FakeTimeProvider"/>: refresh
/// intervals and fetch timeouts pass only when a test advances it, so nothing here depends on how fast the machine is.
/// </summary>
public sealed class OidcKeySourceTests
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromMilliseconds(1000);

    /// <summary>Tests advance <see cref="Harness.KeyClock"/> past it to let a refetch through.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private static readonly TestKey K1 = JwtTestContext.K1;
    private static readonly TestKey K2 = JwtTestContext.K2;
    private static readonly TestKey K3 = TestKey.Rsa("k3");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IssuerDownAtStart_401FastWithThrottledFetches_ThenRecovers()
    {
        await using var issuer = LoopbackIssuer.Down(K1);
        using var harness = new Harness(issuer);

        // Every request is answered while the key source's clock stands still, so none waited for the fetch timeout: a
        // refused connection fails the fetch at once, and requests inside the refresh interval do not fetch at all.
        for (int i = 0; i < 20; i++)
        {
            AssertUnauthorized(await harness.AuthorizeAsync(K1), "the issuer's signing keys are not available");
        }

        Assert.Equal(1, harness.Manager.FetchCount); // one attempt per refresh interval, not one per request

        await issuer.UpAsync();
        var stillThrottled = await harness.AuthorizeAsync(K1);
        harness.KeyClock.Advance(RefreshInterval + TimeSpan.FromSeconds(1));
        var recovered = await harness.AuthorizeAsync(K1);

        AssertUnauthorized(stillThrottled, "the issuer's signing keys are not available");
        Assert.True(recovered.IsAllowed);
        Assert.Equal(2, harness.Manager.FetchCount);
        Assert.Equal(1, issuer.JwksRequests);
    }

    [Fact]
    public async Task IssuerGoesDownLater_LastKnownGoodKeysKeepWorking()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        using var harness = new Harness(issuer);
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);

        await issuer.DownAsync();
        harness.KeyClock.Advance(TimeSpan.FromHours(2)); // the keys are due for their automatic refresh
        var whileRefreshing = await harness.AuthorizeAsync(K1);
        await TestWait.UntilAsync(() => harness.Manager.FailureCount == 1, "the background refresh to fail");
        var afterFailedRefresh = await harness.AuthorizeAsync(K1);
        harness.KeyClock.Advance(RefreshInterval + TimeSpan.FromSeconds(1));
        var unknown = await harness.AuthorizeAsync(K3);

        Assert.True(whileRefreshing.IsAllowed);
        Assert.True(afterFailedRefresh.IsAllowed);
        AssertUnauthorized(unknown, "the token's key id does not match any key of the issuer");
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);
        Assert.IsType<HttpRequestException>(harness.Manager.LastFailure, exactMatch: false);
    }

    [Fact]
    public async Task SlowIssuer_OneFetchInFlight_UnknownKidsBoundedAndKnownKidsUnaffected()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        using var harness = new Harness(issuer);
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);
        issuer.Stalls = true;
        issuer.ResetCounts();
        harness.KeyClock.Advance(RefreshInterval + TimeSpan.FromSeconds(1));

        // 50 tokens with an unknown kid and 50 with a known one arrive at once while the issuer sits on the refetch.
        // Known kids are answered while the clock stands still; unknown kids wait for the refetch until the clock
        // reaches the fetch timeout, and not a moment longer.
        var unknown = await StartConcurrentlyAsync(50, () => harness.AuthorizeAsync(K3));
        var knownResults = await Task.WhenAll(await StartConcurrentlyAsync(50, () => harness.AuthorizeAsync(K1)));
        await TestWait.UntilAsync(() => issuer.DiscoveryRequests == 1, "the refetch to reach the issuer");
        harness.KeyClock.Advance(FetchTimeout - TimeSpan.FromMilliseconds(1));
        int unknownAnsweredEarly = unknown.Count(static t => t.IsCompleted);
        harness.KeyClock.Advance(TimeSpan.FromMilliseconds(1));
        var unknownResults = await Task.WhenAll(unknown);

        Assert.Equal(0, unknownAnsweredEarly);
        Assert.All(unknownResults, static r => AssertUnauthorized(r, "the token's key id does not match any key of the issuer"));
        Assert.All(knownResults, static r => Assert.True(r.IsAllowed));
        Assert.Equal(1, issuer.MaxInFlight);
        Assert.Equal(1, issuer.DiscoveryRequests);
        Assert.Equal(2, harness.Manager.FetchCount);
    }

    [Fact]
    public async Task SlowIssuerAtStart_RequestsWaitAtMostTheFetchTimeout()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        issuer.Stalls = true;
        using var harness = new Harness(issuer);

        // Ten requests arrive at once and wait for the first fetch, which the issuer sits on; the clock stops just short
        // of the fetch timeout, then reaches it.
        var requests = await StartConcurrentlyAsync(10, () => harness.AuthorizeAsync(K1));
        await TestWait.UntilAsync(() => issuer.DiscoveryRequests == 1, "the first fetch to reach the issuer");
        harness.KeyClock.Advance(FetchTimeout - TimeSpan.FromMilliseconds(1));
        int answeredEarly = requests.Count(static t => t.IsCompleted);
        harness.KeyClock.Advance(TimeSpan.FromMilliseconds(1));
        var results = await Task.WhenAll(requests);

        Assert.Equal(0, answeredEarly);
        Assert.All(results, static r => AssertUnauthorized(r, "the issuer's signing keys are not available"));
        Assert.Equal(1, issuer.MaxInFlight);
        Assert.Equal(1, harness.Manager.FetchCount);
    }

    [Fact]
    public async Task KeyRotation_NewKidValidatesAfterOneRefresh_RemovedKidFailsAfterTheNext()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        using var harness = new Harness(issuer);
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);

        issuer.Keys = [K1, K3];
        harness.KeyClock.Advance(RefreshInterval + TimeSpan.FromSeconds(1));
        var firstK3 = await harness.AuthorizeAsync(K3);
        var secondK3 = await harness.AuthorizeAsync(K3);
        Assert.True(firstK3.IsAllowed);
        Assert.True(secondK3.IsAllowed);
        Assert.Equal(2, issuer.JwksRequests);

        issuer.Keys = [K3];
        var k1BeforeRefresh = await harness.AuthorizeAsync(K1);
        harness.KeyClock.Advance(TimeSpan.FromHours(2));
        var k1DuringRefresh = await harness.AuthorizeAsync(K1);
        await TestWait.UntilAsync(() => issuer.JwksRequests == 3 && harness.Manager.CurrentKeys!.Count == 1, "the background refresh to bring the new key set");
        var k1After = await harness.AuthorizeAsync(K1);
        var k3After = await harness.AuthorizeAsync(K3);

        Assert.True(k1BeforeRefresh.IsAllowed);
        Assert.True(k1DuringRefresh.IsAllowed);
        AssertUnauthorized(k1After, "the token's key id does not match any key of the issuer");
        Assert.True(k3After.IsAllowed);
    }

    public static TheoryData<string> GarbageAnswers() =>
    [
        "html", "truncated", "status500", "no-keys", "unknown-kty", "duplicate-kid", "huge-chunked", "huge-length", "discovery-html", "discovery-without-jwks",
    ];

    [Theory]
    [MemberData(nameof(GarbageAnswers))]
    public async Task IssuerAnswersGarbage_LastKnownGoodKeysKept(string garbage)
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        using var harness = new Harness(issuer);
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);

        SetGarbage(issuer, garbage);
        harness.KeyClock.Advance(RefreshInterval + TimeSpan.FromSeconds(1));
        var unknown = await harness.AuthorizeAsync(K3);
        await TestWait.UntilAsync(() => harness.Manager.FailureCount == 1, "the refetch to fail");
        var known = await harness.AuthorizeAsync(K1);

        AssertUnauthorized(unknown, "the token's key id does not match any key of the issuer");
        Assert.True(known.IsAllowed);
        Assert.NotNull(harness.Manager.LastFailure);
        if (garbage.StartsWith("huge", StringComparison.Ordinal))
        {
            Assert.Contains("150000", harness.Manager.LastFailure!.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(GarbageAnswers))]
    public async Task IssuerAnswersGarbageFromTheStart_FailsClosed(string garbage)
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        SetGarbage(issuer, garbage);
        using var harness = new Harness(issuer);

        var result = await harness.AuthorizeAsync(K1);

        AssertUnauthorized(result, "the issuer's signing keys are not available");
    }

    [Fact]
    public async Task Redeploy_AndASecondAuthorizer_ShareOneFetch()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1, K2);
        var clock = TestJwt.NewClock();
        using var source = Harness.CreateSource(clock);
        var options = new HttpApiOptions { KeySource = source, TimeProvider = clock };
        var definition = Harness.Definition(issuer);
        var first = new JwtAuthorizer("a", definition, options.KeySource, options.TimeProvider);
        var second = new JwtAuthorizer("b", definition with { Audiences = ["other"] }, options.KeySource, options.TimeProvider);
        var redeployed = new JwtAuthorizer("a", definition, options.KeySource, options.TimeProvider);

        Assert.True((await first.AuthorizeAsync(JwtTestContext.Request("Bearer " + TestJwt.Sign(K1)), [], Cancel)).IsAllowed);
        Assert.True((await redeployed.AuthorizeAsync(JwtTestContext.Request("Bearer " + TestJwt.Sign(K2)), [], Cancel)).IsAllowed);
        AssertUnauthorized(await second.AuthorizeAsync(JwtTestContext.Request("Bearer " + TestJwt.Sign(K1)), [], Cancel), "the token does not have a valid audience");

        Assert.Same(first.Keys, second.Keys);
        Assert.Same(first.Keys, redeployed.Keys);
        Assert.Equal(1, issuer.JwksRequests);
    }

    [Fact]
    public async Task WallClockJump_CausesNoFetch()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        var keyClock = new WallClockJumps(DateTimeOffset.FromUnixTimeSeconds(TestJwt.Now));
        using var harness = new Harness(issuer, keyClock);
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);

        keyClock.SetWallClock(DateTimeOffset.FromUnixTimeSeconds(TestJwt.Now).AddHours(5));
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);
        keyClock.SetWallClock(DateTimeOffset.FromUnixTimeSeconds(TestJwt.Now).AddHours(-5));
        Assert.True((await harness.AuthorizeAsync(K1)).IsAllowed);

        Assert.Equal(1, harness.Manager.FetchCount);
    }

    [Fact]
    public async Task PlainHttpDiscovery_RefusedUnlessRequireHttpsIsOff()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        using var strict = new OidcKeySource { FetchTimeout = FetchTimeout, TimeProvider = TestJwt.NewClock() };
        var authorizer = new JwtAuthorizer("a", Harness.Definition(issuer), strict, TestJwt.NewClock());

        var result = await authorizer.AuthorizeAsync(JwtTestContext.Request("Bearer " + TestJwt.Sign(K1)), [], Cancel);

        AssertUnauthorized(result, "the issuer's signing keys are not available");
        Assert.Equal(0, issuer.DiscoveryRequests);
        Assert.Contains("https", authorizer.Keys.LastFailure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetConfigurationManager_PrefetchesForTheFirstRequest_AndThrowsWhenNothingCanBeFetched()
    {
        await using var issuer = await LoopbackIssuer.StartAsync(K1);
        using var harness = new Harness(issuer);

        var configuration = await harness.Source.GetConfigurationManager(issuer.DiscoveryUri).GetConfigurationAsync(Cancel);
        var result = await harness.AuthorizeAsync(K1);

        Assert.Equal(LoopbackIssuer.DefaultIssuer, configuration.Issuer);
        Assert.Single(configuration.JsonWebKeySet.Keys);
        Assert.True(result.IsAllowed);
        Assert.Equal(1, issuer.JwksRequests);

        await using var down = LoopbackIssuer.Down();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Source.GetConfigurationManager(down.DiscoveryUri).GetConfigurationAsync(Cancel));
        Assert.StartsWith($"No usable OIDC configuration could be fetched from '{down.DiscoveryUri}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OidcKeySource { FetchTimeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OidcKeySource { MaxDocumentBytes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OidcKeySource { RefreshInterval = TimeSpan.FromMilliseconds(999) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OidcKeySource { AutomaticRefreshInterval = TimeSpan.FromMinutes(4) });
        Assert.Equal(TimeSpan.FromMilliseconds(1500), OidcKeySource.Shared.FetchTimeout);
        Assert.Equal(150_000, OidcKeySource.Shared.MaxDocumentBytes);
        Assert.Same(OidcKeySource.Shared, new HttpApiOptions().KeySource);
    }

    private static void SetGarbage(LoopbackIssuer issuer, string garbage)
    {
        switch (garbage)
        {
            case "html":
                issuer.RespondJwks = static c => c.Response.WriteAsync("<html><body>Service temporarily unavailable</body></html>");
                break;
            case "truncated":
                issuer.RespondJwks = c => c.Response.WriteAsync(TestKey.Jwks(K1)[..40]);
                break;
            case "status500":
                issuer.RespondJwks = c =>
                {
                    c.Response.StatusCode = 500;
                    return c.Response.WriteAsync(TestKey.Jwks(K1));
                };
                break;
            case "no-keys":
                issuer.RespondJwks = static c => c.Response.WriteAsync("""{"keys":[]}""");
                break;
            case "unknown-kty":
                issuer.RespondJwks = static c => c.Response.WriteAsync("""{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}""");
                break;
            case "duplicate-kid":
                issuer.RespondJwks = static c => c.Response.WriteAsync(TestKey.Jwks(K1, K2.WithKid("k1")));
                break;
            case "huge-chunked":
                issuer.RespondJwks = static async c =>
                {
                    var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                    for (int i = 0; i < 160 && !c.RequestAborted.IsCancellationRequested; i++)
                    {
                        await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                    }
                };
                break;
            case "huge-length":
                issuer.RespondJwks = static async c =>
                {
                    c.Response.ContentLength = 10 * 1024 * 1024;
                    await c.Response.Body.WriteAsync(new byte[64 * 1024], c.RequestAborted);
                };
                break;
            case "discovery-html":
                issuer.Respond = static c => c.Response.WriteAsync("<html>login</html>");
                break;
            case "discovery-without-jwks":
                issuer.Respond = static c => c.Response.WriteAsync($$"""{"issuer":"{{LoopbackIssuer.DefaultIssuer}}"}""");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(garbage), garbage, "unknown garbage");
        }
    }

    /// <summary>
    /// Starts <paramref name="count"/> calls at once on the thread pool, and returns them once each has gone as far as
    /// it can without waiting (a call that waits for a fetch has armed its fetch timeout on the fake clock by then).
    /// </summary>
    private static async Task<Task<AuthorizationResult>[]> StartConcurrentlyAsync(int count, Func<Task<AuthorizationResult>> call)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => new StartedCall(call()))));
        return [.. started.Select(static s => s.Call)];
    }

    /// <summary>A call in progress (a plain <see cref="Task"/> result would be unwrapped by <see cref="Task.Run(Func{Task})"/>).</summary>
    private sealed record StartedCall(Task<AuthorizationResult> Call);

    /// <summary>
    /// A fake clock whose wall time can be set while its monotonic timestamp stands still, as a machine's clock does when
    /// someone sets the time. <see cref="FakeTimeProvider"/> alone cannot express this: its timestamp follows its wall
    /// time (<see cref="FakeTimeProvider.AdjustTime"/> moves both too).
    /// </summary>
    private sealed class WallClockJumps(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private long _wallOffsetTicks;

        public void SetWallClock(DateTimeOffset now) => Interlocked.Exchange(ref _wallOffsetTicks, (now - base.GetUtcNow()).Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _wallOffsetTicks));

        /// <summary>The fake clock's own time in ticks (its frequency is <see cref="TimeSpan.TicksPerSecond"/>), without the jumps.</summary>
        public override long GetTimestamp() => base.GetUtcNow().UtcTicks;
    }

    /// <summary>An authorizer for a loopback issuer, with its own key source (http allowed, 30 s refresh interval).</summary>
    private sealed class Harness : IDisposable
    {
        public Harness(LoopbackIssuer issuer, FakeTimeProvider? keyClock = null)
        {
            KeyClock = keyClock ?? TestJwt.NewClock();
            Source = CreateSource(KeyClock);
            Authorizer = new JwtAuthorizer("main", Definition(issuer), Source, TestJwt.NewClock());
        }

        /// <summary>The key source's clock: refresh intervals and fetch timeouts.</summary>
        public FakeTimeProvider KeyClock { get; }

        public OidcKeySource Source { get; }

        public JwtAuthorizer Authorizer { get; }

        public OidcConfigurationManager Manager => Authorizer.Keys;

        public static OidcKeySource CreateSource(TimeProvider clock) => new()
        {
            RequireHttps = false,
            FetchTimeout = FetchTimeout,
            RefreshInterval = RefreshInterval,
            TimeProvider = clock,
        };

        public static JwtAuthorizerDefinition Definition(LoopbackIssuer issuer) => new()
        {
            Issuer = issuer.Issuer,
            Audiences = [TestJwt.Audience],
            DiscoveryUri = issuer.DiscoveryUri,
        };

        /// <summary>Authorizes a token signed with <paramref name="key"/>; fails the test if no answer comes in <see cref="TestWait.Limit"/>.</summary>
        public Task<AuthorizationResult> AuthorizeAsync(TestKey key)
            => Authorizer.AuthorizeAsync(JwtTestContext.Request("Bearer " + TestJwt.Sign(key)), [], Cancel).AsTask().WaitAsync(TestWait.Limit, Cancel);

        public void Dispose() => Source.Dispose();
    }
}
