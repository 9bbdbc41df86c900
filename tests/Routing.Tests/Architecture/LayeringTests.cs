using Routing.Apis;

namespace Routing.Tests.Architecture;

/// <summary>
/// The top-level namespaces of <c>src/Routing</c> form layers (docs/architecture.md): a namespace uses only those below
/// it, so they never form a cycle. Read from the compiled assembly, not from <c>using</c> lines.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Bottom to top; a namespace may use only namespaces of a lower layer.</summary>
    private static readonly string[][] Layers =
    [
        ["Http"],
        ["Routes"],
        ["Matching"],
        ["Pipeline"],
        ["Definitions"],
        ["Deployments"],
        ["Integrations", "Transforms", "Cors", "Traffic"],
        ["Authorization"],
        ["Diagnostics"],
        ["Apis"],
        ["Domains"],
    ];

    private static readonly Dictionary<string, Dictionary<string, string>> Graph =
        NamespaceDependencies.Read(typeof(HttpApi).Assembly, "Routing");

    [Fact]
    public void TopLevelNamespaces_FormNoCycle()
    {
        // Act
        var cycle = FindCycle(Graph);

        // Assert
        Assert.True(cycle is null, $"The top-level namespaces of src/Routing form a cycle: {Describe(cycle)}");
    }

    [Fact]
    public void TopLevelNamespaces_UseOnlyLowerLayers()
    {
        // Arrange
        var layerOf = Layers.SelectMany(static (names, layer) => names.Select(name => (name, layer))).ToDictionary(static p => p.name, static p => p.layer);

        // Act
        var violations = new List<string>();
        foreach (var (from, edges) in Graph)
        {
            if (!layerOf.TryGetValue(from, out int fromLayer))
            {
                violations.Add($"{from} is not in the documented layers; add it to docs/architecture.md and to this test");
                continue;
            }

            foreach (var (to, where) in edges)
            {
                if (layerOf.TryGetValue(to, out int toLayer) && toLayer >= fromLayer)
                {
                    violations.Add($"{from} uses {to} (in {where}), which is not below it");
                }
            }
        }

        // Assert
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void FindCycle_SeesACycleThroughThreeNamespaces()
    {
        // Arrange: a checker that cannot find a cycle would pass the real test forever.
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "A.X" },
            ["B"] = new() { ["C"] = "B.Y" },
            ["C"] = new() { ["A"] = "C.Z" },
            ["D"] = new() { ["A"] = "D.W" },
        };

        // Act
        var cycle = FindCycle(graph);

        // Assert
        Assert.NotNull(cycle);
        Assert.Equal(["A", "B", "C", "A"], cycle.Select(static c => c.Namespace));
    }

    [Fact]
    public void Read_SeesADependencyInAMethodBody()
    {
        // Arrange: Apis uses Deployments only inside method bodies of some types; the reader must see bodies too.
        var apis = Graph["Apis"];

        // Assert
        Assert.Contains("Deployments", apis.Keys);
        Assert.Contains("Authorization", apis.Keys);
        Assert.DoesNotContain("Apis", Graph["Http"].Keys);
    }

    private static List<(string Namespace, string Where)>? FindCycle(Dictionary<string, Dictionary<string, string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<(string Namespace, string Where)>();
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start, string.Empty) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<(string, string)>? Visit(string node, string where)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                int from = path.FindIndex(p => p.Namespace == node);
                return [.. path[from..], (node, where)];
            }

            state[node] = 1;
            path.Add((node, where));
            foreach (var (next, via) in (graph.GetValueOrDefault(node) ?? []).OrderBy(static e => e.Key, StringComparer.Ordinal))
            {
                if (Visit(next, via) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static string Describe(List<(string Namespace, string Where)>? cycle) => cycle is null
        ? "none"
        : string.Join(" -> ", cycle.Select(static (c, i) => i == 0 ? c.Namespace : $"{c.Namespace} (in {c.Where})"));
}
