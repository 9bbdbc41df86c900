namespace Routing.Pipeline;

/// <summary>
/// What an integration reads from its route and its stage by name, so that a deployment can check them before a
/// request does: a path parameter the route lacks is refused at deploy time, a stage variable a stage lacks is a
/// warning for that stage (stage variables differ per stage and may be added later).
/// </summary>
internal interface IIntegrationRequirements
{
    /// <summary>The path parameters the integration reads (<c>{name}</c> in an HTTP proxy URI).</summary>
    IReadOnlyList<string> PathParameters { get; }

    /// <summary>The stage variables the integration reads (<c>${stageVariables.name}</c>).</summary>
    IReadOnlyList<string> StageVariables { get; }

    /// <summary>Where the integration names them, for messages (e.g. "its URI 'http://...'").</summary>
    string Where { get; }
}
