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
/// <para><see cref="CompileInput.Distinct"/>: each call compiles the next of enough distinct tables (seeds 1, 2, ...)
/// to hold at least <see cref="RoutesPerCycle"/> routes together, so every size reads its input from memory, as the
/// compile of a table not seen before does.</para>
/// <para><see cref="CompileInput.Repeated"/>: every call compiles the table of seed 1. A table of 1,000 routes then
/// stays in the core's caches, and the branch predictor learns its sequence of segments; one of 10,000 does
/// neither.</para>
/// <para><see cref="Floor"/> only reads the keys. Compare a size's growth with the floor's to see how much of it the
/// memory hierarchy alone accounts for.</para>
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

    /// <summary>Our tables only: the process of each benchmark holds its own input and nothing else, because a heap
    /// that also held the other matcher's endpoints made every garbage collection during a build cost more.</summary>
    [GlobalSetup(Targets = [nameof(Build), nameof(Floor)])]
    public void Setup()
    {
        int tables = Input == CompileInput.Repeated ? 1 : (RoutesPerCycle + Routes - 1) / Routes;
        _keys = new RouteKey[tables][];
        for (int i = 0; i < tables; i++)
        {
            _keys[i] = SyntheticRouteKeys.Generate(Routes, seed: (ulong)i + 1);

            // Fail early on a generator that makes conflicting keys, or a table that lost routes.
            var table = RouteTable.Create(_keys[i]);
            if (table.Routes.Count != Routes)
            {
                throw new InvalidOperationException($"Expected {Routes} routes, table {i} has {table.Routes.Count}.");
            }
        }

        CompactHeap();
    }

    [GlobalSetup(Target = nameof(AspNetCoreDfaBuild))]
    public void SetupAspNetCore()
    {
        int tables = Input == CompileInput.Repeated ? 1 : (RoutesPerCycle + Routes - 1) / Routes;
        _keys = new RouteKey[tables][];
        _endpoints = new RouteEndpoint[tables][];
        _aspNetCore = new AspNetCoreDfaMatcher();
        for (int i = 0; i < tables; i++)
        {
            _keys[i] = SyntheticRouteKeys.Generate(Routes, seed: (ulong)i + 1);
            _endpoints[i] = AspNetCoreDfaMatcher.CreateEndpoints(_keys[i]);
            _ = _aspNetCore.BuildMatcher(_endpoints[i]);
        }

        CompactHeap();
    }

    [Benchmark]
    public RouteTable Build() => RouteTable.Create(_keys[Next()]);

    [Benchmark]
    public object AspNetCoreDfaBuild() => _aspNetCore.BuildMatcher(_endpoints[Next()]);

    /// <summary>
    /// The floor: read every key of the table once and hash each literal segment, the least any compiler of parsed
    /// keys must do. Its growth from one size to the next is what the memory hierarchy alone adds.
    /// </summary>
    [Benchmark]
    public int Floor()
    {
        int hash = 0;
        foreach (var key in _keys[Next()])
        {
            var segments = key.Segments;
            for (int i = 0; i < segments.Count; i++)
            {
                var segment = segments[i];
                hash += segment.Kind == RouteSegmentKind.Literal ? segment.Value.GetHashCode() : (int)segment.Kind;
            }
        }

        return hash;
    }

    /// <summary>
    /// Squeezes the generator's garbage out from between the keys, so that every run reads its input from the same,
    /// contiguous layout rather than from wherever this setup's allocations happened to land.
    /// </summary>
    private static void CompactHeap() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

    private int Next()
    {
        int next = _next;
        _next = next + 1 == _keys.Length ? 0 : next + 1;
        return next;
    }
}
