using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Routing.Apis;
using Routing.Definitions;
using Routing.OpenApi;
using Routing.Pipeline;

namespace LocalGateway;

/// <summary>Loads the definition, serves it on Kestrel, prints what it mounted and keeps serving what the file says.</summary>
internal static class Gateway
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter errors)
    {
        if (!File.Exists(line.Definition))
        {
            await errors.WriteLineAsync($"apigw-local: the definition file '{line.Definition}' does not exist.");
            return 1;
        }

        if (!IPAddress.TryParse(line.Host == "localhost" ? "127.0.0.1" : line.Host, out var address))
        {
            await errors.WriteLineAsync($"apigw-local: --host '{line.Host}' is not an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost.");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(static logging => ConfigureLogging(logging));
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var functions = new InvokeApiFunctions(line.Functions, line.FunctionsEndpoint, client);
        var (section, baseDirectory) = Configuration(line);
        ConfiguredHttpApi configured;
        try
        {
            configured = ConfiguredHttpApi.Load(section, new HttpApiOptions
            {
                FunctionResolver = functions,
                LoggerFactory = loggerFactory,
                Identity = new ApiIdentity("local", line.AccountId, "localhost") { Region = line.Region },
            }, baseDirectory);
        }
        catch (HttpApiValidationException e)
        {
            await errors.WriteLineAsync($"apigw-local: {line.Definition} cannot be served:");
            foreach (var error in e.Errors)
            {
                await errors.WriteLineAsync($"  {error.Path}: {error.Message}");
            }

            return 1;
        }

        using (configured)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            ConfigureLogging(builder.Logging);
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, line.Port));
            builder.Services.AddHttpApiRouting(configured.Api);
            await using var app = builder.Build();
            app.UseHttpApi();
            try
            {
                await app.StartAsync();
            }
            catch (IOException e)
            {
                await errors.WriteLineAsync($"apigw-local: cannot listen on {line.Host}:{line.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message} Choose another port with --port (0 picks a free one).");
                return 1;
            }

            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            await output.WriteLineAsync($"apigw-local: serving {line.Definition}");
            await output.WriteLineAsync($"Listening on {url}");
            await Describe(configured.Api, functions, url, output);
            configured.Reloaded += (_, e) =>
            {
                if (e.Applied)
                {
                    output.WriteLine("The definition changed; now serving:");
                    Describe(configured.Api, functions, url, output).GetAwaiter().GetResult();
                }
            };

            await output.WriteLineAsync("Watching the file for changes. Press Ctrl+C to stop.");
            await output.FlushAsync();
            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    private static void ConfigureLogging(ILoggingBuilder logging) => logging
        .AddSimpleConsole(static console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning);

    /// <summary>The API's configuration: the configuration file itself, or the OpenAPI file wrapped in one, with the command line's overrides.</summary>
    private static (IConfigurationSection Section, string BaseDirectory) Configuration(CommandLine line)
    {
        string folder = Path.GetDirectoryName(line.Definition)!;
        var builder = new ConfigurationBuilder();
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (IsConfigurationFile(line.Definition))
        {
            builder.AddJsonFile(line.Definition, optional: false, reloadOnChange: true);
        }
        else
        {
            overrides["HttpApi:openApi"] = line.Definition;
            overrides["HttpApi:basepath"] = line.BasePath;
            overrides["HttpApi:intrinsics"] = "placeholders";
            overrides["HttpApi:awsRegion"] = line.Region;
            overrides["HttpApi:awsAccountId"] = line.AccountId;
            overrides[$"HttpApi:stages:{line.Stage}:autoDeploy"] = "true";
        }

        if (line.Name is not null)
        {
            overrides["HttpApi:name"] = line.Name;
        }

        foreach (var (name, value) in line.TemplateVariables)
        {
            overrides["HttpApi:templateVariables:" + name] = value;
        }

        foreach (var (name, value) in line.StageVariables)
        {
            overrides[$"HttpApi:stages:{line.Stage}:stageVariables:{name}"] = value;
        }

        builder.AddInMemoryCollection(overrides);
        return (builder.Build().GetSection("HttpApi"), folder);
    }

    /// <summary>A JSON file whose root has an <c>HttpApi</c> member is a configuration file; anything else is read as OpenAPI.</summary>
    private static bool IsConfigurationFile(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("HttpApi", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task Describe(HttpApi api, InvokeApiFunctions functions, string url, TextWriter output)
    {
        var definition = api.Definition;
        await output.WriteLineAsync($"Routes of '{definition.Name}':");
        foreach (var route in definition.Routes)
        {
            var integration = route.IntegrationId is null ? null : definition.Integrations.GetValueOrDefault(route.IntegrationId);
            int space = route.RouteKey.IndexOf(' ', StringComparison.Ordinal);
            string method = space < 0 ? route.RouteKey : route.RouteKey[..space];
            string path = space < 0 ? string.Empty : route.RouteKey[(space + 1)..];
            string authorization = route.AuthorizationType switch
            {
                AuthorizationType.None => string.Empty,
                AuthorizationType.AwsIam => "  [auth: AWS_IAM]",
                _ => $"  [auth: {route.AuthorizationType.ToString().ToUpperInvariant()} {route.AuthorizerId}]",
            };
            await output.WriteLineAsync($"  {method,-8} {path,-40} {Target(integration)}{authorization}");
        }

        if (functions.Seen.Count > 0)
        {
            await output.WriteLineAsync("Functions:");
            foreach (var (name, invocations) in functions.Seen.OrderBy(static f => f.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"  {name} -> {invocations ?? "echo (answers with the event it would get)"}");
            }
        }

        await output.WriteLineAsync("Stages:");
        foreach (var stage in api.Stages)
        {
            string prefix = stage.Name == Routing.Deployments.Stage.DefaultName ? string.Empty : stage.Name + "/";
            string variables = string.Join(", ", stage.StageVariables.Select(static v => $"{v.Key}={v.Value}"));
            await output.WriteLineAsync($"  {stage.Name} -> {url.TrimEnd('/')}/{prefix}{(variables.Length > 0 ? $"  (stage variables: {variables})" : string.Empty)}");
        }

        foreach (var warning in api.GetWarnings())
        {
            await output.WriteLineAsync($"Warning: {warning.Message}");
        }
    }

    private static string Target(IntegrationDefinition? integration) => integration switch
    {
        null => "(no integration)",
        { IntegrationSubtype: { } subtype } => $"AWS service {subtype}",
        { IntegrationType: IntegrationType.AwsProxy } => $"Lambda {integration.IntegrationUri}",
        { IntegrationType: IntegrationType.HttpProxy } => $"HTTP proxy {integration.IntegrationMethod ?? "ANY"} {integration.IntegrationUri}",
        _ => integration.IntegrationType.ToString(),
    };
}
