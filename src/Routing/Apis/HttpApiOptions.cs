using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Routing.Authorization.Jwt;
using Routing.Authorization;
using Routing.Definitions;
using Routing.Integrations.Lambda;
using Routing.Pipeline;
using Routing.Traffic;

namespace Routing.Apis;

/// <summary>
/// Settings of a running API that are not part of its definition. An <see cref="HttpApi"/> copies them when it is
/// created and freezes its copy: changing the instance given afterwards changes nothing.
/// </summary>
public sealed class HttpApiOptions
{
    private ApiIdentity _identity = new("local", "000000000000", "localhost");
    private TimeProvider _timeProvider = TimeProvider.System;
    private OidcKeySource _keySource = OidcKeySource.Shared;
    private ILambdaFunctionResolver? _functionResolver;
    private IAuthorizer? _iamAuthorizer;
    private HttpMessageInvoker? _proxyInvoker;
    private ILoggerFactory? _loggerFactory;
    private IMeterFactory? _meterFactory;
    private ApiQuotas _quotas = ApiQuotas.Aws;
    private AccountThrottle? _accountThrottle;
    private IAccessLogSink? _accessLogSink;
    private UsagePlanStore? _usagePlans;
    private ITrafficStore? _trafficStore;

    /// <summary>The API's identity as reported in payload events, ARNs and <c>$context</c> variables.</summary>
    /// <value>The default value is API id <c>local</c>, account <c>000000000000</c>, domain <c>localhost</c>, region <c>us-east-1</c>.</value>
    public ApiIdentity Identity
    {
        get => _identity;
        set => Set(ref _identity, value);
    }

    /// <summary>The clock for deployment times, request times, timeouts and caches.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => Set(ref _timeProvider, value);
    }

    /// <summary>
    /// Where JWT authorizers get their issuers' signing keys. Authorizers of every deployment (and of every API given
    /// the same source) share its cache, so a redeploy does not fetch the keys again.
    /// </summary>
    /// <value>The default value is <see cref="OidcKeySource.Shared"/>.</value>
    public OidcKeySource KeySource
    {
        get => _keySource;
        set => Set(ref _keySource, value);
    }

    /// <summary>
    /// Resolves the Lambda functions that definitions name by ARN or name (<c>AWS_PROXY</c> integrations given as
    /// data, Lambda authorizers). Functions added with <see cref="HttpApiBuilder.AddFunction"/> are looked up first.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: only the builder's functions.</value>
    public ILambdaFunctionResolver? FunctionResolver
    {
        get => _functionResolver;
        set => _functionResolver = Check(value);
    }

    /// <summary>
    /// Verifies callers of <c>AWS_IAM</c> routes (SigV4 signatures, which the gateway cannot check against AWS itself).
    /// Without one, a deployment with an <c>AWS_IAM</c> route is refused.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IAuthorizer? IamAuthorizer
    {
        get => _iamAuthorizer;
        set => _iamAuthorizer = Check(value);
    }

    /// <summary>What HTTP proxy integrations described as data send backend requests with.</summary>
    /// <value>The default value is <see langword="null"/>: one shared invoker (see <c>HttpProxyIntegration.CreateDefaultHandler</c>).</value>
    public HttpMessageInvoker? ProxyInvoker
    {
        get => _proxyInvoker;
        set => _proxyInvoker = Check(value);
    }

    /// <summary>
    /// Where the API logs: one line per request at Information (category <c>Routing.Requests</c>), the causes of the
    /// gateway's own errors, and deployments applied or refused (<c>Routing.Deployments</c>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no logging.</value>
    public ILoggerFactory? LoggerFactory
    {
        get => _loggerFactory;
        set => _loggerFactory = Check(value);
    }

    /// <summary>Creates the API's meter (DI hosts pass theirs, so tests and hosts can tell meters apart).</summary>
    /// <value>The default value is <see langword="null"/>: the process-wide meter named <c>Routing</c>.</value>
    public IMeterFactory? MeterFactory
    {
        get => _meterFactory;
        set => _meterFactory = Check(value);
    }

    /// <summary>
    /// The API Gateway quotas the API enforces (routes, integrations, stages, authorizers, ...). AWS raises some on
    /// request; raise them here with <c>ApiQuotas.Aws with { RoutesPerApi = 1000 }</c>.
    /// </summary>
    /// <value>The default value is <see cref="ApiQuotas.Aws"/>.</value>
    public ApiQuotas Quotas
    {
        get => _quotas;
        set => Set(ref _quotas, value);
    }

    /// <summary>
    /// The account-level throttle every request that matches a route draws from after its route's own throttle. APIs
    /// created from options that name the same instance share it, as the APIs of one AWS account do; route and stage
    /// limits may not exceed it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no account throttle (a host sizes its own capacity);
    /// <c>new AccountThrottle()</c> gives API Gateway's account defaults, 10,000 requests a second with a burst of 5,000.</value>
    public AccountThrottle? AccountThrottle
    {
        get => _accountThrottle;
        set => _accountThrottle = Check(value);
    }

    /// <summary>Where the access-log lines of stages with <c>AccessLogSettings</c> go.</summary>
    /// <value>The default value is <see langword="null"/>: a <see cref="LoggerAccessLogSink"/> over <see cref="LoggerFactory"/>
    /// when there is one, otherwise nowhere.</value>
    public IAccessLogSink? AccessLogSink
    {
        get => _accessLogSink;
        set => _accessLogSink = Check(value);
    }

    /// <summary>The API keys and usage plans that admit and meter the requests of routes that require a key; APIs given the same store meter a key across them.</summary>
    /// <value>The default value is <see langword="null"/>: a route that requires a key cannot be deployed.</value>
    public UsagePlanStore? UsagePlans
    {
        get => _usagePlans;
        set => _usagePlans = Check(value);
    }

    /// <summary>Where stage and account throttle buckets live; give several gateway instances one shared store (Redis) to enforce one limit across them.</summary>
    /// <value>The default value is <see langword="null"/>: a <see cref="MemoryTrafficStore"/> of the API's own, on its clock.</value>
    public ITrafficStore? TrafficStore
    {
        get => _trafficStore;
        set => _trafficStore = Check(value);
    }

    /// <summary>Whether the options are frozen: they belong to an API and cannot change.</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>A copy that can still be changed.</summary>
    internal HttpApiOptions Clone()
    {
        var copy = (HttpApiOptions)MemberwiseClone();
        copy.IsFrozen = false;
        return copy;
    }

    /// <summary>A frozen copy, which an API keeps.</summary>
    internal HttpApiOptions ToFrozen()
    {
        if (IsFrozen)
        {
            return this;
        }

        var copy = (HttpApiOptions)MemberwiseClone();
        copy.IsFrozen = true;
        return copy;
    }

    private void Set<T>(ref T field, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        field = Check(value)!;
    }

    private T? Check<T>(T? value)
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException("These HTTP API options belong to an API and are frozen; set options before creating the API.");
        }

        return value;
    }
}
