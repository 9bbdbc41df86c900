namespace Routing.Pipeline;

/// <summary>Who the API is, as payload events, authorizer ARNs and <c>$context</c> variables report it.</summary>
/// <param name="ApiId">The API id, e.g. <c>a1b2c3d4e5</c>.</param>
/// <param name="AccountId">The owning account id.</param>
/// <param name="DomainName">The host name clients use; its first label is the <c>domainPrefix</c>.</param>
public sealed record ApiIdentity(string ApiId, string AccountId, string DomainName)
{
    /// <summary>The region named in ARNs (<c>routeArn</c>, <c>methodArn</c>).</summary>
    /// <value>The default value is <c>us-east-1</c>.</value>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The first DNS label of <see cref="DomainName"/>.</summary>
    public string DomainPrefix => DomainName.Split('.', 2)[0];
}
