using Routing.Apis;
using Routing.Definitions;

namespace Routing.Tests.Apis;

/// <summary>Validation as a deployment does it, for tests that check one definition.</summary>
internal static class TestValidation
{
    /// <summary>Every problem of a definition, checked with default options (or the ones given).</summary>
    public static IReadOnlyList<ValidationError> Validate(this HttpApiDefinition definition, HttpApiOptions? options = null)
        => DeploymentCompiler.Validate(definition, options ?? new HttpApiOptions());

    /// <summary>The problems of a route on its own.</summary>
    public static IReadOnlyList<ValidationError> Validate(this RouteDefinition route)
    {
        var errors = new List<ValidationError>();
        DefinitionRules.ValidateRouteAlone(route, ApiQuotas.Aws, errors);
        return errors;
    }
}
