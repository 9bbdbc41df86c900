using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Pipeline;
using StackExchange.Redis;
using ConnectionType = Routing.Definitions.ConnectionType;

namespace Routing.Redis;

/// <summary>
/// Keeps the stages of one API the same on every gateway instance of a fleet: <see cref="PublishAsync"/> on the instance
/// that deployed or rolled back writes what each stage serves (its definition, variables and settings) to Redis and
/// announces it; every other instance compiles the same definitions and points its stages at them within moments, and an
/// instance that starts later reads the last state. In-process integrations are not sent: each instance uses its own
/// integration of the same id. A state an instance cannot apply is logged (event 501) and the instance keeps serving
/// what it served.
/// </summary>
public sealed partial class RedisDeploymentSync : IAsyncDisposable
{
    private readonly HttpApi _api;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisChannel _channel;
    private readonly RedisKey _key;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly ILogger _log;
    private readonly Lock _gate = new();

    private RedisDeploymentSync(HttpApi api, IConnectionMultiplexer redis, string name, ILoggerFactory? loggerFactory)
    {
        _api = api;
        _redis = redis;
        _channel = RedisChannel.Literal(name);
        _key = name;
        _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Routing.Redis");
    }

    /// <summary>Raised after this instance applied a state another instance published.</summary>
    public event EventHandler? Applied;

    /// <summary>Joins the fleet: applies the last published state, then follows every new one.</summary>
    /// <param name="api">This instance's API.</param>
    /// <param name="redis">The connection to the fleet's Redis.</param>
    /// <param name="name">The key and channel the fleet's instances share (one per API), e.g. <c>routing:deployments:orders</c>.</param>
    /// <param name="loggerFactory">Where problems are logged.</param>
    /// <returns>The running synchronization; dispose it to leave the fleet.</returns>
    public static async Task<RedisDeploymentSync> StartAsync(HttpApi api, IConnectionMultiplexer redis, string name, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var sync = new RedisDeploymentSync(api, redis, name, loggerFactory);
        await redis.GetSubscriber().SubscribeAsync(sync._channel, (_, message) => sync.Receive(message)).ConfigureAwait(false);
        var last = await redis.GetDatabase().StringGetAsync(sync._key).ConfigureAwait(false);
        if (last.HasValue)
        {
            sync.Receive(last);
        }

        return sync;
    }

    /// <summary>Publishes what each stage of this instance serves, for every instance of the fleet to serve the same.</summary>
    /// <returns>A task that completes when Redis has the state and the announcement is sent.</returns>
    public async Task PublishAsync()
    {
        var state = new FleetState
        {
            Origin = _origin,
            Stages = [.. _api.Stages.Where(static s => s.Deployment is not null).Select(static s => new StageState
            {
                Name = s.Name,
                AutoDeploy = s.AutoDeploy,
                StageVariables = new Dictionary<string, string>(s.StageVariables, StringComparer.Ordinal),
                DefaultRouteSettings = s.DefaultRouteSettings,
                RouteSettings = new Dictionary<string, RouteSettings>(s.RouteSettings, StringComparer.Ordinal),
                AccessLogFormat = s.AccessLogSettings?.Format,
                AccessLogDestination = s.AccessLogSettings?.DestinationArn,
                Definition = DefinitionState.From(s.Deployment!.GetDefinition()),
            })],
        };
        string json = JsonSerializer.Serialize(state, FleetJson.Options);
        var database = _redis.GetDatabase();
        await database.StringSetAsync(_key, json).ConfigureAwait(false);
        await _redis.GetSubscriber().PublishAsync(_channel, json).ConfigureAwait(false);
    }

    /// <summary>Leaves the fleet: no more states are applied.</summary>
    public async ValueTask DisposeAsync() => await _redis.GetSubscriber().UnsubscribeAsync(_channel).ConfigureAwait(false);

