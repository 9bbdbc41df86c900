using System.Text;
using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// Deterministic synthetic route tables of any size for <see cref="CompileBenchmarks"/>: REST-like paths under a
/// few roots (<c>/v1/orgs/{id1}/projects/{id3}</c>), some literal siblings of parameters (<c>/users/me</c>),
/// greedy <c>{proxy+}</c> tails, <c>ANY</c> routes and one <c>$default</c> (the last key). No two keys conflict:
/// none has the same method and the same segment kinds (and literals) in the same positions as another.
/// </summary>
/// <remarks>A SplitMix64 sequence drives every choice, so a (count, seed) pair always gives the same table.</remarks>
internal static class SyntheticRouteKeys
{
    private static readonly string[] Roots = ["v1", "v2", "admin", "internal"];

    private static readonly string[] Nouns =
    [
        "users", "teams", "repos", "orgs", "projects", "issues", "comments", "labels", "milestones", "releases",
        "assets", "hooks", "keys", "access-keys", "rate_limit", "accounts", "account", "account-settings",
        "invoices", "payments", "orders", "items", "carts", "products", "reviews", "images", "files", "folders",
        "events", "notifications", "subscriptions", "plans", "regions", "zones", "clusters", "nodes", "pods",
        "volumes", "snapshots", "backups", "jobs", "runs", "steps", "artifacts", "secrets", "variables",
        "environments", "deployments", "statuses", "checks", "pulls", "commits", "branches", "tags", "trees",
        "blobs", "refs", "gists", "stars", "forks", "followers", "members", "roles", "policies",
    ];

    private static readonly string[] Actions = ["me", "latest", "search", "export", "archive", "stats", "count", "batch"];

    private static readonly (string Method, double Weight)[] Methods =
        [("GET", 0.45), ("POST", 0.18), ("PUT", 0.08), ("PATCH", 0.07), ("DELETE", 0.14), ("ANY", 0.08)];

    public static RouteKey[] Generate(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new SplitMix64(seed);
        var keys = new List<RouteKey>(count);
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var path = new StringBuilder();
        var shape = new StringBuilder();
        while (keys.Count < count - 1)
        {
            path.Clear();
            shape.Clear();
            string method = PickMethod(ref random);
            shape.Append(method).Append(' ');
            int position = 0;
            if (random.NextDouble() < 0.6)
            {
                AddLiteral(Roots[random.NextInt(Roots.Length)]);
            }

            // 1 to 5 collections, each followed by its item parameter (or, now and then, a literal sibling of it).
            int depth = 1 + random.NextInt(5);
            for (int level = 0; level < depth; level++)
            {
                AddLiteral(Nouns[random.NextInt(Nouns.Length)]);
                bool last = level == depth - 1;
                double roll = random.NextDouble();
                if (last && roll < 0.04)
                {
                    AddVariable("proxy+", "{+}");
                }
                else if (roll < 0.08)
                {
                    AddLiteral(Actions[random.NextInt(Actions.Length)]);
                }
                else if (!last || roll < 0.55)
                {
                    AddVariable("id" + position, "{}");
                }
            }

            if (shapes.Add(shape.ToString()))
            {
                keys.Add(RouteKey.Parse(method + " " + path));
            }

            void AddLiteral(string literal)
            {
                path.Append('/').Append(literal);
                shape.Append('/').Append(literal);
                position++;
            }

            void AddVariable(string name, string kind)
            {
                path.Append("/{").Append(name).Append('}');
                shape.Append('/').Append(kind);
                position++;
            }
        }

        keys.Add(RouteKey.Default);
        return [.. keys];
    }

    private static string PickMethod(ref SplitMix64 random)
    {
        double roll = random.NextDouble();
        foreach (var (method, weight) in Methods)
        {
            roll -= weight;
            if (roll < 0)
            {
                return method;
            }
        }

        return Methods[^1].Method;
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood): a tiny, fast, fixed-seed generator.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A uniform integer in [0, <paramref name="bound"/>).</summary>
        public int NextInt(int bound) => (int)(((Next() >> 32) * (ulong)bound) >> 32);

        /// <summary>A uniform double in [0, 1).</summary>
        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
    }
}
