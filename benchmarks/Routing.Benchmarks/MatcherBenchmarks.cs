using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Routing.Matching;
using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// Route selection over the GitHub, Parse and Google+ tables of tests/data/routes. Each invocation matches
/// <see cref="RequestsPerInvoke"/> requests, cycling through the table's request file, so every result is the time
/// per request whatever the table's size.
/// </summary>
[MemoryDiagnoser]
public class MatcherBenchmarks
{
    /// <summary>Requests per invocation (the request list repeated, cut to this length).</summary>
    public const int RequestsPerInvoke = 1024;

    private string[] _methods = [];
    private string[] _paths = [];
    private HttpContext[] _contexts = [];
    private Func<HttpContext, Task> _aspNetCoreMatch = static _ => Task.CompletedTask;
    private RouteTable _table = null!;
    private NaiveMatcher _naive = null!;
    private SegmentFloor _floor = null!;

    [Params("github-api", "parse-api", "gplus-api")]
    public string Table { get; set; } = "github-api";

    [GlobalSetup]
    public void Setup()
    {
        var file = RouteTableFile.Load(Table);
        var keys = file.Routes.Select(RouteKey.Parse).ToArray();
        _table = RouteTable.Create(keys);
        _naive = new NaiveMatcher(keys);
        _floor = new SegmentFloor(keys);
        var endpoints = AspNetCoreDfaMatcher.CreateEndpoints(keys);
        _aspNetCoreMatch = new AspNetCoreDfaMatcher().CreateMatcher(endpoints);

        _methods = new string[RequestsPerInvoke];
        _paths = new string[RequestsPerInvoke];
        _contexts = new HttpContext[RequestsPerInvoke];
        for (int i = 0; i < RequestsPerInvoke; i++)
        {
            var request = file.Requests[i % file.Requests.Count];
            _methods[i] = request.Method;
            _paths[i] = request.Path;
            var context = new DefaultHttpContext();
            context.Request.Method = request.Method;
            context.Request.Path = request.Path;
            _contexts[i] = context;
        }

        Verify(file);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RequestsPerInvoke)]
    public int AspNetCoreDfa()
    {
        var match = _aspNetCoreMatch;
        var contexts = _contexts;
        int found = 0;
        for (int i = 0; i < contexts.Length; i++)
        {
            var context = contexts[i];
            context.SetEndpoint(null);

            // DfaMatcher completes synchronously for these routes (no async policies); Verify checks it.
            _ = match(context);
            if (context.GetEndpoint() is not null)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = RequestsPerInvoke)]
    public int CompiledTrie()
    {
        var table = _table;
        var methods = _methods;
        var paths = _paths;
        int sum = 0;
        for (int i = 0; i < paths.Length; i++)
        {
            if (table.TryMatch(methods[i], paths[i], out var match))
            {
                sum += match.RouteIndex;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = RequestsPerInvoke)]
    public int Reference()
    {
        var naive = _naive;
        var methods = _methods;
        var paths = _paths;
        int sum = 0;
        for (int i = 0; i < paths.Length; i++)
        {
            sum += naive.Match(methods[i], paths[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = RequestsPerInvoke)]
    public int Floor()
    {
        var floor = _floor;
        var paths = _paths;
        int sum = 0;
        for (int i = 0; i < paths.Length; i++)
        {
            sum += floor.Walk(paths[i]);
        }

        return sum;
    }

    // Never measure a wrong matcher: request N must select route N in each of them.
    private void Verify(RouteTableFile file)
    {
        var errors = new List<string>();
        for (int n = 0; n < file.Requests.Count; n++)
        {
            var request = file.Requests[n];
            int trie = _table.TryMatch(request.Method, request.Path, out var match) ? match.RouteIndex : -1;
            int naive = _naive.Match(request.Method, request.Path);

            var context = _contexts[n];
            context.SetEndpoint(null);
            var task = _aspNetCoreMatch(context);
            int aspNetCore = task.IsCompletedSuccessfully ? AspNetCoreDfaMatcher.RouteIndexOf(context.GetEndpoint()) : -2;
            context.SetEndpoint(null);

            foreach (var (matcher, selected) in new[] { ("CompiledTrie", trie), ("Reference", naive), ("AspNetCoreDfa", aspNetCore) })
            {
                if (selected != n)
                {
                    string got = selected switch
                    {
                        -2 => "a match that did not complete synchronously",
                        < 0 => "no route",
                        _ => $"route {selected + 1} '{file.Routes[selected]}'",
                    };
                    errors.Add($"{matcher}: request {n + 1} '{request}' selected {got}, expected route {n + 1} '{file.Routes[n]}'.");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Table '{file.Name}': {errors.Count} wrong selections; fix the matcher before benchmarking it:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }
    }
}
