using System.Collections.Concurrent;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Routing.Authorization.Jwt;

/// <summary>
/// Where JWT authorizers get their issuers' signing keys: one <see cref="ConfigurationManager{T}"/> of
/// <see cref="OpenIdConnectConfiguration"/> per OIDC discovery address, shared by every authorizer, deployment and API
/// that uses this source, so a redeploy or a second API for the same issuer does not fetch the keys again.
/// </summary>
/// <remarks>
/// <para>For each discovery address the source fetches the discovery document and then its <c>jwks_uri</c>, and keeps
/// the usable signing keys (see below). It refetches them in the background once <see cref="AutomaticRefreshInterval"/>
/// has passed, and when a token names a <c>kid</c> the cached set lacks; the request that asked waits for that fetch
/// at most <see cref="FetchTimeout"/>. At most one fetch per address is in flight, and a new one starts no sooner than
/// <see cref="RefreshInterval"/> after the previous one started, however many tokens with unknown key ids arrive or
/// however long the issuer is down.</para>
/// <para>A failed fetch (the issuer down, slow, answering an error, a document over <see cref="MaxDocumentBytes"/>,
/// JSON that is not a discovery document or a key set, or a key set without one usable key) changes nothing: the
/// last keys fetched successfully stay in use. With no keys at all, authorizers answer 401 (fail closed).</para>
/// <para>Usable keys: RSA keys of 2048 bits or more with an odd public exponent above 1, and EC keys on P-256, P-384
/// or P-521, each with a non-empty <c>kid</c>, <c>use</c> absent or <c>sig</c>, and <c>key_ops</c> absent or
/// including <c>verify</c>. Two keys with the same <c>kid</c> make that kid unusable (never "first wins"). A key's
/// <c>x5c</c> chain is not consulted, and neither are a token's <c>jku</c>, <c>x5u</c>, <c>jwk</c> or <c>x5c</c>
/// headers.</para>
/// <para>Timing uses <see cref="TimeProvider"/>'s monotonic timestamps, so a wall-clock jump does not cause fetches.</para>
/// </remarks>
public sealed class OidcKeySource : IDisposable
{
    /// <summary>API Gateway's timeout for the discovery and JWKS requests: 1500 ms each.</summary>
    public static readonly TimeSpan DefaultFetchTimeout = TimeSpan.FromMilliseconds(1500);

    /// <summary>API Gateway's limit on a JWKS response: 150000 bytes.</summary>
    public const int DefaultMaxDocumentBytes = 150_000;

    /// <summary>How long fetched keys are used before a background refetch: one hour.</summary>
    public static readonly TimeSpan DefaultAutomaticRefreshInterval = TimeSpan.FromHours(1);

    /// <summary>The least time between two fetches for one address: 30 seconds.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>The shortest <see cref="RefreshInterval"/> allowed: one second.</summary>
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>The shortest <see cref="AutomaticRefreshInterval"/> allowed: five minutes.</summary>
    public static readonly TimeSpan MinimumAutomaticRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, OidcConfigurationManager> _managers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly bool _isShared;
    private HttpClient? _client;
    private OidcDocumentRetriever? _documents;
    private bool _disposed;

    private TimeSpan _fetchTimeout = DefaultFetchTimeout;
    private int _maxDocumentBytes = DefaultMaxDocumentBytes;
    private TimeSpan _automaticRefreshInterval = DefaultAutomaticRefreshInterval;
    private TimeSpan _refreshInterval = DefaultRefreshInterval;
    private TimeProvider _timeProvider = TimeProvider.System;
    private ILogger? _logger;

    /// <summary>Creates a key source with its own HTTP client and cache.</summary>
    public OidcKeySource()
    {
    }

    private OidcKeySource(bool isShared) => _isShared = isShared;

    /// <summary>The process-wide source that <c>HttpApiOptions.KeySource</c> uses by default.</summary>
    /// <remarks>Its settings are the defaults; <see cref="Dispose"/> does nothing on it.</remarks>
    public static OidcKeySource Shared { get; } = new(isShared: true);

