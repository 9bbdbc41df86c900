namespace Routing.Authorization.Lambda;

/// <summary>
/// A Lambda authorizer's cache of parsed answers, keyed by stage and identity-source values, on the API's monotonic
/// clock (a wall-clock step back does not keep an answer longer): an entry is used while less than the TTL has passed
/// since it was stored. Bounded: when it is full, expired entries
/// go first, and if none has expired it starts over (an attacker who sends many identities only causes calls).
/// </summary>
/// <param name="ttl">How long an answer is kept.</param>
/// <param name="time">The clock.</param>
internal sealed class AuthorizerResultCache(TimeSpan ttl, TimeProvider time)
{
    /// <summary>The most answers kept.</summary>
    public const int MaxEntries = 10_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How many answers are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The answer stored under a key less than the TTL ago.</summary>
    /// <param name="key">The key.</param>
    /// <param name="response">The answer.</param>
    /// <returns>Whether there is one.</returns>
    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LambdaAuthorizerResponse? response)
    {
        long now = time.GetTimestamp();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (time.GetElapsedTime(entry.StoredAt, now) < ttl)
                {
                    response = entry.Response;
                    return true;
                }

                _entries.Remove(key);
            }
        }

        response = null;
        return false;
    }

    /// <summary>Stores an answer.</summary>
    /// <param name="key">The key.</param>
    /// <param name="response">The answer.</param>
    public void Set(string key, LambdaAuthorizerResponse response)
    {
        long now = time.GetTimestamp();
        lock (_gate)
        {
            if (_entries.Count >= MaxEntries && !_entries.ContainsKey(key))
            {
                foreach (var (stored, entry) in _entries)
                {
                    if (time.GetElapsedTime(entry.StoredAt, now) >= ttl)
                    {
                        _entries.Remove(stored);
                    }
                }

                if (_entries.Count >= MaxEntries)
                {
                    _entries.Clear();
                }
            }

            _entries[key] = new Entry(response, now);
        }
    }

    private readonly record struct Entry(LambdaAuthorizerResponse Response, long StoredAt);
}
