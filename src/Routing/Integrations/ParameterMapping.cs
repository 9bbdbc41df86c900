using Routing.Apis;

namespace Routing.Integrations;

/// <summary>API Gateway parameter mapping (<c>requestParameters</c>, <c>responseParameters</c>): validation and application.</summary>
internal static class ParameterMapping
{
    /// <summary>Checks an integration's mappings at deploy time.</summary>
    public static IEnumerable<ValidationError> Validate(string integrationId, IntegrationDefinition integration)
    {
        if (integration.RequestParameters.Count > 0 || integration.ResponseParameters.Count > 0)
        {
            yield return new ValidationError(
                $"integrations[{integrationId}].requestParameters",
                $"Integration '{integrationId}': parameter mapping is not supported yet; remove the mappings.");
        }
    }
}
