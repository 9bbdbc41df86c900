namespace Routing.Benchmarks;

/// <summary>
/// One route table of tests/data/routes, copied beside the benchmark assembly (see the csproj): route N of
/// <c>NAME.txt</c> is selected by request N of <c>NAME.requests.txt</c>.
/// </summary>
internal sealed class RouteTableFile
{
    private RouteTableFile(string name, string[] routes, Request[] requests)
    {
        Name = name;
        Routes = routes;
        Requests = requests;
    }

    public string Name { get; }

    /// <summary>The route keys, one per line of <c>NAME.txt</c>.</summary>
    public IReadOnlyList<string> Routes { get; }

    /// <summary>Request N must select route N.</summary>
    public IReadOnlyList<Request> Requests { get; }

    public static RouteTableFile Load(string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "routes");
        string routesFile = Path.Combine(directory, name + ".txt");
        string requestsFile = Path.Combine(directory, name + ".requests.txt");
        if (!File.Exists(routesFile) || !File.Exists(requestsFile))
        {
            throw new FileNotFoundException(
                $"Route table '{name}' not found: expected '{routesFile}' and '{requestsFile}'. The csproj copies tests/data/routes/*.txt there; rebuild the benchmark project.",
                routesFile);
        }

        string[] routes = ReadLines(routesFile);
        string[] requestLines = ReadLines(requestsFile);
        if (routes.Length != requestLines.Length)
        {
            throw new InvalidDataException(
                $"'{requestsFile}' has {requestLines.Length} requests but '{routesFile}' has {routes.Length} routes; line N of one must match line N of the other.");
        }

        var requests = new Request[requestLines.Length];
        for (int i = 0; i < requestLines.Length; i++)
        {
            string line = requestLines[i];
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == line.Length - 1)
            {
                throw new InvalidDataException($"'{requestsFile}' line {i + 1} '{line}' is not 'METHOD /path'.");
            }

            requests[i] = new Request(line[..space], line[(space + 1)..]);
        }

        return new RouteTableFile(name, routes, requests);
    }

    private static string[] ReadLines(string file) =>
        [.. File.ReadAllLines(file).Select(static l => l.Trim()).Where(static l => l.Length > 0)];
}
