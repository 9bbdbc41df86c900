namespace Routing.Tests.Reference;

/// <summary>
/// A route matcher written to be obviously right rather than fast, to check the trie against. It follows
/// the selection rules of <see cref="Routing.Matching.RouteTable"/>'s remarks (and AWS-SEMANTICS 2.2) step by
/// step: find every candidate route, sort the candidates into tiers, and pick the best of the first non-empty
/// tier by comparing them pairwise.
/// </summary>
/// <remarks>
/// Deliberately shares nothing with the trie: route templates are split from the key text here, requests are
/// split with <see cref="string.Split(char, StringSplitOptions)"/>, and every route is tried on every request.
/// Allocation and speed do not matter.
/// </remarks>
public sealed class ReferenceMatcher
{
    private const string DefaultKey = "$default";
    private const string AnyMethod = "ANY";

    private readonly List<Route> _routes = [];

    /// <summary>Creates a matcher. Route keys are checked with <see cref="Routing.Routes.RouteKey.Parse"/> only to
    /// refuse invalid ones; their templates are read from the text.</summary>
    /// <param name="routeKeys">The route keys, in route-index order.</param>
    public ReferenceMatcher(IEnumerable<string> routeKeys)
    {
        foreach (string key in routeKeys)
        {
            _ = Routing.Routes.RouteKey.Parse(key);
            _routes.Add(Route.FromKey(key));
        }
    }

    /// <summary>Selects the route for a request.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="path">The decoded routing path.</param>
    /// <returns>The selected route, or <see langword="null"/> when none matches (404).</returns>
    public ReferenceMatch? Match(string method, string path)
    {
        // Same contract as RouteTable.TryMatch: a routing path starts with '/'; anything else selects nothing.
        if (!path.StartsWith('/'))
        {
            return null;
        }

        // "/" has no segments; otherwise every '/' starts a segment, so "/a/" is ["a", ""].
        string[] requestSegments = path == "/" ? [] : path[1..].Split('/');

        var nonGreedy = new List<Candidate>();  // tier 1
        var greedy = new List<Candidate>();     // tier 2
        Candidate? fallback = null;             // tier 3: $default

        for (int index = 0; index < _routes.Count; index++)
        {
            Route route = _routes[index];
            if (route.IsDefault)
            {
                fallback = new Candidate(index, route, new Dictionary<string, string>(StringComparer.Ordinal), false);
                continue;
            }

            bool methodMatches = route.Method == AnyMethod || route.Method == method;
            if (!methodMatches)
            {
                continue;
            }

            Dictionary<string, string>? parameters = Bind(route.Template, requestSegments);
            if (parameters is null)
            {
                continue;
            }

            var candidate = new Candidate(index, route, parameters, ExactMethod: route.Method == method);
            if (route.IsGreedy)
            {
                greedy.Add(candidate);
            }
            else
            {
                nonGreedy.Add(candidate);
            }
        }

        Candidate? winner = null;
        if (nonGreedy.Count > 0)
        {
            winner = PickBest(nonGreedy, CompareNonGreedy);
        }
        else if (greedy.Count > 0)
        {
            winner = PickBest(greedy, CompareGreedy);
        }
        else if (fallback is not null)
        {
            winner = fallback;
        }

        return winner is null ? null : new ReferenceMatch(winner.Index, winner.Route.Key, winner.Parameters);
    }

    /// <summary>Matches a template against request segments, returning the parameter values or null.</summary>
    private static Dictionary<string, string>? Bind(List<TemplatePart> template, string[] segments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < template.Count; i++)
        {
            TemplatePart part = template[i];
            if (part.Kind == PartKind.Greedy)
            {
                // {name+} takes everything that is left, which must be at least one character.
                if (i >= segments.Length)
                {
                    return null;
                }

                string rest = string.Join('/', segments[i..]);
                if (rest.Length == 0)
                {
                    return null;
                }

                values[part.Text] = rest;
                return values;
            }

            if (i >= segments.Length)
            {
                return null; // the request is shorter than the template
            }

            string segment = segments[i];
            if (part.Kind == PartKind.Literal)
            {
                if (!string.Equals(segment, part.Text, StringComparison.Ordinal))
                {
                    return null;
                }
            }
            else
            {
                // {name} takes exactly one segment, which must not be empty.
                if (segment.Length == 0)
                {
                    return null;
                }

                values[part.Text] = segment;
            }
        }

