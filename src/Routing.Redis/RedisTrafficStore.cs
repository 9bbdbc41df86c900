using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Routing.Traffic;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>What a <see cref="RedisTrafficStore"/> does when Redis cannot answer.</summary>
public enum RedisFailureMode
{
    /// <summary>Admit the request: an outage of the store never turns into refusals (limits are not enforced meanwhile).</summary>
    FailOpen,

    /// <summary>Refuse the request as a throttle would (429): limits are never exceeded, at the cost of refusals meanwhile.</summary>
    FailClosed,
}

/// <summary>
/// Throttle buckets and quota counters in Redis, shared by every gateway instance that uses the same Redis and key
/// prefix: each decision is one atomic script and one round trip, buckets refill on Redis's clock, and every key
/// expires once it no longer matters. When Redis cannot answer, the request is admitted or refused as
/// <see cref="RedisFailureMode"/> says, the failure is logged (event 500, at most once a second), and nothing is thrown;
/// the connection recovers by itself when Redis returns.
/// </summary>
public sealed partial class RedisTrafficStore : ITrafficStore
{
    // A bucket that refills continuously at ARGV[1] tokens a second up to ARGV[2], on Redis's clock; full when new or when
    // its limits change. A request takes one token or nothing. The key lives until the bucket would be full again.
    private const string TakeScript = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'rate', 'burst')
        local tokens = tonumber(v[1])
        local ts = tonumber(v[2])
        if tokens == nil or v[3] ~= ARGV[1] or v[4] ~= ARGV[2] then
          tokens = burst
          ts = now
        end
        if now > ts then
          tokens = math.min(burst, tokens + (now - ts) / 1000 * rate)
          ts = now
        end
        local admitted = 0
        if tokens + 1e-9 >= 1 then
          tokens = math.max(0, tokens - 1)
          admitted = 1
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ts, 'rate', ARGV[1], 'burst', ARGV[2])
        if rate > 0 then
          redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 60000)
        end
        return admitted
        """;

    // Counts one request if fewer than ARGV[1] are counted; the counter ends at ARGV[2] (Unix milliseconds).
    private const string IncrementScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count >= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('INCR', KEYS[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        return 1
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly RedisFailureMode _failureMode;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private long _lastLogged = long.MinValue;

    /// <summary>Creates a store over a Redis connection.</summary>
    /// <param name="redis">The connection (created with <c>abortConnect=false</c>, so that it reconnects by itself).</param>
    /// <param name="keyPrefix">What every key starts with; instances that share limits use the same prefix.</param>
    /// <param name="failureMode">What a request gets while Redis cannot answer.</param>
    /// <param name="loggerFactory">Where failures are logged (category <c>Routing.Redis</c>).</param>
    /// <param name="timeProvider">The clock of the log's pacing; the system clock when <see langword="null"/>.</param>
    public RedisTrafficStore(
        IConnectionMultiplexer redis, string keyPrefix = "routing:", RedisFailureMode failureMode = RedisFailureMode.FailOpen, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _redis = redis;
        _prefix = keyPrefix;
        _failureMode = failureMode;
        _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Routing.Redis");
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryTakeAsync(string bucket, double rate, int burst, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _redis.GetDatabase().ScriptEvaluateAsync(
                TakeScript, [(RedisKey)(_prefix + bucket)], [rate.ToString("R", CultureInfo.InvariantCulture), burst.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
            return (int)result == 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return Failed(e, bucket);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryIncrementAsync(string counter, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _redis.GetDatabase().ScriptEvaluateAsync(
                IncrementScript, [(RedisKey)(_prefix + counter)], [limit, expiresAt.ToUnixTimeMilliseconds()]).ConfigureAwait(false);
            return (int)result == 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return Failed(e, counter);
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> GetCountAsync(string counter, CancellationToken cancellationToken)
    {
        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(_prefix + counter).ConfigureAwait(false);
            return value.HasValue ? (long)value : 0;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Failed(e, counter);
            return 0;
        }
    }

    private bool Failed(Exception e, string key)
    {
        long now = _time.GetTimestamp();
        long last = Interlocked.Read(ref _lastLogged);
        if ((last == long.MinValue || _time.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(1)) && Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
        {
            Log.Unavailable(_log, key, _failureMode == RedisFailureMode.FailOpen ? "admitted" : "refused", e);
        }

        return _failureMode == RedisFailureMode.FailOpen;
    }

    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Warning, "Redis did not answer for {Key}; requests are {Outcome} until it does")]
        public static partial void Unavailable(ILogger logger, string key, string outcome, Exception exception);
    }
}
