using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Routing;
using Routing.Matching;
using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// Compiling a table of <see cref="Routes"/> synthetic route keys (<see cref="SyntheticRouteKeys"/>, seed 1):
/// ours from parsed <see cref="RouteKey"/>s, and ASP.NET Core's DFA from the equivalent, already parsed
/// <see cref="RouteEndpoint"/>s.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private const ulong Seed = 1;

    private RouteKey[] _keys = [];
    private RouteEndpoint[] _endpoints = [];
    private AspNetCoreDfaMatcher _aspNetCore = null!;

    [Params(10, 100, 1000, 10000)]
    public int Routes { get; set; } = 100;

    [GlobalSetup]
    public void Setup()
    {
        _keys = SyntheticRouteKeys.Generate(Routes, Seed);
        _endpoints = AspNetCoreDfaMatcher.CreateEndpoints(_keys);
        _aspNetCore = new AspNetCoreDfaMatcher();

        // Fail early on a generator that makes conflicting keys, or a table that lost routes.
        var table = RouteTable.Create(_keys);
        if (table.Routes.Count != Routes)
        {
            throw new InvalidOperationException($"Expected {Routes} routes, the table has {table.Routes.Count}.");
        }

        _ = _aspNetCore.BuildMatcher(_endpoints);
    }

    [Benchmark]
    public RouteTable Build() => RouteTable.Create(_keys);

    [Benchmark]
    public object AspNetCoreDfaBuild() => _aspNetCore.BuildMatcher(_endpoints);
}