    /// <summary>
    /// The handler that sends the discovery and JWKS requests (a proxy, test doubles, certificate checks). The source
    /// does not dispose it.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: a <see cref="SocketsHttpHandler"/> owned by the source, which
    /// follows no redirects.
    /// </value>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>The timeout of each request (the discovery document, then the JWKS).</summary>
    /// <value>The default value is 1500 ms, as API Gateway.</value>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative.</exception>
    public TimeSpan FetchTimeout
    {
        get => _fetchTimeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _fetchTimeout = value;
        }
    }

    /// <summary>The largest discovery document or JWKS accepted, in bytes; a larger one fails the fetch.</summary>
    /// <value>The default value is 150000, as API Gateway's JWKS limit.</value>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative.</exception>
    public int MaxDocumentBytes
    {
        get => _maxDocumentBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, 0);
            _maxDocumentBytes = value;
        }
    }

    /// <summary>How long fetched keys are used before they are refetched in the background.</summary>
    /// <value>The default value is one hour.</value>
    /// <exception cref="ArgumentOutOfRangeException">Less than <see cref="MinimumAutomaticRefreshInterval"/>.</exception>
    public TimeSpan AutomaticRefreshInterval
    {
        get => _automaticRefreshInterval;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinimumAutomaticRefreshInterval);
            _automaticRefreshInterval = value;
        }
    }

    /// <summary>
    /// The least time between the starts of two fetches for one address: it bounds the refetches that tokens with
    /// unknown key ids cause, and the retries while the issuer is down.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    /// <exception cref="ArgumentOutOfRangeException">Less than <see cref="MinimumRefreshInterval"/>.</exception>
    public TimeSpan RefreshInterval
    {
        get => _refreshInterval;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinimumRefreshInterval);
            _refreshInterval = value;
        }
    }

    /// <summary>Whether discovery and JWKS addresses must use <c>https</c>.</summary>
    /// <value>The default value is <see langword="true"/>; turn it off only for a loopback issuer in tests.</value>
    public bool RequireHttps { get; init; } = true;

    /// <summary>The clock for refresh intervals and fetch timeouts (not for token lifetimes, which use the API's clock).</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _timeProvider = value;
        }
    }

    /// <summary>Where failed fetches are logged (category <c>Routing.Jwks</c>, Warning, with the cause).</summary>
    /// <value>The default value is <see langword="null"/>: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The logger of the source's fetches.</summary>
    internal ILogger Logger => _logger ??= (LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Routing.Jwks");

    internal IDocumentRetriever Documents
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_documents is null)
                {
                    _client = HttpMessageHandler is { } handler
                        ? new HttpClient(handler, disposeHandler: false)
                        : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true);
                    _client.Timeout = Timeout.InfiniteTimeSpan;
                    _documents = new OidcDocumentRetriever(_client, this);
                }

                return _documents;
            }
        }
    }

    /// <summary>
    /// The configuration manager for a discovery address, created on first use. Awaiting its
    /// <see cref="ConfigurationManager{T}.GetConfigurationAsync()"/> fetches the keys ahead of the first request (a
    /// host may do so at startup); it throws <see cref="InvalidOperationException"/> when nothing could be fetched.
    /// </summary>
    /// <param name="discoveryUri">The discovery document's address, e.g. <c>https://issuer/.well-known/openid-configuration</c>.</param>
    /// <returns>The manager shared by every authorizer of this source that uses the address.</returns>
    public ConfigurationManager<OpenIdConnectConfiguration> GetConfigurationManager(Uri discoveryUri)
    {
        ArgumentNullException.ThrowIfNull(discoveryUri);
        if (!discoveryUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The discovery address '{discoveryUri}' is not absolute; use e.g. https://issuer/.well-known/openid-configuration.", nameof(discoveryUri));
        }

        return GetManager(discoveryUri.AbsoluteUri);
    }

    /// <summary>Releases the source's own HTTP client (not a <see cref="HttpMessageHandler"/> it was given). Does nothing on <see cref="Shared"/>.</summary>
    public void Dispose()
    {
        if (_isShared)
        {
            return;
        }

        lock (_gate)
        {
            _disposed = true;
            _client?.Dispose();
        }
    }

    internal OidcConfigurationManager GetManager(string discoveryAddress)
        => _managers.GetOrAdd(discoveryAddress, static (address, source) => new OidcConfigurationManager(address, source), this);
}
