// apigw-local: serves an API Gateway HTTP API definition on Kestrel. `apigw-local --help` says how.
using LocalGateway;

if (args.Length == 0 || args is ["--help" or "-h"])
{
    Console.Out.WriteLine(CommandLine.Usage);
    return args.Length == 0 ? 2 : 0;
}

var line = CommandLine.Parse(args, out string? problem);
if (line is null)
{
    await Console.Error.WriteLineAsync($"apigw-local: {problem}\n\n{CommandLine.Usage}");
    return 2;
}

return await Gateway.RunAsync(line, Console.Out, Console.Error);
