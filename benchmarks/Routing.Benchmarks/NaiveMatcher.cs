using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// A deliberately naive matcher for the <c>Reference</c> benchmark: every request tests every route, and the best
/// candidate is kept by the rules documented on <see cref="Matching.RouteTable"/>. It allocates nothing, so the
/// benchmark shows the cost of the linear scan alone.
/// </summary>
/// <remarks>
/// Rules, in order: a full match with the request's own method (most specific left to right, a literal beating
/// <c>{param}</c>); else a full <c>ANY</c> match (same order); else the greedy route whose template is most
/// specific left to right (literal, then <c>{param}</c>, then <c>{name+}</c> at each position), the request's
/// method beating <c>ANY</c> only at the same template; else <c>$default</c>. An empty segment never binds
/// <c>{param}</c>, and <c>{name+}</c> needs at least one character.
/// </remarks>
internal sealed class NaiveMatcher
{
    public const int NoMatch = -1;

    // Specificity of a segment kind at one position: lower is more specific.
    private const byte LiteralRank = 0;
    private const byte ParameterRank = 1;
    private const byte GreedyRank = 2;

    private readonly Entry[] _routes;
    private readonly int _defaultRoute = NoMatch;

    public NaiveMatcher(IReadOnlyList<RouteKey> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = new Entry[routes.Count];
        for (int i = 0; i < routes.Count; i++)
        {
            var key = routes[i];
            if (key.IsDefault)
            {
                _defaultRoute = i;
            }

            var segments = key.Segments;
            var ranks = new byte[segments.Count];
            var literals = new string?[segments.Count];
            for (int s = 0; s < segments.Count; s++)
            {
                (ranks[s], literals[s]) = segments[s].Kind switch
                {
                    RouteSegmentKind.Literal => (LiteralRank, segments[s].Value),
                    RouteSegmentKind.Parameter => (ParameterRank, (string?)null),
                    _ => (GreedyRank, null),
                };
            }

            _routes[i] = new Entry(key.Method, key.IsAnyMethod, key.IsDefault, key.IsGreedy, ranks, literals);
        }
    }

    /// <summary>The index of the selected route, or <see cref="NoMatch"/>.</summary>
    public int Match(ReadOnlySpan<char> method, ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path[0] != '/')
        {
            return NoMatch;
        }

        int exact = NoMatch, any = NoMatch, greedy = NoMatch;
        for (int i = 0; i < _routes.Length; i++)
        {
            var route = _routes[i];
            if (route.IsDefault || !Matches(route, path))
            {
                continue;
            }

            bool ownMethod = !route.IsAny && method.SequenceEqual(route.Method);
            if (!route.IsAny && !ownMethod)
            {
                continue;
            }

            if (route.IsGreedy)
            {
                if (greedy == NoMatch)
                {
                    greedy = i;
                    continue;
                }

                int order = Compare(route.Ranks, _routes[greedy].Ranks);
                if (order < 0 || (order == 0 && ownMethod))
                {
                    greedy = i;
                }
            }
            else if (ownMethod)
            {
                if (exact == NoMatch || Compare(route.Ranks, _routes[exact].Ranks) < 0)
                {
                    exact = i;
                }
            }
            else if (any == NoMatch || Compare(route.Ranks, _routes[any].Ranks) < 0)
            {
                any = i;
            }
        }

        return exact != NoMatch ? exact
            : any != NoMatch ? any
            : greedy != NoMatch ? greedy
            : _defaultRoute;
    }

    // Whether the route's template accepts the path (ignoring the method).
    private static bool Matches(Entry route, ReadOnlySpan<char> path)
    {
        // pos is where the next segment starts; past the end (path.Length + 1) means there is no next segment.
        int pos = path.Length == 1 ? 2 : 1;
        for (int s = 0; s < route.Ranks.Length; s++)
        {
            if (route.Ranks[s] == GreedyRank)
            {
                return pos < path.Length;
            }

            if (pos > path.Length)
            {
                return false;
            }

            int length = path[pos..].IndexOf('/');
            int end = length < 0 ? path.Length : pos + length;
            var segment = path[pos..end];
            bool ok = route.Literals[s] is { } literal ? segment.SequenceEqual(literal) : !segment.IsEmpty;
            if (!ok)
            {
                return false;
            }

            pos = end + 1;
        }

        return pos == path.Length + 1;
    }

    // Left-to-right specificity: negative when a is more specific than b.
    private static int Compare(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] - b[i];
            }
        }

        return a.Length - b.Length;
    }

    private sealed record Entry(string Method, bool IsAny, bool IsDefault, bool IsGreedy, byte[] Ranks, string?[] Literals);
}
