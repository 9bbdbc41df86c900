using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Routing.Matching;
using Routing.Routes;
using Routing.Tests.Reference;

namespace Routing.Tests.Matching;

/// <summary>
/// Generated route tables and requests: the compiled trie (<see cref="RouteTable"/>) must select the same route,
/// with the same parameters, as the obvious <see cref="ReferenceMatcher"/>.
/// </summary>
/// <remarks>
/// Tables are drawn from a tiny vocabulary so that routes overlap all the time: the same literal at the same
/// place, a literal beside a parameter, greedy routes nested in each other, the same path under GET and ANY.
/// Keys that conflict with an earlier key in the table (same method and same segment shapes, e.g. differing only in
/// parameter names) are dropped rather than failing the table. Requests are mostly instantiations of the table's
/// routes, perturbed with empty segments, trailing slashes, unknown literals, wrong case and other methods.
/// </remarks>
public sealed class TrieAgreesWithReferenceTests
{
    private const int RequestsPerTable = 20;

    private static readonly string[] Literals = ["a", "b", "c", "pets", "dog"];

    // Enough literals that a node has more than Trie.ScanLimit literal children and is looked up by hash.
    private static readonly string[] WideLiterals =
        ["a", "b", "c", "pets", "dog", "cats", "users", "me", "v1", "v2", "orders", "items", "x-y", "a.b", "z:1", "Q"];
    private static readonly string[] RouteMethods = ["GET", "POST", "ANY", "DELETE", "HEAD"];
    private static readonly string[] RequestMethods = ["GET", "POST", "DELETE", "HEAD", "PUT", "OPTIONS", "PROPFIND", "ANY"];

    // Request segments: the route literals plus an empty segment, unknown literals and a case variant.
    private static readonly string[] PathWords = ["a", "b", "c", "pets", "dog", "", "x", "Pets", "dog.json"];

    // 5,000 tables of 20 requests each: about 1.2 s on 2 cores, well under the 20 s budget.
    [Property(MaxTest = 5000)]
    public Property TryMatch_GeneratedTablesAndRequests_AgreesWithReference() => AgreesWithReference(TableGen);

    // Larger tables over a larger vocabulary: wide nodes, and builders that grow their arrays. 500 tables of 20 to 80 keys.
    [Property(MaxTest = 500)]
    public Property TryMatch_GeneratedWideTablesAndRequests_AgreesWithReference() => AgreesWithReference(
        Gen.Choose(20, 80).SelectMany(static count => Gen.ArrayOf(RouteKeyGenFor(WideLiterals), count)).Select(DropConflicts));

    private static Property AgreesWithReference(Gen<string[]> tables)
    {
        var scenarios = tables.SelectMany(
            static routes => Gen.ArrayOf(RequestFor(routes), RequestsPerTable).Select(requests => new Scenario(routes, requests)));

        return Prop.ForAll(Arb.From(scenarios, Shrink), static scenario =>
        {
            // Arrange
            var table = RouteTable.Create(scenario.Routes);
            var reference = new ReferenceMatcher(scenario.Routes);

            foreach (var request in scenario.Requests)
            {
                // Act
                string? trie = Describe(table, request);
                string? expected = Describe(reference.Match(request.Method, request.Path));

                // Assert
                if (trie != expected)
                {
                    Assert.Fail($"{request}: trie selected {trie ?? "nothing"}, reference selected {expected ?? "nothing"}.");
                }
            }
        });
    }

    // The builder's shape set against a set of shape strings: a key is refused exactly when an earlier accepted key has
    // its shape, and the table keeps the accepted keys in order. Up to 120 keys, so the set grows several times.
    [Property(MaxTest = 1000)]
    public Property Add_GeneratedKeysWithRepeats_RefusesExactlyTheRepeatedShapes()
    {
        var keys = Gen.Choose(0, 120).SelectMany(static count => Gen.ArrayOf(RouteKeyGenFor(Literals), count));
        return Prop.ForAll(Arb.From(keys), static keys =>
        {
            // Arrange
            var builder = new RouteTableBuilder();
            var shapes = new HashSet<string>(StringComparer.Ordinal);
            var accepted = new List<string>();

            foreach (string key in keys)
            {
                // Act
                bool expectRefusal = !shapes.Add(Shape(key));
                bool refused = false;
                try
                {
                    builder.Add(key);
                    accepted.Add(key);
                }
                catch (RouteKeyException)
                {
                    refused = true;
                }

                // Assert
                if (refused != expectRefusal)
                {
                    Assert.Fail($"'{key}' after [{string.Join(", ", accepted)}]: refused {refused}, expected {expectRefusal}.");
                }
            }

            Assert.Equal(accepted, builder.Build().Routes.Select(static r => r.Value));
        });
    }

