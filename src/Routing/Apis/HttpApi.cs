using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Diagnostics;
using Routing.Pipeline;
using Routing.Traffic;

namespace Routing.Apis;

/// <summary>
/// A running HTTP API: its editable definition, its deployments and its stages. Thread-safe. Every change
/// (deploying, pointing a stage at another deployment, auto-deploy) publishes a new immutable snapshot with one
/// reference write, so each request sees exactly one deployment from start to end.
/// </summary>
public sealed partial class HttpApi
{
    /// <summary>
    /// How many deployments an API keeps: past this, the oldest that no stage serves are released (each holds its
    /// compiled routes and its authorizers' caches), so auto-deploying every edit does not grow memory without bound.
    /// </summary>
    public const int MaxDeploymentHistory = 100;

    private readonly Lock _gate = new();
    private readonly ILogger _log;
    private readonly List<Deployment> _deployments = [];
    private HttpApiDefinition _draft;
    private ApiSnapshot _snapshot = new([], []);

    /// <summary>Creates an API from a definition, with no stages and no deployments yet.</summary>
    /// <param name="definition">The draft (copied).</param>
    /// <param name="options">Identity, clock, function resolver, ...; copied and frozen; defaults when <see langword="null"/>.</param>
    public HttpApi(HttpApiDefinition definition, HttpApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _draft = definition.Clone();
        Options = (options ?? new HttpApiOptions()).ToFrozen();
        Diagnostics = new GatewayDiagnostics(Options.LoggerFactory, Options.MeterFactory);
        _log = (Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(DeploymentLogCategory);
        AccessLogSink = Options.AccessLogSink ?? (Options.LoggerFactory is { } loggers ? new LoggerAccessLogSink(loggers) : null);
        TrafficStore = Options.TrafficStore ?? new MemoryTrafficStore(Options.TimeProvider);
    }

    /// <summary>Where the stages' throttle buckets live.</summary>
    internal ITrafficStore TrafficStore { get; }

    /// <summary>Where the stages' access-log lines go; <see langword="null"/> when nowhere.</summary>
    internal IAccessLogSink? AccessLogSink { get; }

    /// <summary>The log category of deployments applied and refused.</summary>
    internal const string DeploymentLogCategory = "Routing.Deployments";

    /// <summary>What the API reports about its requests.</summary>
    internal GatewayDiagnostics Diagnostics { get; }

    /// <summary>The API's options, frozen.</summary>
    public HttpApiOptions Options { get; }

    /// <summary>A copy of the current draft.</summary>
    public HttpApiDefinition Definition
    {
        get
        {
            lock (_gate)
            {
                return _draft.Clone();
            }
        }
    }

    /// <summary>The deployments kept (at most <see cref="MaxDeploymentHistory"/> beside those stages serve), oldest first.</summary>
    public IReadOnlyList<Deployment> Deployments
    {
        get
        {
            lock (_gate)
            {
                return [.. _deployments];
            }
        }
    }

    /// <summary>The stages as they are now.</summary>
    public IReadOnlyList<Stage> Stages => Snapshot.Stages;

    internal ApiSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>
    /// Quick create, as API Gateway has it: an API whose one integration serves a <c>$default</c> route (or the
    /// given route), with an auto-deploying <c>$default</c> stage.
    /// </summary>
    /// <param name="target">The integration.</param>
    /// <param name="routeKey">The route key; <c>$default</c> when <see langword="null"/>.</param>
    /// <param name="options">Identity and clock.</param>
    /// <returns>The deployed API.</returns>
    public static HttpApi QuickCreate(IIntegration target, string? routeKey = null, HttpApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var definition = new HttpApiDefinition();
        definition.Integrations.Add("default", new IntegrationDefinition { Integration = target });
        definition.Routes.Add(new RouteDefinition { RouteKey = routeKey ?? Routes.RouteKey.DefaultKey, IntegrationId = "default" });
        var api = new HttpApi(definition, options);
        api.AddStage(new Stage { Name = Stage.DefaultName, AutoDeploy = true });
        return api;
    }

    /// <summary>Checks a definition as this API would deploy it (with its function resolver and options).</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>Every problem, each naming the offending item, its value and the fix; empty when it can be deployed.</returns>
    public IReadOnlyList<ValidationError> Validate(HttpApiDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return DeploymentCompiler.Validate(definition, Options);
    }

    /// <summary>
    /// Edits the draft. When a stage auto-deploys, the edited draft is deployed to it at once; if it is not valid,
    /// the edit is undone and nothing changes.
    /// </summary>
    /// <param name="edit">Changes the draft.</param>
    /// <exception cref="HttpApiValidationException">A stage auto-deploys and the edited draft is not valid.</exception>
    public void Update(Action<HttpApiDefinition> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        lock (_gate)
        {
            var next = _draft.Clone();
            edit(next);
            var stages = Snapshot.Stages;
            if (stages.Any(static s => s.AutoDeploy))
            {
                var deployment = CompileLocked(next, "auto-deploy");
                _draft = next;
                _deployments.Add(deployment);
                Publish([.. stages.Select(s => s.AutoDeploy ? s with { Deployment = deployment } : s)]);
                TrimHistoryLocked();
            }
            else
            {
                _draft = next;
            }
        }
    }

    /// <summary>Validates and compiles the draft into a new deployment, and points a stage at it when named.</summary>
    /// <param name="description">A description of the deployment.</param>
    /// <param name="stageName">The stage to point at the new deployment, or <see langword="null"/>.</param>
    /// <returns>The deployment.</returns>
    /// <exception cref="HttpApiValidationException">The draft is not valid; every problem is listed.</exception>
    /// <exception cref="ArgumentException">The stage does not exist.</exception>
    public Deployment Deploy(string? description = null, string? stageName = null)
    {
        lock (_gate)
        {
            int index = stageName is null ? -1 : IndexOfStageLocked(stageName);
            var deployment = CompileLocked(_draft, description);
            _deployments.Add(deployment);
            if (index >= 0)
            {
                var stages = Snapshot.Stages.ToArray();
                stages[index] = stages[index] with { Deployment = deployment };
                Publish(stages);
            }

            TrimHistoryLocked();
            return deployment;
        }
    }

    /// <summary>
    /// Adds a stage. An auto-deploying stage without a deployment gets one of the current draft at once.
    /// </summary>
    /// <param name="stage">The stage.</param>
    /// <exception cref="ArgumentException">The name is not valid or taken, there are too many stages or
    /// variables, or the deployment does not belong to this API.</exception>
    /// <exception cref="HttpApiValidationException">The stage auto-deploys and the draft is not valid.</exception>
    public void AddStage(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        lock (_gate)
        {
            var stages = Snapshot.Stages;
            var errors = new List<ValidationError>();
            StageRules.ValidateSet([.. stages, stage], Options.Quotas, errors, AccountLimits);
            if (errors.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", errors.Select(static e => e.Message)), nameof(stage));
            }

            var checkedStage = CheckStageLocked(stage);
            if (checkedStage.AutoDeploy && checkedStage.Deployment is null)
            {
                var deployment = CompileLocked(_draft, "auto-deploy");
                _deployments.Add(deployment);
                checkedStage = checkedStage with { Deployment = deployment };
            }

            Publish([.. stages, checkedStage]);
            TrimHistoryLocked();
        }
    }

    /// <summary>Changes a stage: its variables, auto-deploy, or the deployment it serves (a rollback names an earlier one).</summary>
    /// <param name="stageName">The stage.</param>
    /// <param name="change">Returns the changed stage (its name must stay).</param>
    /// <exception cref="ArgumentException">The stage does not exist, or the change is not valid.</exception>
    public void UpdateStage(string stageName, Func<Stage, Stage> change)
    {
        ArgumentNullException.ThrowIfNull(stageName);
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            int index = IndexOfStageLocked(stageName);
            var stages = Snapshot.Stages.ToArray();
            var next = change(stages[index]);
            if (next.Name != stageName)
            {
                throw new ArgumentException($"Stage '{stageName}' cannot be renamed to '{next.Name}'; add a new stage instead.", nameof(change));
            }

            stages[index] = CheckStageLocked(next);
            Publish(stages);
        }
    }

