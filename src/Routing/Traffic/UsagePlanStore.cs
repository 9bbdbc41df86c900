using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Routing.Traffic;

/// <summary>
/// API keys and usage plans, as API Gateway keeps them for REST APIs and this library offers to HTTP APIs: which keys
/// exist, which plans admit them for which API stages, each key's plan throttle and quota on the store's clock, and
/// its usage per UTC day. Key values never appear in messages or logs; their ids do. Give the
/// same store to several APIs (<c>HttpApiOptions.UsagePlans</c>) to meter a key across them. Thread-safe; changes
/// apply to the next request.
/// </summary>
public sealed class UsagePlanStore
{
    /// <summary>The shortest key value.</summary>
    public const int MinKeyLength = 20;

    /// <summary>The longest key value.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>The longest key name.</summary>
    public const int MaxKeyNameLength = 1024;

    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ApiKey> _keys = new(StringComparer.Ordinal);
    // PERF: DispatchBenchmarks (GatewayTraffic). By value through .NET's randomized string hashing: a SHA-256 of the value
    // costs 0.5 us a request on the CI machine. Values are never logged or put in messages; ids are.
    private readonly Dictionary<string, string> _keyIdsByValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsagePlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _planCreated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _planKeys = new(StringComparer.Ordinal);
    private readonly ITrafficStore _store;
    private readonly Dictionary<(string Plan, string Key, DateTimeOffset Window), long> _limitOverrides = [];
    private readonly Dictionary<(string Plan, string Key, DateOnly Day), long> _usage = [];

    // PERF: DispatchBenchmarks (GatewayTraffic). The plan and stage of each (key, API, stage), rebuilt when keys or plans change.
    private Dictionary<(string Key, string Api, string Stage), (UsagePlan Plan, UsagePlanApiStage Stage)> _admissions = [];

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock of throttles, quota windows and usage days; the system clock when <see langword="null"/>.</param>
    /// <param name="trafficStore">Where the plans' throttle buckets and quota counters live; a <see cref="MemoryTrafficStore"/> on the same clock when <see langword="null"/>.</param>
    public UsagePlanStore(TimeProvider? timeProvider = null, ITrafficStore? trafficStore = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _store = trafficStore ?? new MemoryTrafficStore(_time);
    }

    /// <summary>Every key, in no particular order.</summary>
    public IReadOnlyList<ApiKey> ApiKeys
    {
        get
        {
            lock (_gate)
            {
                return [.. _keys.Values];
            }
        }
    }

    /// <summary>Creates a key as <c>CreateApiKey</c> does: a value of 40 letters and digits when none is given, disabled unless enabled.</summary>
    /// <param name="name">The name (at most 1,024 characters).</param>
    /// <param name="value">The value (20 to 128 printable characters without spaces or commas), or <see langword="null"/> to generate one.</param>
    /// <param name="enabled">Whether the key admits requests.</param>
    /// <param name="description">The description.</param>
    /// <returns>The key, with a new id.</returns>
    /// <exception cref="ArgumentException">The name or value is not valid (API Gateway's <c>BadRequestException</c>), or the value is taken (<c>ConflictException</c>).</exception>
    public ApiKey CreateApiKey(string? name = null, string? value = null, bool enabled = false, string? description = null)
    {
        var key = new ApiKey
        {
            Id = NewId(),
            Name = name,
            Value = string.IsNullOrEmpty(value) ? RandomNumberGenerator.GetString(Alphanumerics, 40) : value,
            Enabled = enabled,
            Description = description ?? string.Empty,
        };
        AddApiKey(key);
        return key;
    }

    /// <summary>Adds a key with its own id and value.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentException">The key is not valid, or its id or value is taken; the message names API Gateway's error.</exception>
    public void AddApiKey(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (KeyProblem(key.Value, key.Name) is { } problem)
        {
            throw new ArgumentException(problem + " (BadRequestException)", nameof(key));
        }

        lock (_gate)
        {
            if (_keys.ContainsKey(key.Id) || _keyIdsByValue.ContainsKey(key.Value))
            {
                throw new ArgumentException($"API key '{key.Id}' (or its value) already exists (ConflictException).", nameof(key));
            }

            _keys[key.Id] = key;
            _keyIdsByValue[key.Value] = key.Id;
        }
    }

