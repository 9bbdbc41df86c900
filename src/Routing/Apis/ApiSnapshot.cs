using Routing.Deployments;
using Routing.Traffic;

namespace Routing.Apis;

/// <summary>What a request reads, once, at its start: the stage selector, every stage with its deployment, and each stage's throttles and access log.</summary>
internal sealed class ApiSnapshot
{
    public ApiSnapshot(IReadOnlyList<Stage> stages, StageTraffic[] traffic)
    {
        Stages = [.. stages];
        Traffic = traffic;
        Selector = new StageSelector(Stages.Select(static s => s.Name));
    }

    public Stage[] Stages { get; }

    /// <summary>The throttles and access logs of <see cref="Stages"/>, by the same index.</summary>
    public StageTraffic[] Traffic { get; }

    public StageSelector Selector { get; }
}
