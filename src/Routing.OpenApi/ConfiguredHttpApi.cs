using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.OpenApi.Configuration;

namespace Routing.OpenApi;

/// <summary>
/// An HTTP API defined in configuration (<c>appsettings.json</c> or any <see cref="IConfiguration"/> source), with member
/// names from AWS's CLI and CloudFormation JSON, or pointing at an OpenAPI file with <c>openApi</c>. When the
/// configuration or the file changes, the API is read again: a valid change is deployed to the stages that auto-deploy
/// and the stages are brought in line (variables, added, removed) without a restart; an invalid one changes nothing, so
/// the last good deployment keeps serving, and every error is logged and reported through <see cref="Reloaded"/>.
/// </summary>
public sealed partial class ConfiguredHttpApi : IDisposable
{
    /// <summary>The log category of reloads.</summary>
    public const string LogCategory = "Routing.Configuration";

    private readonly Lock _gate = new();
    private readonly IConfigurationSection _section;
    private readonly string _baseDirectory;
    private readonly ILogger _log;
    private readonly IDisposable _configurationWatch;
    private readonly Dictionary<string, FileSystemWatcher> _fileWatchers = new(StringComparer.Ordinal);
    private string _fingerprint = string.Empty;
    private IReadOnlyList<ValidationError> _errors = [];
    private bool _disposed;

    private ConfiguredHttpApi(IConfigurationSection section, string baseDirectory, HttpApi api, ConfigurationSnapshot first, string fingerprint)
    {
        _section = section;
        _baseDirectory = baseDirectory;
        Api = api;
        _log = (api.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LogCategory);
        _fingerprint = fingerprint;
        Watch(first.WatchedFiles);
        _configurationWatch = ChangeToken.OnChange(section.GetReloadToken, () => Reload());
    }

    /// <summary>Raised after every reload the configuration or a watched file caused (or <see cref="Reload"/>), applied or refused.</summary>
    public event EventHandler<HttpApiReloadedEventArgs>? Reloaded;

    /// <summary>The running API.</summary>
    public HttpApi Api { get; }

    /// <summary>The errors of the last reload when it was refused; empty when the last reload was applied.</summary>
    public IReadOnlyList<ValidationError> Errors => Volatile.Read(ref _errors);

    /// <summary>
    /// Reads the API from a configuration section, deploys it to its stages (an auto-deploying <c>$default</c> stage when
    /// it names none; a stage that does not auto-deploy gets one deployment now) and watches for changes.
    /// </summary>
    /// <param name="section">The API's section, e.g. <c>configuration.GetSection("HttpApi")</c>.</param>
    /// <param name="options">The API's options (function resolver, logging, clock ...); defaults when <see langword="null"/>.</param>
    /// <param name="baseDirectory">The folder a relative <c>openApi</c> path starts from; the current directory when <see langword="null"/>.</param>
    /// <returns>The running API, watched.</returns>
    /// <exception cref="HttpApiValidationException">The configuration is not valid; every error names its configuration path.</exception>
    public static ConfiguredHttpApi Load(IConfigurationSection section, HttpApiOptions? options = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        baseDirectory = Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory());
        var warnings = new List<ValidationError>();
        var snapshot = ConfigurationReader.Read(section, baseDirectory, warnings);
        if (snapshot.Definition is not { } definition)
        {
            throw new HttpApiValidationException(snapshot.Errors);
        }

        var api = new HttpApi(definition, options);
        var stages = snapshot.Stages;
        var errors = new List<ValidationError>();
        ValidateStages(api, definition, stages, errors);
        if (errors.Count > 0)
        {
            throw new HttpApiValidationException(errors);
        }

        foreach (var stage in stages)
        {
            api.AddStage(stage with { Deployment = stage.AutoDeploy ? null : api.Deploy("configuration") });
        }

        var configured = new ConfiguredHttpApi(section, baseDirectory, api, snapshot, Fingerprint(section, snapshot.WatchedFiles));
        foreach (var warning in warnings)
        {
            Log.Warning(configured._log, warning.Path, warning.Message);
        }

