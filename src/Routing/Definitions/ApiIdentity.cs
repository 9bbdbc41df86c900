namespace Routing.Definitions;

/// <summary>Who the API is, as the payload's <c>requestContext</c> reports it.</summary>
/// <param name="ApiId">The API id, e.g. <c>a1b2c3d4e5</c>.</param>
/// <param name="AccountId">The owning account id.</param>
/// <param name="DomainName">The host name clients use; its first label is the <c>domainPrefix</c>.</param>
public sealed record ApiIdentity(string ApiId, string AccountId, string DomainName)
{
    /// <summary>The first DNS label of <see cref="DomainName"/>.</summary>
    public string DomainPrefix => DomainName.Split('.', 2)[0];
}
