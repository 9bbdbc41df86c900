using BenchmarkDotNet.Running;

namespace Routing.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line, for example
/// <c>dotnet run -c Release --project benchmarks/Routing.Benchmarks -- --filter '*MatcherBenchmarks*' --job short</c>.
/// See README.md beside this file.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
