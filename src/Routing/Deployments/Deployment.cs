using Routing.Definitions;
using Routing.Matching;
using Routing.Pipeline;


namespace Routing.Deployments;

/// <summary>
/// An immutable, validated snapshot of an API: the compiled route table and, for each route, the steps that serve it.
/// Stages point at deployments; a request uses one deployment from start to end.
/// </summary>
public sealed class Deployment
{
    internal Deployment(
        string id, string? description, DateTimeOffset createdDate, RouteTable routes, CompiledRoute[] compiledRoutes, GatewayStep? unmatched,
        HttpApiDefinition definition, IReadOnlyList<StageVariableUse>? stageVariableUses = null, IReadOnlyList<ValidationError>? warnings = null)
    {
        Warnings = warnings ?? [];
        _definition = definition;
        StageVariableUses = stageVariableUses ?? [];
        Id = id;
        Description = description;
        CreatedDate = createdDate;
        Routes = routes;
        CompiledRoutes = compiledRoutes;
        Unmatched = unmatched;
    }

    private readonly HttpApiDefinition _definition;

    /// <summary>The deployment id.</summary>
    public string Id { get; }

    /// <summary>The description given when deploying.</summary>
    public string? Description { get; }

    /// <summary>When the deployment was created (from the API's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset CreatedDate { get; }

    /// <summary>The compiled route table.</summary>
    public RouteTable Routes { get; }

    /// <summary>A copy of the definition this deployment was compiled from (what an export of a stage that serves it writes).</summary>
    /// <returns>The definition; changing it changes nothing here.</returns>
    public HttpApiDefinition GetDefinition() => _definition.Clone();

    /// <summary>What serves each route of <see cref="Routes"/>, by route index.</summary>
    internal CompiledRoute[] CompiledRoutes { get; }

    /// <summary>What may still answer a request that no route takes (a CORS preflight); <see langword="null"/> when nothing does.</summary>
    internal GatewayStep? Unmatched { get; }

    /// <summary>The stage variables the deployment's routes read by name, for the warnings of stages that lack one.</summary>
    internal IReadOnlyList<StageVariableUse> StageVariableUses { get; }

    /// <summary>What the deployment serves that cannot work as it stands (an AWS service action no function serves), whatever the stage.</summary>
    internal IReadOnlyList<ValidationError> Warnings { get; }

    /// <summary>What a stage that serves this deployment lacks: one warning per stage variable its routes read and it does not define.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The warnings; empty when the stage defines everything.</returns>
    internal IEnumerable<ValidationError> MissingStageVariables(Stage stage)
    {
        foreach (var use in StageVariableUses)
        {
            if (!stage.StageVariables.ContainsKey(use.Name))
            {
                yield return new ValidationError(
                    $"stages[{stage.Name}].stageVariables[{use.Name}]",
                    $"Stage '{stage.Name}' does not define the variable '{use.Name}', which integration '{use.IntegrationId}' reads in {use.Where}; on this stage it reads as empty text (500 where it names the host or the function) until the stage defines it.");
            }
        }
    }
}

/// <summary>A stage variable an integration of a deployment reads.</summary>
/// <param name="IntegrationId">The integration.</param>
/// <param name="Name">The variable.</param>
/// <param name="Where">Where the integration names it ("its URI '...'").</param>
internal readonly record struct StageVariableUse(string IntegrationId, string Name, string Where);
