using System.Text.Json.Nodes;
using Routing.Authorization.Lambda;

namespace Routing.Tests.Authorization.Lambda;

public sealed class IamPolicyTests
{
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/42";

    [Theory]
    [InlineData("*", true)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/42", true)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/pets/*", true)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets/4?", true)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets", false)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/get/pets/42", false)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/*", false)]
    public void Evaluate_ResourcePatterns_MatchAsIamWildcards(string resource, bool allowed)
    {
        var policy = Parse($$$"""{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"{{{resource}}}"}]}""");

        Assert.Equal(allowed ? IamPolicyDecision.Allow : IamPolicyDecision.ImplicitDeny, policy.Evaluate(Arn));
    }

    [Theory]
    [InlineData("execute-api:Invoke", true)]
    [InlineData("EXECUTE-API:invoke", true)]
    [InlineData("execute-api:*", true)]
    [InlineData("*", true)]
    [InlineData("execute-api:ManageConnections", false)]
    [InlineData("s3:*", false)]
    public void Evaluate_Actions_CompareCaseInsensitively(string action, bool allowed)
    {
        var policy = Parse($$$"""{"Statement":{"Effect":"Allow","Action":["{{{action}}}"],"Resource":["*"]}}""");

        Assert.Equal(allowed ? IamPolicyDecision.Allow : IamPolicyDecision.ImplicitDeny, policy.Evaluate(Arn));
    }

    [Fact]
    public void Evaluate_DenyAndAllow_DenyWins()
    {
        var policy = Parse("""
            {"Statement":[
              {"Effect":"Allow","Action":"*","Resource":"*"},
              {"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:*/prod/GET/pets/*"}
            ]}
            """);

        Assert.Equal(IamPolicyDecision.ExplicitDeny, policy.Evaluate(Arn));
        Assert.Equal(IamPolicyDecision.Allow, policy.Evaluate(Arn.Replace("/prod/", "/dev/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Evaluate_UnsupportedAllow_AllowsNothing()
    {
        var policy = Parse("""{"Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{}}}]}""");

        Assert.Equal(IamPolicyDecision.ImplicitDeny, policy.Evaluate(Arn));
    }

    [Theory]
    [InlineData("NotResource")]
    [InlineData("NotAction")]
    [InlineData("Condition")]
    public void Evaluate_UnsupportedDeny_DeniesEverything(string member)
    {
        // Dropping it would fail open: "Deny NotResource .../public/*" beside "Allow *" means "only public".
        var policy = Parse($$$"""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","{{{member}}}":{}}]}""");

        Assert.Equal(IamPolicyDecision.ExplicitDeny, policy.Evaluate(Arn));
    }

    [Fact]
    public void Evaluate_StarInTheClientsPath_StillMatchesTheDeny()
    {
        // The path is the client's: a literal '*' in it must not make a Deny's wildcard stop matching.
        var policy = Parse("""
            {"Statement":[
              {"Effect":"Allow","Action":"*","Resource":"*"},
              {"Effect":"Deny","Action":"*","Resource":"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/files/secret*"}
            ]}
            """);

        Assert.Equal(IamPolicyDecision.ExplicitDeny, policy.Evaluate("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/files/secret*.txt"));
        Assert.True(IamPolicy.Matches("a*", "a*b", StringComparison.Ordinal));
        Assert.True(IamPolicy.Matches("*x*", "a*x*b", StringComparison.Ordinal));
        Assert.False(IamPolicy.Matches("a?c", "a*bc", StringComparison.Ordinal));
    }

    [Fact]
    public void Matches_ManyStars_StaysLinear()
    {
        // A pattern built to make naive backtracking exponential.
        string pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "b";
        string text = new('a', 5000);

        Assert.False(IamPolicy.Matches(pattern, text, StringComparison.Ordinal));
    }

    private static IamPolicy Parse(string json)
    {
        Assert.True(IamPolicy.TryParse(JsonNode.Parse(json), out var policy, out string? error), error);
        return policy;
    }
}