    /// <summary>
    /// Imports keys from CSV as <c>ImportApiKeys</c> does: the <c>Name</c> and <c>Key</c> columns are required (any
    /// case, any order), <c>Description</c>, <c>Enabled</c> (default true) and <c>UsagePlanIds</c> (one id, or several in
    /// quotes) are optional, other columns are ignored; importing a value again overwrites it. A bad row is a warning;
    /// with <paramref name="failOnWarnings"/>, any warning imports nothing.
    /// </summary>
    /// <param name="csv">The CSV text, a header line first.</param>
    /// <param name="failOnWarnings">Whether a warning stops the whole import.</param>
    /// <returns>The ids of the keys imported, and a warning per row that was not.</returns>
    /// <exception cref="ArgumentException">The header lacks <c>Name</c> or <c>Key</c> (API Gateway's <c>BadRequestException</c>).</exception>
    public ApiKeyImportResult ImportApiKeys(string csv, bool failOnWarnings = false)
    {
        ArgumentNullException.ThrowIfNull(csv);
        string[] lines = csv.Split('\n').Select(static l => l.TrimEnd('\r')).Where(static l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0)
        {
            throw new ArgumentException("The CSV has no header line; it needs the columns Name and Key (BadRequestException).", nameof(csv));
        }

        var header = CsvFields(lines[0]).Select(static h => h.ToLowerInvariant()).ToList();
        int nameColumn = header.IndexOf("name"), keyColumn = header.IndexOf("key");
        if (nameColumn < 0 || keyColumn < 0)
        {
            throw new ArgumentException($"The CSV header '{lines[0]}' lacks {(keyColumn < 0 ? "Key" : "Name")}; Name and Key are required (BadRequestException).", nameof(csv));
        }

        int descriptionColumn = header.IndexOf("description"), enabledColumn = header.IndexOf("enabled"), plansColumn = header.IndexOf("usageplanids");
        var rows = new List<(ApiKey Key, string[] Plans)>();
        var warnings = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            var fields = CsvFields(lines[i]);
            string Field(int column) => column >= 0 && column < fields.Count ? fields[column] : string.Empty;
            string value = Field(keyColumn), name = Field(nameColumn), enabledText = Field(enabledColumn);
            bool enabled = true;
            string[] plans = [.. Field(plansColumn).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            string? problem = KeyProblem(value, name)
                ?? (enabledText.Length > 0 && !bool.TryParse(enabledText, out enabled) ? $"Enabled '{enabledText}' is not true or false" : null);
            lock (_gate)
            {
                problem ??= plans.FirstOrDefault(p => !_plans.ContainsKey(p)) is { } unknown ? $"the usage plan '{unknown}' does not exist" : null;
            }

            if (problem is not null)
            {
                warnings.Add($"Line {i + 1}: {problem}; the key is not imported.");
                continue;
            }

            rows.Add((new ApiKey { Id = string.Empty, Value = value, Name = name, Enabled = enabled, Description = Field(descriptionColumn) }, plans));
        }

        if (failOnWarnings && warnings.Count > 0)
        {
            return new ApiKeyImportResult([], warnings);
        }

        var ids = new List<string>();
        lock (_gate)
        {
            foreach (var (row, plans) in rows)
            {
                string id = _keyIdsByValue.TryGetValue(row.Value, out string? existing) ? existing : NewId();
                _keys[id] = row with { Id = id };
                _keyIdsByValue[row.Value] = id;
                foreach (string plan in plans)
                {
                    _planKeys[plan].Add(id);
                }

                ids.Add(id);
            }

            RebuildAdmissionsLocked();
        }

        return new ApiKeyImportResult(ids, warnings);
    }

