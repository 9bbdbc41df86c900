using System.Text.RegularExpressions;
using Routing.Apis;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Domains;

/// <summary>
/// Several APIs behind one host, chosen as API Gateway chooses them: by the <c>Host</c> header, a custom domain name
/// (exact, else a one-label wildcard) and then the longest API mapping key that takes the path's leading segments, or
/// an API's own <c>{apiId}.execute-api.{region}.amazonaws.com</c> name. Thread-safe: configuring publishes a new
/// immutable table; each request reads one.
/// </summary>
public sealed partial class ApiGatewayHost
{
    /// <summary>The longest API mapping key.</summary>
    public const int MaxApiMappingKeyLength = 300;

    private readonly Lock _gate = new();
    private Table _table = new([], []);

    /// <summary>Creates a host with no APIs and no domains.</summary>
    /// <param name="region">The region in the APIs' <c>execute-api</c> host names.</param>
    /// <param name="timeProvider">The clock that judges client certificates' validity; the system clock when <see langword="null"/>.</param>
    public ApiGatewayHost(string region = "us-east-1", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        Region = region;
        _time = timeProvider ?? TimeProvider.System;
    }

    private readonly TimeProvider _time;

    /// <summary>The region in the APIs' <c>execute-api</c> host names.</summary>
    public string Region { get; }

    /// <summary>Adds an API, served at <c>{apiId}.execute-api.{region}.amazonaws.com</c> unless that endpoint is disabled, and by the mappings that name it.</summary>
    /// <param name="api">The API; its id is <c>HttpApiOptions.Identity.ApiId</c>.</param>
    /// <param name="disableExecuteApiEndpoint">Whether the <c>execute-api</c> name answers 404 (<c>disableExecuteApiEndpoint</c>); custom domains keep working.</param>
    /// <exception cref="ArgumentException">An API with that id is already added.</exception>
    public void AddApi(HttpApi api, bool disableExecuteApiEndpoint = false)
    {
        ArgumentNullException.ThrowIfNull(api);
        lock (_gate)
        {
            string id = api.Options.Identity.ApiId;
            if (_table.Apis.ContainsKey(id))
            {
                throw new ArgumentException($"An API with the id '{id}' is already added; give each API its own HttpApiOptions.Identity.", nameof(api));
            }

            var apis = new Dictionary<string, HostedApi>(_table.Apis, StringComparer.Ordinal) { [id] = new HostedApi(new HttpApiDispatcher(api), disableExecuteApiEndpoint) };
            Volatile.Write(ref _table, _table with { Apis = apis });
        }
    }

    /// <summary>Adds a custom domain name with its API mappings, checked as API Gateway checks them.</summary>
    /// <param name="domain">The domain.</param>
    /// <exception cref="ArgumentException">The name or a mapping is not valid, names an API or stage that does not exist, or the domain or a key is taken; the message says which.</exception>
    public void AddDomain(CustomDomainName domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        lock (_gate)
        {
            var errors = Validate(domain, _table, isNew: true);
            if (errors.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", errors), nameof(domain));
            }

            var domains = new Dictionary<string, CustomDomainName>(_table.Domains, StringComparer.OrdinalIgnoreCase) { [domain.DomainName] = domain };
            Volatile.Write(ref _table, _table with { Domains = domains });
        }
    }

    /// <summary>Adds an API mapping to a domain already added (API Gateway's <c>CreateApiMapping</c>).</summary>
    /// <param name="domainName">The domain name.</param>
    /// <param name="mapping">The mapping.</param>
    /// <exception cref="ArgumentException">The domain is not added, or the mapping is not valid or its key is taken; the message says which.</exception>
    public void AddApiMapping(string domainName, ApiMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(domainName);
        ArgumentNullException.ThrowIfNull(mapping);
        lock (_gate)
        {
            if (!_table.Domains.TryGetValue(domainName, out var domain))
            {
                throw new ArgumentException($"The domain name '{domainName}' is not added; add it first (NotFoundException).", nameof(domainName));
            }

            var changed = domain with { ApiMappings = [.. domain.ApiMappings, mapping] };
            var errors = Validate(changed, _table, isNew: false);
            if (errors.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", errors), nameof(mapping));
            }

            var domains = new Dictionary<string, CustomDomainName>(_table.Domains, StringComparer.OrdinalIgnoreCase) { [domain.DomainName] = changed };
            Volatile.Write(ref _table, _table with { Domains = domains });
        }
    }

