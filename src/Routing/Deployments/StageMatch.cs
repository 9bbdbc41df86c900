namespace Routing.Deployments;

/// <summary>The stage a request selected and the routing path that route selection runs on.</summary>
internal readonly ref struct StageMatch
{
    internal StageMatch(string stageName, int stageIndex, ReadOnlySpan<char> routingPath)
    {
        StageName = stageName;
        StageIndex = stageIndex;
        RoutingPath = routingPath;
    }

    /// <summary>The stage name, <c>$default</c> or a named stage.</summary>
    public string StageName { get; }

    /// <summary>The index of the stage in <see cref="StageSelector.StageNames"/>.</summary>
    public int StageIndex { get; }

    /// <summary>Whether this is the <c>$default</c> stage.</summary>
    public bool IsDefaultStage => StageName == StageSelector.DefaultStageName;

    /// <summary>The request path without the stage segment; <c>/</c> when nothing is left.</summary>
    public ReadOnlySpan<char> RoutingPath { get; }
}