    /// <summary>Adds a usage plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <exception cref="ArgumentException">The id is taken, or a throttle or the quota is not valid (the offset must be below the limit).</exception>
    public void AddUsagePlan(UsagePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<string>();
        if (plan.Quota is { } quota && (quota.Limit < 0 || quota.Offset < 0 || (quota.Offset > 0 && quota.Offset >= quota.Limit)))
        {
            problems.Add($"The quota of plan '{plan.Id}' has limit {quota.Limit} and offset {quota.Offset}; both must be 0 or more and the offset below the limit.");
        }

        foreach (var throttle in new[] { plan.Throttle }.Concat(plan.ApiStages.SelectMany(static s => s.Throttle.Values)))
        {
            if (throttle is not null && (!(throttle.RateLimit >= 0) || double.IsInfinity(throttle.RateLimit) || throttle.BurstLimit < 0))
            {
                problems.Add($"A throttle of plan '{plan.Id}' ({throttle.RateLimit}/{throttle.BurstLimit}) is not valid; use 0 or more for both.");
            }
        }

        lock (_gate)
        {
            if (_plans.ContainsKey(plan.Id))
            {
                problems.Add($"The usage plan '{plan.Id}' already exists (ConflictException).");
            }

            if (problems.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", problems) + (problems[0].EndsWith(')') ? string.Empty : " (BadRequestException)"), nameof(plan));
            }

            _plans[plan.Id] = plan;
            _planCreated[plan.Id] = plan.CreatedAt ?? _time.GetUtcNow();
            _planKeys[plan.Id] = [];
            RebuildAdmissionsLocked();
        }
    }

    /// <summary>Puts a key in a plan (<c>CreateUsagePlanKey</c>). A key may be in only one plan for any API stage.</summary>
    /// <param name="usagePlanId">The plan's id.</param>
    /// <param name="keyId">The key's id.</param>
    /// <exception cref="ArgumentException">The plan or key does not exist (<c>NotFoundException</c>), or the key is in another plan for one of this plan's stages (<c>ConflictException</c>).</exception>
    public void AddUsagePlanKey(string usagePlanId, string keyId)
    {
        lock (_gate)
        {
            if (!_plans.TryGetValue(usagePlanId, out var plan))
            {
                throw new ArgumentException($"Invalid Usage Plan ID specified: '{usagePlanId}' (NotFoundException).", nameof(usagePlanId));
            }

            if (!_keys.ContainsKey(keyId))
            {
                throw new ArgumentException($"Invalid API Key identifier specified: '{keyId}' (NotFoundException).", nameof(keyId));
            }

            foreach (var (otherId, keys) in _planKeys)
            {
                if (otherId != usagePlanId && keys.Contains(keyId)
                    && _plans[otherId].ApiStages.Any(s => plan.ApiStages.Any(t => t.ApiId == s.ApiId && t.Stage == s.Stage)))
                {
                    throw new ArgumentException($"API key '{keyId}' is already in usage plan '{otherId}', which covers a stage of '{usagePlanId}'; a key can be in only one plan for any API stage (ConflictException).", nameof(keyId));
                }
            }

            _planKeys[usagePlanId].Add(keyId);
            RebuildAdmissionsLocked();
        }
    }