    /// <summary>
    /// Serves a request by its <c>Host</c>: through a custom domain's mapping, or an API's <c>execute-api</c> name.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The request's context, with its response; <see langword="null"/> when the host is none of the gateway's (the host pipeline serves it).</returns>
    public async ValueTask<GatewayContext?> ServeAsync(GatewayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var table = Volatile.Read(ref _table);
        string host = HostName(request.GetHeader("host"));
        if (Domain(table, host) is { } domain)
        {
            if (Mapping(domain, request.RawTarget) is not { } found || !table.Apis.TryGetValue(found.Mapping.ApiId, out var mapped))
            {
                // A known domain whose mappings do not take the path: API Gateway's 403, before any API.
                var any = table.Apis.GetValueOrDefault(domain.ApiMappings.Count > 0 ? domain.ApiMappings[0].ApiId : string.Empty) ?? table.Apis.Values.FirstOrDefault();
                return any?.Dispatcher.Refuse(request, GatewayErrorKind.Forbidden, $"No API mapping of '{domain.DomainName}' takes the path.");
            }

            if (domain.MutualTlsAuthentication is { } mtls && !ClientCertificates.Accepts(request.ClientCertificate, mtls, _time.GetUtcNow()))
            {
                return mapped.Dispatcher.Refuse(request, GatewayErrorKind.Forbidden, $"The client certificate is missing or not trusted by '{domain.DomainName}'.");
            }

            var identity = mapped.Dispatcher.Api.Options.Identity with { DomainName = host };
            string basePath = found.Mapping.ApiMappingKey.Length == 0 ? "(none)" : found.Mapping.ApiMappingKey;
            return await mapped.Dispatcher.ServeMappedAsync(request, identity, new MappedPath(found.Mapping.Stage, found.KeyLength, basePath), cancellationToken).ConfigureAwait(false);
        }

        var match = ExecuteApiHost().Match(host);
        if (match.Success && match.Groups["region"].Value == Region && table.Apis.TryGetValue(match.Groups["id"].Value, out var api))
        {
            if (api.ExecuteApiDisabled)
            {
                return api.Dispatcher.Refuse(request, GatewayErrorKind.NotFound, "The API's execute-api endpoint is disabled.");
            }

            var identity = api.Dispatcher.Api.Options.Identity with { DomainName = host };
            return await api.Dispatcher.ServeAsync(request, identity, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The domain a host name reaches: the exact name, else the wildcard one label up.</summary>
    private static CustomDomainName? Domain(Table table, string host)
    {
        if (host.Length == 0)
        {
            return null;
        }

        if (table.Domains.TryGetValue(host, out var exact))
        {
            return exact;
        }

        int dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && table.Domains.TryGetValue("*" + host[dot..], out var wildcard) ? wildcard : null;
    }

    /// <summary>The mapping whose key takes the most whole leading segments of the path, else the empty key's.</summary>
    private static (ApiMapping Mapping, int KeyLength)? Mapping(CustomDomainName domain, string target)
    {
        int query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target.AsSpan() : target.AsSpan(0, query);
        ApiMapping? best = null;
        foreach (var mapping in domain.ApiMappings)
        {
            string key = mapping.ApiMappingKey;
            bool takes = key.Length == 0
                || (path.Length > key.Length && path[0] == '/' && path[1..].StartsWith(key, StringComparison.Ordinal)
                    && (path.Length == key.Length + 1 || path[key.Length + 1] == '/'));
            if (takes && (best is null || key.Length > best.ApiMappingKey.Length))
            {
                best = mapping;
            }
        }

        return best is null ? null : (best, best.ApiMappingKey.Length == 0 ? 0 : best.ApiMappingKey.Length + 1);
    }

    private static string HostName(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return string.Empty;
        }

        int colon = header.LastIndexOf(':');
        string name = colon > 0 && header.IndexOf(']', StringComparison.Ordinal) < colon ? header[..colon] : header;
        return name.TrimEnd('.').ToLowerInvariant();
    }

    private static List<string> Validate(CustomDomainName domain, Table table, bool isNew)
    {
        var errors = new List<string>();
        string name = domain.DomainName;
        if (!DomainNamePattern().IsMatch(name))
        {
            errors.Add($"'{name}' is not a domain name; use labels of letters, digits and '-' (api.example.com), or '*.' and one (*.example.com).");
        }
        else if (isNew && table.Domains.ContainsKey(name))
        {
            errors.Add($"The domain name '{name}' is already added (ConflictException).");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mapping in domain.ApiMappings)
        {
            string key = mapping.ApiMappingKey;
            string shown = key.Length == 0 ? "(none)" : key;
            if (key.Length > MaxApiMappingKeyLength || (key.Length > 0 && !MappingKeyPattern().IsMatch(key)))
            {
                errors.Add($"The API mapping key '{key}' of '{name}' is not valid: use letters, digits and $-_.+!*'() in segments separated by '/', without a leading or trailing '/', at most {MaxApiMappingKeyLength} characters (BadRequestException).");
            }

            if (!keys.Add(key))
            {
                errors.Add($"'{name}' maps the key {shown} twice; each key takes one API (ConflictException).");
            }

            if (!table.Apis.TryGetValue(mapping.ApiId, out var api))
            {
                errors.Add($"The mapping {shown} of '{name}' names the API '{mapping.ApiId}', which is not added (NotFoundException).");
            }
            else if (!api.Dispatcher.Api.Stages.Any(s => s.Name == mapping.Stage))
            {
                errors.Add($"The mapping {shown} of '{name}' names the stage '{mapping.Stage}', which API '{mapping.ApiId}' does not have (NotFoundException).");
            }
        }

        return errors;
    }

    [GeneratedRegex(@"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.IgnoreCase)]
    private static partial Regex DomainNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9$\-_.+!*'()]+(/[A-Za-z0-9$\-_.+!*'()]+)*$")]
    private static partial Regex MappingKeyPattern();

    [GeneratedRegex(@"^(?<id>[a-z0-9]+)\.execute-api\.(?<region>[a-z0-9-]+)\.amazonaws\.com$")]
    private static partial Regex ExecuteApiHost();

    private sealed record HostedApi(HttpApiDispatcher Dispatcher, bool ExecuteApiDisabled);

    private sealed record Table(Dictionary<string, HostedApi> Apis, Dictionary<string, CustomDomainName> Domains);
}