        return segments.Length == template.Count ? values : null;
    }

    /// <summary>Keeps whichever candidate the comparison prefers; two candidates must never compare equal.</summary>
    private static Candidate PickBest(List<Candidate> candidates, Func<Candidate, Candidate, int> compare)
    {
        Candidate best = candidates[0];
        for (int i = 1; i < candidates.Count; i++)
        {
            int order = compare(candidates[i], best);
            if (order == 0)
            {
                throw new InvalidOperationException(
                    $"Routes '{candidates[i].Route.Key}' and '{best.Route.Key}' tie: the table has conflicting keys.");
            }

            if (order > 0)
            {
                best = candidates[i];
            }
        }

        return best;
    }

    /// <summary>Tier 1: the request's own method beats ANY first; then segments left to right (literal beats {param}).</summary>
    private static int CompareNonGreedy(Candidate a, Candidate b)
    {
        int byMethod = a.ExactMethod.CompareTo(b.ExactMethod);
        return byMethod != 0 ? byMethod : CompareSegments(a.Route, b.Route);
    }

    /// <summary>Tier 2: segments left to right (literal beats {param} beats {name+}); then the request's own method beats ANY.</summary>
    private static int CompareGreedy(Candidate a, Candidate b)
    {
        int bySegments = CompareSegments(a.Route, b.Route);
        return bySegments != 0 ? bySegments : a.ExactMethod.CompareTo(b.ExactMethod);
    }

    /// <summary>Positive when <paramref name="a"/> is more specific at the first position where the kinds differ.</summary>
    private static int CompareSegments(Route a, Route b)
    {
        int length = Math.Min(a.Template.Count, b.Template.Count);
        for (int i = 0; i < length; i++)
        {
            int difference = Specificity(a.Template[i].Kind) - Specificity(b.Template[i].Kind);
            if (difference != 0)
            {
                return difference;
            }
        }

        // Both candidates matched the same request, so when every compared kind is the same, so are the lengths
        // (non-greedy) or the greedy position (greedy).
        return 0;
    }

    private static int Specificity(PartKind kind) => kind switch
    {
        PartKind.Literal => 3,
        PartKind.Parameter => 2,
        _ => 1,
    };

    private enum PartKind
    {
        Literal,
        Parameter,
        Greedy,
    }

    private sealed record TemplatePart(PartKind Kind, string Text);

    private sealed record Candidate(int Index, Route Route, Dictionary<string, string> Parameters, bool ExactMethod);

    private sealed record Route(string Key, string Method, List<TemplatePart> Template, bool IsDefault, bool IsGreedy)
    {
        public static Route FromKey(string key)
        {
            if (key == DefaultKey)
            {
                return new Route(key, string.Empty, [], IsDefault: true, IsGreedy: false);
            }

            string method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
            string path = key[(method.Length + 1)..];
            var template = new List<TemplatePart>();
            if (path != "/")
            {
                foreach (string text in path[1..].Split('/'))
                {
                    if (text.StartsWith('{') && text.EndsWith("+}", StringComparison.Ordinal))
                    {
                        template.Add(new TemplatePart(PartKind.Greedy, text[1..^2]));
                    }
                    else if (text.StartsWith('{') && text.EndsWith('}'))
                    {
                        template.Add(new TemplatePart(PartKind.Parameter, text[1..^1]));
                    }
                    else
                    {
                        template.Add(new TemplatePart(PartKind.Literal, text));
                    }
                }
            }

            bool isGreedy = template.Count > 0 && template[^1].Kind == PartKind.Greedy;
            return new Route(key, method, template, IsDefault: false, isGreedy);
        }
    }
}