    /// <summary>Points a stage at an earlier (or any) deployment of this API.</summary>
    /// <param name="stageName">The stage.</param>
    /// <param name="deploymentId">The deployment's id.</param>
    /// <exception cref="ArgumentException">The stage or the deployment does not exist.</exception>
    public void Rollback(string stageName, string deploymentId)
    {
        ArgumentNullException.ThrowIfNull(deploymentId);
        Deployment? target;
        lock (_gate)
        {
            target = _deployments.Find(d => d.Id == deploymentId);
        }

        if (target is null)
        {
            throw new ArgumentException($"Deployment '{deploymentId}' does not exist in this API.", nameof(deploymentId));
        }

        UpdateStage(stageName, s => s with { Deployment = target });
    }

    /// <summary>Removes a stage.</summary>
    /// <param name="stageName">The stage.</param>
    /// <exception cref="ArgumentException">The stage does not exist.</exception>
    public void RemoveStage(string stageName)
    {
        lock (_gate)
        {
            int index = IndexOfStageLocked(stageName);
            var stages = Snapshot.Stages.ToList();
            stages.RemoveAt(index);
            Publish([.. stages]);
        }
    }

    private Deployment CompileLocked(HttpApiDefinition definition, string? description)
    {
        string id;
        do
        {
            id = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 6);
        }
        while (_deployments.Exists(d => d.Id == id));

