namespace Routing.Authorization;

/// <summary>
/// Decides whether a request may reach its route's integration: the extension point for authorizers. Built in: JWT
/// authorizers and Lambda (<c>REQUEST</c>) authorizers; a host supplies one for <c>AWS_IAM</c> routes.
/// </summary>
/// <remarks>
/// An authorizer never throws for a client's input: missing or invalid credentials are
/// <see cref="AuthorizationResult.Unauthorized"/> (401), refused ones <see cref="AuthorizationResult.Forbidden"/> (403),
/// and a failure of the authorizer itself <see cref="AuthorizationResult.Failed"/> (500). An exception that escapes
/// anyway is treated as a failure.
/// </remarks>
public interface IAuthorizer
{
    /// <summary>Decides a request.</summary>
    /// <param name="request">The request, its route's scopes and its context.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The decision; when allowed, what the integration receives as <c>requestContext.authorizer</c>.</returns>
    ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken);
}
