using Routing.Apis;
using Routing.Integrations;

namespace Routing.Authorization;

/// <summary>The compiled JWT authorizer of a deployment. (Being implemented: refuses every request for now.)</summary>
internal sealed class JwtAuthorizer : IRouteAuthorizer
{
    public JwtAuthorizer(string id, JwtAuthorizerDefinition definition, HttpApiOptions options)
    {
        Id = id;
        Definition = definition;
        Options = options;
    }

    public string Id { get; }

    public JwtAuthorizerDefinition Definition { get; }

    public HttpApiOptions Options { get; }

    /// <summary>Checks an authorizer definition at deploy time.</summary>
    public static IReadOnlyList<ValidationError> Validate(string id, JwtAuthorizerDefinition definition) => [];

    public ValueTask<AuthorizationResult> AuthorizeAsync(IntegrationRequest request, IReadOnlyList<string> routeScopes, CancellationToken cancellationToken)
        => ValueTask.FromResult(AuthorizationResult.Unauthorized("Bearer"));
}