        try
        {
            var deployment = DeploymentCompiler.Compile(definition, id, description, Options);
            Log.DeploymentCompiled(_log, Options.Identity.ApiId, id, description ?? string.Empty, definition.Routes.Count);
            foreach (var warning in deployment.Warnings)
            {
                Log.DeploymentWarning(_log, Options.Identity.ApiId, warning.Message);
            }

            return deployment;
        }
        catch (HttpApiValidationException e)
        {
            Log.DeploymentRefused(_log, Options.Identity.ApiId, e.Errors.Count, e.Message);
            throw;
        }
    }

    /// <summary>Releases the oldest deployments that no stage serves while there are more than <see cref="MaxDeploymentHistory"/>.</summary>
    private void TrimHistoryLocked()
    {
        var stages = Snapshot.Stages;
        for (int i = 0; _deployments.Count > MaxDeploymentHistory && i < _deployments.Count;)
        {
            var candidate = _deployments[i];
            if (Array.Exists(stages, s => ReferenceEquals(s.Deployment, candidate)))
            {
                i++;
            }
            else
            {
                _deployments.RemoveAt(i);
            }
        }
    }

    /// <summary>Refuses an access-log format API Gateway refuses (<c>BadRequestException</c>), with its reason.</summary>
    internal static void ValidateAccessLog(Stage stage, List<ValidationError> errors)
    {
        if (stage.AccessLogSettings is { } settings && !AccessLogFormat.TryParse(settings.Format, out _, out string? error))
        {
            errors.Add(new ValidationError($"stages[{stage.Name}].accessLogSettings.format", $"Stage '{stage.Name}': {error}"));
        }
    }

    /// <summary>The account's limits, which no route or stage limit may exceed; <see langword="null"/> without an account throttle.</summary>
    internal (double Rate, int Burst)? AccountLimits => Options.AccountThrottle is { } account ? (account.RateLimit, account.BurstLimit) : null;

    private Stage CheckStageLocked(Stage stage)
    {
        var errors = new List<ValidationError>();
        StageRules.Validate(stage, Options.Quotas, errors, AccountLimits);
        ValidateAccessLog(stage, errors);
        foreach (string routeKey in stage.RouteSettings.Keys)
        {
            if (!_draft.Routes.Exists(r => r.RouteKey == routeKey))
            {
                // API Gateway's own words (NotFoundException).
                errors.Add(new ValidationError($"stages[{stage.Name}].routeSettings[{routeKey}]", $"Unable to find Route by key {routeKey} within the provided RouteSettings"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(static e => e.Message)), nameof(stage));
        }

        if (stage.Deployment is not null && !_deployments.Contains(stage.Deployment))
        {
            throw new ArgumentException($"Stage '{stage.Name}' names deployment '{stage.Deployment.Id}', which belongs to another API.", nameof(stage));
        }

        // Copy the variables and settings so a caller's dictionary cannot change a published stage.
        return stage with
        {
            StageVariables = new Dictionary<string, string>(stage.StageVariables, StringComparer.Ordinal),
            RouteSettings = new Dictionary<string, RouteSettings>(stage.RouteSettings, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// What the stages' deployments cannot serve as they stand, as of now: one warning per AWS service integration
    /// (<c>SQS-SendMessage</c> ...) that no registered function serves (its routes answer 500), and one per stage variable an
    /// integration reads by name (<c>${stageVariables.name}</c> in an HTTP proxy URI or a function ARN) that the stage
    /// does not define: on that stage it reads as empty text, which is a 500 where it names the host or the function.
    /// Each warning is also logged (event 103)
    /// when a stage starts serving a deployment or changes.
    /// </summary>
    /// <returns>The warnings; empty when every stage defines what it needs.</returns>
    public IReadOnlyList<ValidationError> GetWarnings()
        => [
            .. Snapshot.Stages.Select(static stage => stage.Deployment).OfType<Deployment>().Distinct().SelectMany(static d => d.Warnings),
            .. Snapshot.Stages.SelectMany(static stage => stage.Deployment?.MissingStageVariables(stage) ?? []),
        ];

    private int IndexOfStageLocked(string stageName)
    {
        int index = Array.FindIndex(Snapshot.Stages, s => s.Name == stageName);
        return index >= 0 ? index : throw new ArgumentException($"Stage '{stageName}' does not exist in this API.", nameof(stageName));
    }

    // PERF: the one write that swaps a whole API snapshot; readers use Volatile.Read (Snapshot).
    private void Publish(Stage[] stages)
    {
        var previous = Snapshot.Stages;
        // The account's bucket is shared through the shared store when there is one, else through the account itself.
        var accountStore = Options.TrafficStore ?? Options.AccountThrottle?.LocalStore(Options.TimeProvider) ?? TrafficStore;
        var traffic = stages.Select(s => StageTraffic.Create(s, Options.Identity.ApiId, Options.AccountThrottle, TrafficStore, accountStore)).ToArray();
        Volatile.Write(ref _snapshot, new ApiSnapshot(stages, traffic));
        foreach (var stage in stages)
        {
            var before = Array.Find(previous, s => s.Name == stage.Name);
            if (stage.Deployment is { } deployment && !ReferenceEquals(before?.Deployment, deployment))
            {
                Log.StageServes(_log, Options.Identity.ApiId, stage.Name, deployment.Id);
            }

            if (stage.Deployment is { } served && !ReferenceEquals(before, stage))
            {
                foreach (var warning in served.MissingStageVariables(stage))
                {
                    Log.DeploymentWarning(_log, Options.Identity.ApiId, warning.Message);
                }
            }
        }
    }

    /// <summary>The deployment log's messages. Event ids are stable: 100-199 deployments (docs/architecture.md lists every id).</summary>
    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "API {ApiId}: deployment {DeploymentId} compiled ({Description}, {RouteCount} routes)")]
        public static partial void DeploymentCompiled(ILogger logger, string apiId, string deploymentId, string description, int routeCount);

        [LoggerMessage(101, LogLevel.Warning, "API {ApiId}: a deployment was refused with {ErrorCount} errors; the stages keep serving what they served. {Errors}")]
        public static partial void DeploymentRefused(ILogger logger, string apiId, int errorCount, string errors);

        [LoggerMessage(102, LogLevel.Information, "API {ApiId}: stage {Stage} now serves deployment {DeploymentId}")]
        public static partial void StageServes(ILogger logger, string apiId, string stage, string deploymentId);

        [LoggerMessage(103, LogLevel.Warning, "API {ApiId}: {Warning}")]
        public static partial void DeploymentWarning(ILogger logger, string apiId, string warning);
    }
}
