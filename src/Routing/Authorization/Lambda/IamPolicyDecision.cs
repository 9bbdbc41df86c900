namespace Routing.Authorization.Lambda;

/// <summary>What an IAM policy says about one ARN.</summary>
internal enum IamPolicyDecision
{
    /// <summary>No statement covers it: denied.</summary>
    ImplicitDeny,

    /// <summary>A <c>Deny</c> statement covers it: denied, whatever allows it.</summary>
    ExplicitDeny,

    /// <summary>An <c>Allow</c> statement covers it and no <c>Deny</c> does.</summary>
    Allow,
}