    private void Receive(RedisValue message)
    {
        try
        {
            var state = JsonSerializer.Deserialize<FleetState>((string)message!, FleetJson.Options);
            if (state is null || state.Origin == _origin)
            {
                return;
            }

            lock (_gate)
            {
                Apply(state);
            }

            Applied?.Invoke(this, EventArgs.Empty);
        }
#pragma warning disable CA1031 // A state this instance cannot apply must not stop it: it keeps serving what it served.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.NotApplied(_log, e.Message, e);
        }
    }

    private void Apply(FleetState state)
    {
        var local = _api.Definition;
        foreach (var stage in state.Stages)
        {
            var definition = stage.Definition.ToDefinition(local);
            _api.Update(draft => draft.ReplaceWith(definition));
            var settings = new Stage
            {
                Name = stage.Name,
                AutoDeploy = stage.AutoDeploy,
                StageVariables = stage.StageVariables,
                DefaultRouteSettings = stage.DefaultRouteSettings,
                RouteSettings = stage.RouteSettings,
                AccessLogSettings = stage.AccessLogFormat is { } format ? new AccessLogSettings { Format = format, DestinationArn = stage.AccessLogDestination } : null,
            };
            if (_api.Stages.Any(s => s.Name == stage.Name))
            {
                _api.UpdateStage(stage.Name, s => settings with { Deployment = s.Deployment });
            }
            else
            {
                _api.AddStage(settings with { AutoDeploy = false });
                _api.UpdateStage(stage.Name, s => s with { AutoDeploy = stage.AutoDeploy });
            }

            _api.Deploy("fleet", stage.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(501, LogLevel.Error, "A deployment published by another instance cannot be applied here; this instance keeps serving what it served: {Reason}")]
        public static partial void NotApplied(ILogger logger, string reason, Exception exception);
    }

    private sealed class FleetState
    {
        public string Origin { get; set; } = string.Empty;

        public List<StageState> Stages { get; set; } = [];
    }

    private sealed class StageState
    {
        public string Name { get; set; } = string.Empty;

        public bool AutoDeploy { get; set; }

        public Dictionary<string, string> StageVariables { get; set; } = [];

        public RouteSettings? DefaultRouteSettings { get; set; }

        public Dictionary<string, RouteSettings> RouteSettings { get; set; } = [];

        public string? AccessLogFormat { get; set; }

        public string? AccessLogDestination { get; set; }

        public DefinitionState Definition { get; set; } = new();
    }

    /// <summary>A definition as data; in-process integrations by id only.</summary>
    private sealed class DefinitionState
    {
        public string? Name { get; set; }

        public string? Version { get; set; }

        public string? Description { get; set; }

        public ApiKeySource ApiKeySource { get; set; }

        public CorsConfiguration? Cors { get; set; }

        public List<RouteDefinition> Routes { get; set; } = [];

        public Dictionary<string, IntegrationState> Integrations { get; set; } = [];

        public Dictionary<string, JwtAuthorizerDefinition> JwtAuthorizers { get; set; } = [];

        public Dictionary<string, LambdaAuthorizerDefinition> LambdaAuthorizers { get; set; } = [];

        public static DefinitionState From(HttpApiDefinition definition) => new()
        {
            Name = definition.Name,
            Version = definition.Version,
            Description = definition.Description,
            ApiKeySource = definition.ApiKeySource,
            Cors = definition.Cors,
            Routes = [.. definition.Routes],
            Integrations = definition.Integrations.ToDictionary(static p => p.Key, static p => IntegrationState.From(p.Value), StringComparer.Ordinal),
            JwtAuthorizers = definition.Authorizers.Where(static p => p.Value is JwtAuthorizerDefinition).ToDictionary(static p => p.Key, static p => (JwtAuthorizerDefinition)p.Value, StringComparer.Ordinal),
            LambdaAuthorizers = definition.Authorizers.Where(static p => p.Value is LambdaAuthorizerDefinition).ToDictionary(static p => p.Key, static p => (LambdaAuthorizerDefinition)p.Value, StringComparer.Ordinal),
        };

        public HttpApiDefinition ToDefinition(HttpApiDefinition local)
        {
            var definition = new HttpApiDefinition { Name = Name, Version = Version, Description = Description, ApiKeySource = ApiKeySource, Cors = Cors };
            definition.Routes.AddRange(Routes);
            foreach (var (id, integration) in Integrations)
            {
                definition.Integrations[id] = integration.InProcess
                    ? local.Integrations.TryGetValue(id, out var own) && own.Integration is not null
                        ? own
                        : throw new InvalidOperationException($"Integration '{id}' is an in-process handler on the publishing instance, and this instance has none of that id.")
                    : integration.ToDefinition();
            }

            foreach (var (id, jwt) in JwtAuthorizers)
            {
                definition.Authorizers[id] = jwt;
            }

            foreach (var (id, lambda) in LambdaAuthorizers)
            {
                definition.Authorizers[id] = lambda;
            }

            return definition;
        }
    }

    private sealed class IntegrationState
    {
        public bool InProcess { get; set; }

        public IntegrationType IntegrationType { get; set; }

        public string? IntegrationSubtype { get; set; }

        public string? IntegrationUri { get; set; }

        public PayloadFormatVersion PayloadFormatVersion { get; set; }

        public double TimeoutMilliseconds { get; set; }

        public Dictionary<string, string> RequestParameters { get; set; } = [];

        public Dictionary<string, Dictionary<string, string>> ResponseParameters { get; set; } = [];

        public ConnectionType ConnectionType { get; set; }

        public string? ConnectionId { get; set; }

        public string? IntegrationMethod { get; set; }

        public string? CredentialsArn { get; set; }

        public string? TlsServerNameToVerify { get; set; }

        public static IntegrationState From(IntegrationDefinition integration) => new()
        {
            InProcess = integration.Integration is not null,
            IntegrationType = integration.IntegrationType,
            IntegrationSubtype = integration.IntegrationSubtype,
            IntegrationUri = integration.IntegrationUri,
            PayloadFormatVersion = integration.PayloadFormatVersion,
            TimeoutMilliseconds = integration.Timeout.TotalMilliseconds,
            RequestParameters = new Dictionary<string, string>(integration.RequestParameters, StringComparer.Ordinal),
            ResponseParameters = integration.ResponseParameters.ToDictionary(static p => p.Key, static p => new Dictionary<string, string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            ConnectionType = integration.ConnectionType,
            ConnectionId = integration.ConnectionId,
            IntegrationMethod = integration.IntegrationMethod,
            CredentialsArn = integration.CredentialsArn,
            TlsServerNameToVerify = integration.TlsServerNameToVerify,
        };

        public IntegrationDefinition ToDefinition() => new()
        {
            IntegrationType = IntegrationType,
            IntegrationSubtype = IntegrationSubtype,
            IntegrationUri = IntegrationUri,
            PayloadFormatVersion = PayloadFormatVersion,
            Timeout = TimeSpan.FromMilliseconds(TimeoutMilliseconds),
            RequestParameters = RequestParameters,
            ResponseParameters = ResponseParameters.ToDictionary(static p => p.Key, static p => (IReadOnlyDictionary<string, string>)p.Value, StringComparer.Ordinal),
            ConnectionType = ConnectionType,
            ConnectionId = ConnectionId,
            IntegrationMethod = IntegrationMethod,
            CredentialsArn = CredentialsArn,
            TlsServerNameToVerify = TlsServerNameToVerify,
        };
    }

    private static class FleetJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