    /// <summary>The plans a key is in.</summary>
    /// <param name="keyId">The key's id.</param>
    /// <returns>The plans' ids, in id order.</returns>
    public IReadOnlyList<string> UsagePlansOf(string keyId)
    {
        lock (_gate)
        {
            return [.. _planKeys.Where(p => p.Value.Contains(keyId)).Select(static p => p.Key).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Sets how many requests a key has left in its quota's current window (<c>UpdateUsage</c>, <c>/remaining</c>).</summary>
    /// <param name="usagePlanId">The plan's id.</param>
    /// <param name="keyId">The key's id.</param>
    /// <param name="remaining">The requests left.</param>
    /// <exception cref="ArgumentException">The plan or key does not exist, or the plan has no quota.</exception>
    public void UpdateRemaining(string usagePlanId, string keyId, long remaining)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remaining);
        QuotaSettings quota;
        lock (_gate)
        {
            if (!_plans.TryGetValue(usagePlanId, out var plan) || plan.Quota is null)
            {
                throw new ArgumentException($"Usage plan '{usagePlanId}' does not exist or has no quota (NotFoundException).", nameof(usagePlanId));
            }

            quota = plan.Quota;
        }

        var (start, _) = Window(quota.Period, _time.GetUtcNow());
        long used = _store.GetCountAsync(QuotaCounter(usagePlanId, keyId, start), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        lock (_gate)
        {
            _limitOverrides[(usagePlanId, keyId, start)] = used + remaining;
        }
    }

    /// <summary>A key's usage per UTC day (<c>GetUsage</c>), both ends included.</summary>
    /// <param name="usagePlanId">The plan's id.</param>
    /// <param name="keyId">The key's id.</param>
    /// <param name="startDate">The first day.</param>
    /// <param name="endDate">The last day.</param>
    /// <returns>One record per day.</returns>
    public IReadOnlyList<UsageRecord> GetUsage(string usagePlanId, string keyId, DateOnly startDate, DateOnly endDate)
    {
        lock (_gate)
        {
            var plan = _plans.GetValueOrDefault(usagePlanId);
            var records = new List<UsageRecord>();
            for (var day = startDate; day <= endDate; day = day.AddDays(1))
            {
                long used = _usage.GetValueOrDefault((usagePlanId, keyId, day));
                long? remaining = null;
                if (plan?.Quota is { } quota)
                {
                    var instant = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    var (start, _) = Window(quota.Period, instant);
                    long inWindow = 0;
                    for (var d = DateOnly.FromDateTime(start.UtcDateTime); d <= day; d = d.AddDays(1))
                    {
                        inWindow += _usage.GetValueOrDefault((usagePlanId, keyId, d));
                    }

                    long limit = _limitOverrides.TryGetValue((usagePlanId, keyId, start), out long extended) ? extended : WindowLimit(usagePlanId, quota, start);
                    remaining = Math.Max(0, limit - inWindow);
                }

                records.Add(new UsageRecord(day, used, remaining));
            }

            return records;
        }
    }

    /// <summary>
    /// Decides a request to a method that requires a key: the key is known, enabled and in a plan for the stage; then the
    /// plan's throttle (the method's own, else the plan's); then the quota. Only an allowed request is counted.
    /// </summary>
    /// <param name="apiId">The API's id.</param>
    /// <param name="stage">The stage.</param>
    /// <param name="method">The method as plans name it: the route's path, <c>/</c> and its method (<c>/pets/GET</c>).</param>
    /// <param name="keyValue">The key the client sent (or the authorizer gave); <see langword="null"/> for none.</param>
    /// <returns>The decision.</returns>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public async ValueTask<UsagePlanDecision> DecideAsync(string apiId, string stage, string method, string? keyValue, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(keyValue))
        {
            return UsagePlanDecision.Forbidden;
        }

        string keyId;
        UsagePlan plan;
        ThrottleLimits? throttle;
        string bucket;
        long limit = 0;
        DateTimeOffset start = default, end = default;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_keyIdsByValue.TryGetValue(keyValue, out string? known) || !_keys[known].Enabled
                || !_admissions.TryGetValue((known, apiId, stage), out var admission))
            {
                return UsagePlanDecision.Forbidden;
            }

            keyId = known;
            (plan, var planStage) = admission;

            // The method's own throttle replaces the plan's for that method.
            (throttle, bucket) = planStage.Throttle.TryGetValue(method, out var own) ? (own, method) : (plan.Throttle, "*");
            if (plan.Quota is { } quota)
            {
                (start, end) = Window(quota.Period, now);
                limit = _limitOverrides.TryGetValue((plan.Id, keyId, start), out long extended) ? extended : WindowLimit(plan.Id, quota, start);
            }
        }