    [Property(MaxTest = 2000)]
    public Property TryMatch_ConcreteInstanceOfEveryRoute_SelectsSomeRoute()
    {
        return Prop.ForAll(Arb.From(TableGen.Select(static routes => new Scenario(routes, [])), Shrink), static scenario =>
        {
            // Arrange
            var table = RouteTable.Create(scenario.Routes);
            var requests = scenario.Routes
                .Where(static key => key != "$default")
                .SelectMany(static key => ConcreteRequests(key));

            foreach (var request in requests)
            {
                // Act
                bool found = table.TryMatch(request.Method, request.Path, out var match);

                // Assert
                if (!found || match.RouteIndex < 0 || match.RouteIndex >= table.Routes.Count)
                {
                    Assert.Fail($"{request}: the trie selected no route, although the request instantiates a route of the table.");
                }
            }
        });
    }

    // ---- generators ----

    private static readonly Gen<string> RouteKeyGen = RouteKeyGenFor(Literals);

    private static Gen<string> RouteKeyGenFor(string[] vocabulary) => Gen.Frequency(
        (1, Gen.Constant("$default")),
        (9,
            from method in Gen.Elements(RouteMethods)
            from length in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Constant(1)), (4, Gen.Constant(2)), (3, Gen.Constant(3)), (1, Gen.Constant(4)))
            from isParameter in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(false)), (2, Gen.Constant(true))), length)
            from literals in Gen.ArrayOf(Gen.Elements(vocabulary), length)
            from prefixes in Gen.ArrayOf(Gen.Elements("p", "q"), length)
            from greedyLast in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
            from greedyName in Gen.Elements("proxy", "rest")
            select BuildKey(method, isParameter, literals, prefixes, greedyLast, greedyName)));

    private static readonly Gen<string[]> TableGen =
        Gen.Choose(2, 10).SelectMany(static count => Gen.ArrayOf(RouteKeyGen, count)).Select(DropConflicts);

    private static readonly Gen<string> RandomPath =
        from count in Gen.Choose(0, 4)
        from segments in Gen.ArrayOf(Gen.Elements(PathWords), count)
        from trailingSlash in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select count == 0 ? "/" : "/" + string.Join('/', segments) + (trailingSlash ? "/" : string.Empty);

    private static string BuildKey(string method, bool[] isParameter, string[] literals, string[] prefixes, bool greedyLast, string greedyName)
    {
        int length = isParameter.Length;
        if (length == 0)
        {
            return method + " /";
        }

        var path = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            path.Append('/');
            if (greedyLast && i == length - 1)
            {
                path.Append('{').Append(greedyName).Append("+}");
            }
            else if (isParameter[i])
            {
                // p0, q1, ...: unique within a key, but two keys may differ only in these names.
                path.Append('{').Append(prefixes[i]).Append(i).Append('}');
            }
            else
            {
                path.Append(literals[i]);
            }
        }

        return method + " " + path;
    }

    private static string[] DropConflicts(string[] keys)
    {
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        return keys.Where(key => shapes.Add(Shape(key))).ToArray();
    }

    // Same method and same segment kinds (and literals) in the same places: API Gateway calls these a conflict.
    private static string Shape(string key) => key == "$default"
        ? key
        : string.Join('/', key.Split('/').Select(static s => s.StartsWith('{') ? (s.EndsWith("+}", StringComparison.Ordinal) ? "{+}" : "{}") : s));

    private static Gen<Request> RequestFor(string[] routes) => Gen.Frequency(
        (1,
            from method in Gen.Elements(RequestMethods)
            from path in RandomPath
            select new Request(method, path)),
        (3,
            from key in Gen.Elements(routes)
            from path in Instantiate(key)
            from method in MethodNear(key)
            select new Request(method, path)));

    private static Gen<string> MethodNear(string key)
    {
        int space = key.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || key[..space] == "ANY")
        {
            return Gen.Elements(RequestMethods);
        }

        return Gen.Frequency((1, Gen.Constant(key[..space])), (1, Gen.Elements(RequestMethods)));
    }

    /// <summary>A path for the route's template, sometimes perturbed so that it (nearly) misses.</summary>
    private static Gen<string> Instantiate(string key)
    {
        int space = key.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return RandomPath;
        }

        string template = key[(space + 1)..];
        if (template == "/")
        {
            return Gen.Frequency((4, Gen.Constant("/")), (1, RandomPath));
        }

        string[] parts = template[1..].Split('/');
        return
            from values in Gen.CollectToArray(parts, InstantiatePart)
            from trailingSlash in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
            select "/" + string.Join('/', values) + (trailingSlash ? "/" : string.Empty);
    }

    private static Gen<string> InstantiatePart(string part)
    {
        if (part.EndsWith("+}", StringComparison.Ordinal))
        {
            // 0 to 3 segments: none gives an empty remainder, which {name+} must not take.
            return Gen.Choose(0, 3)
                .SelectMany(static count => Gen.ArrayOf(Gen.Elements(PathWords), count))
                .Select(static segments => string.Join('/', segments));
        }

        if (part.StartsWith('{'))
        {
            return Gen.Frequency((5, Gen.Elements(PathWords)), (1, Gen.Constant("7")));
        }

        return Gen.Frequency((9, Gen.Constant(part)), (1, Gen.Elements(PathWords)));
    }

    /// <summary>Requests that the route itself matches: literals as written, parameters and greedy values non-empty.</summary>
    private static IEnumerable<Request> ConcreteRequests(string key)
    {
        int space = key.IndexOf(' ', StringComparison.Ordinal);
        string method = key[..space];
        string template = key[(space + 1)..];
        string path = template == "/"
            ? "/"
            : "/" + string.Join('/', template[1..].Split('/').Select(static (part, i) =>
                part.EndsWith("+}", StringComparison.Ordinal) ? "g/h" : part.StartsWith('{') ? "v" + i : part));
        string[] methods = method == "ANY" ? ["GET", "PROPFIND", "ANY"] : [method];
        return methods.Select(m => new Request(m, path));
    }

    private static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        for (int i = 0; i < scenario.Requests.Length && scenario.Requests.Length > 1; i++)
        {
            yield return scenario with { Requests = [.. scenario.Requests[..i], .. scenario.Requests[(i + 1)..]] };
        }

        for (int i = 0; i < scenario.Routes.Length && scenario.Routes.Length > 1; i++)
        {
            yield return scenario with { Routes = [.. scenario.Routes[..i], .. scenario.Routes[(i + 1)..]] };
        }
    }

    // ---- comparison ----

    private static string? Describe(RouteTable table, Request request)
    {
        if (!table.TryMatch(request.Method, request.Path, out var match))
        {
            return null;
        }

        return Describe(match.RouteIndex, match.RouteKey.Value, match.CreateParameterDictionary());
    }

    private static string? Describe(ReferenceMatch? match) =>
        match is null ? null : Describe(match.RouteIndex, match.RouteKey, match.Parameters);

    private static string Describe(int index, string key, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var pairs = parameters.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => $"{p.Key}='{p.Value}'");
        return $"#{index} '{key}' {{{string.Join(", ", pairs)}}}";
    }

    /// <summary>A generated request.</summary>
    /// <param name="Method">The request method.</param>
    /// <param name="Path">The decoded routing path.</param>
    public sealed record Request(string Method, string Path)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>A generated table with requests to run against it.</summary>
    /// <param name="Routes">The route keys, free of conflicts.</param>
    /// <param name="Requests">The requests.</param>
    public sealed record Scenario(string[] Routes, Request[] Requests)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"routes: [{string.Join(", ", Routes)}] requests: [{string.Join(", ", Requests.Select(static r => r.ToString()))}]";
    }
}
