using Routing.Deployments;
using Routing.Traffic;

namespace Routing.Apis;

/// <summary>What a request reads, once, at its start: the stage selector, every stage with its deployment, and each stage's throttles.</summary>
internal sealed class ApiSnapshot
{
    public ApiSnapshot(IReadOnlyList<Stage> stages, StageThrottle[] throttles)
    {
        Stages = [.. stages];
        Throttles = throttles;
        Selector = new StageSelector(Stages.Select(static s => s.Name));
    }

    public Stage[] Stages { get; }

    /// <summary>The throttles of <see cref="Stages"/>, by the same index.</summary>
    public StageThrottle[] Throttles { get; }

    public StageSelector Selector { get; }
}
