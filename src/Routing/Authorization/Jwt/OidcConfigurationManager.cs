using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Routing.Authorization.Jwt;

/// <summary>
/// The <see cref="ConfigurationManager{T}"/> of one discovery address of an <see cref="OidcKeySource"/>: it caches the
/// configuration and its usable keys (<see cref="OidcKeySet"/>), refreshes them, and keeps the last good ones.
/// </summary>
/// <remarks>
/// <para>The fetch policy is this class's own, not the base class's, because the base's (non-blocking) policy does not
/// fit a gateway: a first fetch that fails is retried by every request with no pause, a failed background refresh is
/// retried on every call once the refresh time has passed, and a request cannot wait for the refresh that its unknown
/// <c>kid</c> asked for. Here:</para>
/// <list type="bullet">
/// <item>at most one fetch is in flight (<see cref="TryStartFetch"/>), and a new one starts no sooner than
/// <see cref="OidcKeySource.RefreshInterval"/> after the last one started, whatever happened to it;</item>
/// <item>callers with cached keys never wait: keys older than <see cref="OidcKeySource.AutomaticRefreshInterval"/>
/// start a background fetch and are used meanwhile;</item>
/// <item>callers without keys, or with an unknown <c>kid</c>, wait for the fetch in flight at most
/// <see cref="OidcKeySource.FetchTimeout"/>; the fetch itself goes on;</item>
/// <item>a fetch that fails, or yields no usable key, leaves the current keys in place (last known good).</item>
/// </list>
/// <para>Fetching uses <see cref="OpenIdConnectConfigurationRetriever"/> with the source's
/// <see cref="OidcDocumentRetriever"/>; <see cref="GetConfigurationAsync(CancellationToken)"/> and
/// <see cref="RequestRefresh"/> follow the policy above, so the manager can also be handed to other IdentityModel code.</para>
/// </remarks>
internal sealed partial class OidcConfigurationManager : ConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly OidcKeySource _source;
    private readonly IDocumentRetriever _documents;
    private readonly Lock _gate = new();
    private OidcKeySet? _keys;
    private Task? _fetch;
    private long _lastFetchStarted;
    private bool _fetchedBefore;
    private int _fetchCount;
    private int _failureCount;

    public OidcConfigurationManager(string discoveryAddress, OidcKeySource source)
        : this(discoveryAddress, source, source.Documents)
    {
    }

    private OidcConfigurationManager(string discoveryAddress, OidcKeySource source, IDocumentRetriever documents)
        : base(discoveryAddress, new OpenIdConnectConfigurationRetriever(), documents)
    {
        _source = source;
        _documents = documents;
        AutomaticRefreshInterval = source.AutomaticRefreshInterval;
        RefreshInterval = source.RefreshInterval;
    }

    /// <summary>The keys in use; <see langword="null"/> until a fetch succeeded.</summary>
    public OidcKeySet? CurrentKeys => Volatile.Read(ref _keys);

    /// <summary>How many fetches were started (for tests and diagnostics).</summary>
    public int FetchCount => Volatile.Read(ref _fetchCount);

    /// <summary>How many fetches failed or yielded no usable key.</summary>
    public int FailureCount => Volatile.Read(ref _failureCount);

    /// <summary>The last fetch failure, for diagnostics; <see langword="null"/> after a success.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>
    /// The keys to use now: the cached ones at once (starting a background refresh when they are old), or, when there
    /// are none yet, those of the fetch in flight or a new one, waited for at most the fetch timeout.
    /// </summary>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>The keys, or <see langword="null"/> when none could be had (fail closed).</returns>
    public ValueTask<OidcKeySet?> GetKeysAsync(CancellationToken cancellationToken)
    {
        var keys = CurrentKeys;
        if (keys is not null)
        {
            if (_source.TimeProvider.GetElapsedTime(keys.FetchedAt) >= _source.AutomaticRefreshInterval)
            {
                _ = TryStartFetch();
            }

            return ValueTask.FromResult<OidcKeySet?>(keys);
        }

        return WaitForFetchAsync(TryStartFetch(), cancellationToken);
    }

    /// <summary>
    /// For a <c>kid</c> that <paramref name="seen"/> lacks: the keys after a refresh, if one may start now or is in
    /// flight (waited for at most the fetch timeout); otherwise the current keys.
    /// </summary>
    /// <param name="seen">The keys the caller looked in.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>The keys to look in again.</returns>
    public ValueTask<OidcKeySet?> RefreshAsync(OidcKeySet? seen, CancellationToken cancellationToken)
    {
        var keys = CurrentKeys;
        if (!ReferenceEquals(keys, seen))
        {
            // Someone else's refresh already brought new keys.
            return ValueTask.FromResult(keys);
        }

        return WaitForFetchAsync(TryStartFetch(), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Follows this class's policy; throws <see cref="InvalidOperationException"/> when no configuration could be fetched.</remarks>
    public override async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var keys = await GetKeysAsync(cancel).ConfigureAwait(false);
        return keys?.Configuration
            ?? throw new InvalidOperationException(
                $"No usable OIDC configuration could be fetched from '{MetadataAddress}': {LastFailure?.Message ?? "the fetch did not finish in time"}.");
    }

    /// <inheritdoc />
    /// <remarks>Starts a fetch unless one is in flight or the last one started less than the refresh interval ago.</remarks>
    public override void RequestRefresh() => _ = TryStartFetch();

    /// <summary>Starts a fetch unless one is in flight or the refresh interval has not passed since the last one started.</summary>
    /// <returns>The fetch in flight, or <see langword="null"/> when none may start yet.</returns>
    private Task? TryStartFetch()
    {
        // PERF: JwtBenchmarks. Once keys are due for refresh while the issuer is down, every request asks; answer
        // "not yet" without the lock (a long is read atomically on 64-bit; the lock below decides for real).
        if (Volatile.Read(ref _fetch) is { IsCompleted: false } inFlight)
        {
            return inFlight;
        }

        if (Volatile.Read(ref _fetchedBefore)
            && _source.TimeProvider.GetElapsedTime(Interlocked.Read(ref _lastFetchStarted)) < _source.RefreshInterval)
        {
            // A fetch that started since the first read is this request's to wait for, not a reason to give up.
            return Volatile.Read(ref _fetch) is { IsCompleted: false } started ? started : null;
        }

        lock (_gate)
        {
            if (_fetch is { IsCompleted: false } running)
            {
                return running;
            }

            long now = _source.TimeProvider.GetTimestamp();
            if (_fetchedBefore && _source.TimeProvider.GetElapsedTime(_lastFetchStarted, now) < _source.RefreshInterval)
            {
                return null;
            }

            // The fetch is published before the time it started: a request that sees the new time sees the fetch too.
            Interlocked.Increment(ref _fetchCount);
            var fetch = Task.Run(FetchAsync);
            Volatile.Write(ref _fetch, fetch);
            Interlocked.Exchange(ref _lastFetchStarted, now);
            Volatile.Write(ref _fetchedBefore, true);
            return fetch;
        }
    }

    private async ValueTask<OidcKeySet?> WaitForFetchAsync(Task? fetch, CancellationToken cancellationToken)
    {
        if (fetch is not null && !fetch.IsCompleted)
        {
            try
            {
                await fetch.WaitAsync(_source.FetchTimeout, _source.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The fetch goes on in the background; this request does not wait for it any longer.
            }
        }

        return CurrentKeys;
    }

    private async Task FetchAsync()
    {
        try
        {
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, _documents, CancellationToken.None).ConfigureAwait(false);
            var keys = OidcKeySet.Create(configuration, _source.TimeProvider.GetTimestamp());
            if (keys.Count == 0)
            {
                throw new InvalidOperationException($"The JWKS of '{MetadataAddress}' holds no usable signing key.");
            }

            LastFailure = null;
            Volatile.Write(ref _keys, keys);
            Log.KeysFetched(_source.Logger, MetadataAddress, keys.Count);
        }
#pragma warning disable CA1031 // Whatever the issuer sends, the last good keys stay; the failure is kept for diagnostics.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LastFailure = e;
            Interlocked.Increment(ref _failureCount);
            Log.KeysFetchFailed(_source.Logger, MetadataAddress, CurrentKeys is null ? "no keys yet: tokens get 401" : "the last good keys stay in use", e);
        }
    }

    /// <summary>The key fetches' messages. Event ids are stable: 200-299 JWT keys (docs/architecture.md lists every id).</summary>
    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Warning, "Fetching the signing keys from {Address} failed; {Consequence}")]
        public static partial void KeysFetchFailed(ILogger logger, string address, string consequence, Exception exception);

        [LoggerMessage(201, LogLevel.Debug, "Fetched {KeyCount} signing keys from {Address}")]
        public static partial void KeysFetched(ILogger logger, string address, int keyCount);
    }
}
