using System.Globalization;
using System.Text.Json;

namespace LocalGateway;

/// <summary>What the command line (and the settings file it names) asks for.</summary>
internal sealed class CommandLine
{
    public const string Usage = """
        Usage: apigw-local <definition> [options]

        Serves an API Gateway HTTP API definition on Kestrel: an OpenAPI file (JSON or YAML, as
        'aws apigatewayv2 export-api' or SAM writes it) or a configuration file (JSON with an "HttpApi" section).
        The file is watched: a valid change is served at once, an invalid one is reported and the last good one kept.

        Options:
          --port <n>                      Port to listen on (default 3000; 0 picks a free one).
          --host <address>                Address to listen on (default 127.0.0.1).
          --function <name>=<url>         Send the Lambda function <name> to a Lambda Invoke API endpoint: a base URL
                                          (http://localhost:3001) or a full invocations URL. Repeatable.
          --functions-endpoint <url>      Send every other function to this Invoke API endpoint (sam local start-lambda,
                                          LocalStack, the runtime interface emulator). Without one, a function bound to
                                          nothing answers with the event it would have received.
          --stage-variable <name>=<value> A stage variable of the served stage. Repeatable.
          --stage <name>                  The stage the variables belong to (default $default).
          --template-variable <k>=<v>     Replace ${k} in the file before reading it (Terraform templatefile). Repeatable.
          --basepath <ignore|prepend|split>  API Gateway's basepath import mode (default ignore).
          --name <name>                   The API's name, when the definition has no info.title.
          --region <region>               ${AWS::Region} (default us-east-1).
          --account-id <id>               ${AWS::AccountId} (default 123456789012).
          --settings <file>               A JSON file with "functions", "functionsEndpoint", "stageVariables" and
                                          "templateVariables" (the command line wins).
        """;

    private static readonly string[] Options =
    [
        "--port", "--host", "--function", "--functions-endpoint", "--stage-variable", "--stage", "--template-variable",
        "--basepath", "--name", "--region", "--account-id", "--settings",
    ];

    public required string Definition { get; init; }

    public int Port { get; private set; } = 3000;

    public string Host { get; private set; } = "127.0.0.1";

    public Dictionary<string, string> Functions { get; } = new(StringComparer.Ordinal);

    public string? FunctionsEndpoint { get; private set; }

    public Dictionary<string, string> StageVariables { get; } = new(StringComparer.Ordinal);

    public string Stage { get; private set; } = "$default";

    public Dictionary<string, string> TemplateVariables { get; } = new(StringComparer.Ordinal);

    public string BasePath { get; private set; } = "ignore";

    public string? Name { get; private set; }

    public string Region { get; private set; } = "us-east-1";

    public string AccountId { get; private set; } = "123456789012";

    /// <summary>Parses the arguments; <see langword="null"/> with the problem when they are not valid.</summary>
    public static CommandLine? Parse(string[] args, out string? problem)
    {
        problem = null;
        string? definition = null;
        string? settings = null;
        var pairs = new List<(string Option, string Value)>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (definition is not null)
                {
                    problem = $"Only one definition file can be served; got '{definition}' and '{arg}'.";
                    return null;
                }

                definition = arg;
                continue;
            }

            if (!Options.Contains(arg))
            {
                problem = $"Unknown option '{arg}'.";
                return null;
            }

            if (i + 1 >= args.Length)
            {
                problem = $"{arg} needs a value.";
                return null;
            }

            string value = args[++i];
            if (arg == "--settings")
            {
                settings = value;
            }
            else
            {
                pairs.Add((arg, value));
            }
        }

        if (definition is null)
        {
            problem = "Name the definition file to serve.";
            return null;
        }

        var line = new CommandLine { Definition = Path.GetFullPath(definition) };
        if (settings is not null && !line.ReadSettings(settings, out problem))
        {
            return null;
        }

        foreach (var (option, value) in pairs)
        {
            if (!line.Apply(option, value, out problem))
            {
                return null;
            }
        }

        return line;
    }

    private bool Apply(string option, string value, out string? problem)
    {
        problem = null;
        switch (option)
        {
            case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535:
                Port = port;
                return true;
            case "--port":
                problem = $"--port '{value}' is not a port number (0 to 65535).";
                return false;
            case "--host":
                Host = value;
                return true;
            case "--function":
                return Pair(option, value, Functions, out problem);
            case "--functions-endpoint":
                FunctionsEndpoint = value;
                return Url(option, value, out problem);
            case "--stage-variable":
                return Pair(option, value, StageVariables, out problem);
            case "--stage":
                Stage = value;
                return true;
            case "--template-variable":
                return Pair(option, value, TemplateVariables, out problem);
            case "--basepath" when value is "ignore" or "prepend" or "split":
                BasePath = value;
                return true;
            case "--basepath":
                problem = $"--basepath '{value}' is not ignore, prepend or split.";
                return false;
            case "--name":
                Name = value;
                return true;
            case "--region":
                Region = value;
                return true;
            case "--account-id":
                AccountId = value;
                return true;
            default:
                problem = $"Unknown option '{option}'.";
                return false;
        }
    }

    private static bool Pair(string option, string value, Dictionary<string, string> into, out string? problem)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            problem = $"{option} '{value}' must be name=value.";
            return false;
        }

        into[value[..equals]] = value[(equals + 1)..];
        problem = null;
        return option != "--function" || Url(option, value[(equals + 1)..], out problem);
    }

    private static bool Url(string option, string value, out string? problem)
    {
        problem = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null
            : $"{option}: '{value}' is not an http:// or https:// URL.";
        return problem is null;
    }

    private bool ReadSettings(string file, out string? problem)
    {
        problem = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            root = document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = $"The settings file '{file}' cannot be read: {e.Message}";
            return false;
        }

        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "functions" or "stageVariables" or "templateVariables" when member.Value.ValueKind == JsonValueKind.Object:
                    string option = member.Name switch { "functions" => "--function", "stageVariables" => "--stage-variable", _ => "--template-variable" };
                    foreach (var entry in member.Value.EnumerateObject())
                    {
                        if (entry.Value.ValueKind != JsonValueKind.String || !Apply(option, entry.Name + "=" + entry.Value.GetString(), out problem))
                        {
                            problem ??= $"{file}: {member.Name}.{entry.Name} must be a string.";
                            return false;
                        }
                    }

                    break;
                case "functionsEndpoint" when member.Value.ValueKind == JsonValueKind.String:
                    if (!Apply("--functions-endpoint", member.Value.GetString()!, out problem))
                    {
                        return false;
                    }

                    break;
                default:
                    problem = $"{file}: '{member.Name}' is not a setting; expected functions, functionsEndpoint, stageVariables or templateVariables (objects of strings, and a URL).";
                    return false;
            }
        }

        return true;
    }
}
