namespace Routing.Deployments;

/// <summary>What a request reads, once, at its start: the stage selector and every stage with its deployment.</summary>
internal sealed class ApiSnapshot
{
    public ApiSnapshot(IReadOnlyList<Stage> stages)
    {
        Stages = [.. stages];
        Selector = new StageSelector(Stages.Select(static s => s.Name));
    }

    public Stage[] Stages { get; }

    public StageSelector Selector { get; }
}
