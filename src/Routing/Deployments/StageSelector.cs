using Routing.Http;


namespace Routing.Deployments;

/// <summary>
/// Picks the stage for a request path as API Gateway does: a named stage when the first path segment equals its
/// name (ordinal, case-sensitive), else the <c>$default</c> stage at the base path, else none (404).
/// </summary>
internal sealed class StageSelector
{
    /// <summary>The name of the stage served at the base path.</summary>
    public const string DefaultStageName = Stage.DefaultName;

    /// <summary>The longest stage name.</summary>
    public const int MaxStageNameLength = Stage.MaxNameLength;

    private readonly Dictionary<string, NamedStage>.AlternateLookup<ReadOnlySpan<char>> _named;
    private readonly int _defaultStage = -1;
    private readonly string[] _names;

    /// <summary>Creates a selector for the stages of one API.</summary>
    /// <param name="stageNames"><c>$default</c> and/or names of 1 to 128 letters, digits, <c>-</c> and <c>_</c>.</param>
    /// <exception cref="ArgumentException">A name is not valid, or appears twice.</exception>
    public StageSelector(IEnumerable<string> stageNames)
    {
        ArgumentNullException.ThrowIfNull(stageNames);
        _names = [.. stageNames];
        var named = new Dictionary<string, NamedStage>(StringComparer.Ordinal);
        for (int i = 0; i < _names.Length; i++)
        {
            string name = _names[i] ?? throw new ArgumentException("A stage name is null.", nameof(stageNames));
            if (!IsValidStageName(name))
            {
                throw new ArgumentException(
                    $"Stage name '{name}' is not valid: use '$default' or 1 to {MaxStageNameLength} letters, digits, '-' and '_'.",
                    nameof(stageNames));
            }

            bool duplicate = name == DefaultStageName ? _defaultStage >= 0 : !named.TryAdd(name, new NamedStage(name, i));
            if (duplicate)
            {
                throw new ArgumentException($"Stage name '{name}' appears twice; each stage needs its own name.", nameof(stageNames));
            }

            if (name == DefaultStageName)
            {
                _defaultStage = i;
            }
        }

        _named = named.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The stage names in the order given; <see cref="StageMatch.StageIndex"/> indexes this list.</summary>
    public IReadOnlyList<string> StageNames => _names;

    /// <summary>Whether requests that name no stage are served by <c>$default</c>.</summary>
    public bool HasDefaultStage => _defaultStage >= 0;

    /// <summary>Whether <paramref name="name"/> is a valid stage name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <returns><see langword="true"/> for <c>$default</c> and for 1 to 128 letters, digits, <c>-</c> and <c>_</c>.</returns>
    public static bool IsValidStageName(string? name)
    {
        if (name == DefaultStageName)
        {
            return true;
        }

        if (string.IsNullOrEmpty(name) || name.Length > MaxStageNameLength)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Selects the stage for a decoded, normalized request path.</summary>
    /// <param name="path">The path (starts with <c>/</c>), as <see cref="RequestTarget"/> produces it.</param>
    /// <param name="match">The stage and the routing path with the stage segment removed.</param>
    /// <returns><see langword="false"/> when no stage serves the path: API Gateway answers 404.</returns>
    public bool TrySelect(ReadOnlySpan<char> path, out StageMatch match)
    {
        if (!path.IsEmpty && path[0] == '/')
        {
            var rest = path[1..];
            int end = rest.IndexOf('/');
            var first = end < 0 ? rest : rest[..end];
            if (!first.IsEmpty && _named.TryGetValue(first, out var stage))
            {
                var routingPath = end < 0 || end == rest.Length - 1 ? "/" : rest[end..];
                match = new StageMatch(stage.Name, stage.Index, routingPath);
                return true;
            }

            if (_defaultStage >= 0)
            {
                match = new StageMatch(DefaultStageName, _defaultStage, path);
                return true;
            }
        }

        match = default;
        return false;
    }

    private sealed record NamedStage(string Name, int Index);
}
