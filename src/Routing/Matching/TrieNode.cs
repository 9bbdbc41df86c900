using Routing.Routes;

namespace Routing.Matching;

/// <summary>
/// One immutable node of the compiled route trie: the routes that end here (by method slot), the greedy routes
/// whose <c>{name+}</c> starts here (by method slot), and the children for the next segment.
/// </summary>
internal sealed class TrieNode(int[]? terminal, int[]? greedy, SegmentMap<TrieNode> literals, TrieNode? parameter)
{
    public const int None = -1;

    /// <summary>Route index per method slot for routes whose path ends at this node, or <see langword="null"/>.</summary>
    public int[]? Terminal { get; } = terminal;

    /// <summary>Route index per method slot for greedy routes whose variable begins after this node.</summary>
    public int[]? Greedy { get; } = greedy;

    public SegmentMap<TrieNode> Literals { get; } = literals;

    public TrieNode? Parameter { get; } = parameter;

    /// <summary>The route for <paramref name="methodSlot"/>, else the <c>ANY</c> route, else <see cref="None"/>.</summary>
    public static int Select(int[]? byMethod, int methodSlot)
    {
        if (byMethod is null)
        {
            return None;
        }

        if (methodSlot < HttpMethods.AnySlot && byMethod[methodSlot] != None)
        {
            return byMethod[methodSlot];
        }

        return byMethod[HttpMethods.AnySlot];
    }
}