        if (throttle is not null
            && !await _store.TryTakeAsync($"plan/{plan.Id}/{keyId}/{bucket}", throttle.RateLimit, throttle.BurstLimit, cancellationToken).ConfigureAwait(false))
        {
            return UsagePlanDecision.Throttled;
        }

        if (plan.Quota is not null
            && !await _store.TryIncrementAsync(QuotaCounter(plan.Id, keyId, start), limit, end, cancellationToken).ConfigureAwait(false))
        {
            return UsagePlanDecision.QuotaExceeded;
        }

        lock (_gate)
        {
            var day = (plan.Id, keyId, DateOnly.FromDateTime(now.UtcDateTime));
            _usage[day] = _usage.GetValueOrDefault(day) + 1;
        }

        return UsagePlanDecision.Allowed;
    }

    /// <summary>The name of a key's quota counter for a window.</summary>
    private static string QuotaCounter(string planId, string keyId, DateTimeOffset windowStart)
        => string.Create(CultureInfo.InvariantCulture, $"quota/{planId}/{keyId}/{windowStart.UtcTicks}");

    /// <summary>The window's limit: the offset comes off in the window the plan was created in.</summary>
    private long WindowLimit(string planId, QuotaSettings quota, DateTimeOffset windowStart)
        => Window(quota.Period, _planCreated[planId]).Start == windowStart ? quota.Limit - quota.Offset : quota.Limit;

    /// <summary>The UTC calendar window that holds an instant: a day, a week from Sunday, a month from the 1st.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End) Window(QuotaPeriod period, DateTimeOffset instant)
    {
        var day = new DateTimeOffset(instant.UtcDateTime.Date, TimeSpan.Zero);
        return period switch
        {
            QuotaPeriod.Day => (day, day.AddDays(1)),
            QuotaPeriod.Week => (day.AddDays(-(int)day.DayOfWeek), day.AddDays(7 - (int)day.DayOfWeek)),
            _ => (new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)),
        };
    }

    /// <summary>Why a key value or name is refused, in API Gateway's words; <see langword="null"/> when both are fine.</summary>
    private static string? KeyProblem(string value, string? name)
    {
        if (value.Length < MinKeyLength)
        {
            return $"API Key value should be at least {MinKeyLength} characters";
        }

        if (value.Length > MaxKeyLength)
        {
            return $"API Key value exceeds maximum size of {MaxKeyLength} characters";
        }

        if (value.Any(static c => c is <= ' ' or > '~' or ','))
        {
            return "API Key value may hold printable ASCII characters other than space and comma only";
        }

        return name?.Length > MaxKeyNameLength ? $"Invalid API Key name, can be at most {MaxKeyNameLength} characters." : null;
    }

    /// <summary>Who may call what: the plan (and its stage entry) that admits each key for each API stage.</summary>
    private void RebuildAdmissionsLocked()
    {
        var admissions = new Dictionary<(string, string, string), (UsagePlan, UsagePlanApiStage)>();
        foreach (var (planId, keys) in _planKeys)
        {
            var plan = _plans[planId];
            foreach (string key in keys)
            {
                foreach (var stage in plan.ApiStages)
                {
                    admissions.TryAdd((key, stage.ApiId, stage.Stage), (plan, stage));
                }
            }
        }

        _admissions = admissions;
    }


    private static string NewId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);

    /// <summary>The fields of a CSV line: commas separate, double or single quotes hold commas, spaces around a field are trimmed.</summary>
    private static List<string> CsvFields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c is '"' or '\'' && field.ToString().Trim().Length == 0)
            {
                quote = c;
                field.Clear();
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }
}

/// <summary>What an API key import did.</summary>
/// <param name="ImportedKeyIds">The ids of the keys imported (new or overwritten).</param>
/// <param name="Warnings">One per row that was not imported, naming its line and why.</param>
public sealed record ApiKeyImportResult(IReadOnlyList<string> ImportedKeyIds, IReadOnlyList<string> Warnings);
