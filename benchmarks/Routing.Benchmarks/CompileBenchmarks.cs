using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Routing;
using Routing.Matching;
using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// Compiling a table of <see cref="Routes"/> synthetic route keys (<see cref="SyntheticRouteKeys"/>): ours from
/// parsed <see cref="RouteKey"/>s, and ASP.NET Core's DFA from the equivalent, already parsed
/// <see cref="RouteEndpoint"/>s.
/// </summary>
/// <remarks>
/// <para><see cref="CompileInput.Distinct"/> (the figure for how compile time grows): each call compiles the next of
/// enough distinct tables (seeds 1, 2, ...) to hold at least <see cref="RoutesPerCycle"/> routes together, so every size
/// reads its input from the same depth of the memory hierarchy, as a real compile of a table it has not seen does.</para>
/// <para><see cref="CompileInput.Repeated"/>: every call compiles the table of seed 1. A table of 1,000 routes then
/// stays in the core's cache, and the branch predictor learns its sequence of segments, while one of 10,000 does
/// neither, so the ratio between those two sizes measures the cache and the predictor more than the algorithm.</para>
/// </remarks>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    /// <summary>How many routes the distinct tables of one size add up to, at least.</summary>
    public const int RoutesPerCycle = 100_000;

    private RouteKey[][] _keys = [];
    private RouteEndpoint[][] _endpoints = [];
    private AspNetCoreDfaMatcher _aspNetCore = null!;
    private int _next;

    /// <summary>Where each call's table comes from.</summary>
    public enum CompileInput
    {
        /// <summary>A different table each call, cycling through enough of them that none stays in cache.</summary>
        Distinct,

        /// <summary>The same table every call.</summary>
        Repeated,
    }

    [Params(10, 100, 1000, 10000)]
    public int Routes { get; set; } = 100;

    [Params(CompileInput.Distinct, CompileInput.Repeated)]
    public CompileInput Input { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int tables = Input == CompileInput.Repeated ? 1 : (RoutesPerCycle + Routes - 1) / Routes;
        _keys = new RouteKey[tables][];
        _endpoints = new RouteEndpoint[tables][];
        _aspNetCore = new AspNetCoreDfaMatcher();
        for (int i = 0; i < tables; i++)
        {
            _keys[i] = SyntheticRouteKeys.Generate(Routes, seed: (ulong)i + 1);
            _endpoints[i] = AspNetCoreDfaMatcher.CreateEndpoints(_keys[i]);

            // Fail early on a generator that makes conflicting keys, or a table that lost routes.
            var table = RouteTable.Create(_keys[i]);
            if (table.Routes.Count != Routes)
            {
                throw new InvalidOperationException($"Expected {Routes} routes, table {i} has {table.Routes.Count}.");
            }

            _ = _aspNetCore.BuildMatcher(_endpoints[i]);
        }

        // Squeeze the generator's garbage out from between the keys, so that every run reads its input from the same,
        // contiguous layout rather than from wherever this setup's allocations happened to land.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    [Benchmark]
    public RouteTable Build() => RouteTable.Create(_keys[Next()]);

    [Benchmark]
    public object AspNetCoreDfaBuild() => _aspNetCore.BuildMatcher(_endpoints[Next()]);

    private int Next()
    {
        int next = _next;
        _next = next + 1 == _keys.Length ? 0 : next + 1;
        return next;
    }
}