        return configured;
    }

    /// <summary>Reads the configuration again now and applies it when it changed and is valid.</summary>
    /// <returns><see langword="true"/> when the API now serves the configuration as it is; <see langword="false"/> when it was refused.</returns>
    public bool Reload()
    {
        HttpApiReloadedEventArgs outcome;
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var warnings = new List<ValidationError>();
            ConfigurationSnapshot snapshot;
            try
            {
                snapshot = ConfigurationReader.Read(_section, _baseDirectory, warnings);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
            {
                // A configuration provider that fails to read (a half-written file) refuses this reload only.
                snapshot = new ConfigurationSnapshot(null, [], [new ValidationError(_section.Path, e.Message)], []);
            }

            Watch(snapshot.WatchedFiles);
            string fingerprint = Fingerprint(_section, snapshot.WatchedFiles);
            if (fingerprint == _fingerprint)
            {
                return _errors.Count == 0;
            }

            _fingerprint = fingerprint;
            var errors = snapshot.Definition is { } definition ? Apply(definition, snapshot.Stages) : snapshot.Errors;
            Volatile.Write(ref _errors, errors);
            foreach (var warning in warnings)
            {
                Log.Warning(_log, warning.Path, warning.Message);
            }

            if (errors.Count == 0)
            {
                Log.Applied(_log, Api.Definition.Routes.Count, string.Join(", ", Api.Stages.Select(static s => s.Name)));
            }

            foreach (var error in errors)
            {
                Log.Refused(_log, error.Path, error.Message);
            }

            outcome = new HttpApiReloadedEventArgs(errors, warnings);
        }

        Reloaded?.Invoke(this, outcome);
        return outcome.Applied;
    }

    /// <summary>Stops watching the configuration and the files; the API keeps serving what it serves.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _configurationWatch.Dispose();
            foreach (var watcher in _fileWatchers.Values)
            {
                watcher.Dispose();
            }

            _fileWatchers.Clear();
        }
    }

    /// <summary>Checks everything first, then replaces the definition (auto-deploy stages take it) and aligns the stages.</summary>
    private IReadOnlyList<ValidationError> Apply(HttpApiDefinition definition, IReadOnlyList<Stage> settings)
    {
        var errors = new List<ValidationError>(Api.Validate(definition));
        ValidateStages(Api, definition, settings, errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        try
        {
            Api.Update(draft => draft.ReplaceWith(definition));
        }
        catch (HttpApiValidationException e)
        {
            return e.Errors;
        }

        foreach (var stage in Api.Stages.Where(s => !settings.Any(w => w.Name == s.Name)).ToList())
        {
            Api.RemoveStage(stage.Name);
        }

        foreach (var wanted in settings)
        {
            var current = Api.Stages.FirstOrDefault(s => s.Name == wanted.Name);
            if (current is null)
            {
                Api.AddStage(wanted with { Deployment = wanted.AutoDeploy ? null : Api.Deploy("configuration") });
            }
            else
            {
                Api.UpdateStage(wanted.Name, s => wanted with { Deployment = s.Deployment });
                if (wanted.AutoDeploy && !current.AutoDeploy)
                {
                    Api.Deploy("configuration", wanted.Name);
                }
            }
        }

        return [];
    }

    /// <summary>The stages' own checks against the API they will serve: limits within the account's, access-log formats, route settings for routes that exist.</summary>
    private static void ValidateStages(HttpApi api, HttpApiDefinition definition, IReadOnlyList<Stage> settings, List<ValidationError> errors)
    {
        StageRules.ValidateSet(settings, api.Options.Quotas, errors, api.AccountLimits);
        foreach (var stage in settings)
        {
            HttpApi.ValidateAccessLog(stage, errors);
            foreach (string routeKey in stage.RouteSettings.Keys.Where(k => !definition.Routes.Exists(r => r.RouteKey == k)))
            {
                errors.Add(new ValidationError($"stages[{stage.Name}].routeSettings[{routeKey}]", $"Unable to find Route by key {routeKey} within the provided RouteSettings"));
            }
        }
    }

    /// <summary>What a reload reads (the section's values and the watched files' text): the same fingerprint means nothing changed.</summary>
    private static string Fingerprint(IConfigurationSection section, IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in section.AsEnumerable().OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        foreach (string file in files)
        {
            text.Append(file).Append('\n');
            try
            {
                text.Append(File.ReadAllText(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                text.Append("unreadable: ").Append(e.Message);
            }
        }

        return text.ToString();
    }

    private void Watch(IReadOnlyList<string> files)
    {
        foreach (string file in files)
        {
            if (_fileWatchers.ContainsKey(file) || Path.GetDirectoryName(file) is not { } folder || !Directory.Exists(folder))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(folder, Path.GetFileName(file))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.EnableRaisingEvents = true;
            _fileWatchers.Add(file, watcher);
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => Reload();

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "HTTP API configuration applied: {RouteCount} routes; stages {Stages}")]
        public static partial void Applied(ILogger logger, int routeCount, string stages);

        [LoggerMessage(301, LogLevel.Error, "HTTP API configuration refused, the last good deployment keeps serving: {Path}: {Message}")]
        public static partial void Refused(ILogger logger, string path, string message);

        [LoggerMessage(302, LogLevel.Warning, "HTTP API configuration: {Path}: {Message}")]
        public static partial void Warning(ILogger logger, string path, string message);
    }
}

/// <summary>The outcome of a reload of a <see cref="ConfiguredHttpApi"/>.</summary>
public sealed class HttpApiReloadedEventArgs : EventArgs
{
    internal HttpApiReloadedEventArgs(IReadOnlyList<ValidationError> errors, IReadOnlyList<ValidationError> warnings)
    {
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>Why the reload was refused; empty when it was applied.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>What the OpenAPI import warned about (the API was still applied unless <see cref="Errors"/> says otherwise).</summary>
    public IReadOnlyList<ValidationError> Warnings { get; }

    /// <summary>Whether the API now serves the new configuration.</summary>
    public bool Applied => Errors.Count == 0;
}
