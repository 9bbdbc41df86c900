using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Integrations;

namespace Routing.Tests.Apis;

public sealed class ApiQuotasTests
{
    private static HttpApiBuilder Builder(ApiQuotas? quotas = null)
        => new(new HttpApiOptions { Quotas = quotas ?? ApiQuotas.Aws });

    private static HttpApiBuilder WithRoutes(HttpApiBuilder builder, int count)
    {
        builder.AddIntegration("mock", new MockIntegration(200, "{}"));
        for (int i = 0; i < count; i++)
        {
            builder.AddRoute($"GET /r{i}", "mock");
        }

        return builder;
    }

    private static HttpApiBuilder WithIntegrations(HttpApiBuilder builder, int count)
    {
        for (int i = 0; i < count; i++)
        {
            builder.AddIntegration($"i{i}", new MockIntegration(200, "{}"));
        }

        return builder.AddRoute("GET /", "i0");
    }

    private static HttpApiBuilder WithAuthorizers(HttpApiBuilder builder, int count)
    {
        for (int i = 0; i < count; i++)
        {
            builder.AddJwtAuthorizer($"a{i}", new JwtAuthorizerDefinition { Issuer = "https://issuer.example", Audiences = ["api"] });
        }

        return WithRoutes(builder, 1);
    }

    private static HttpApiBuilder WithStages(HttpApiBuilder builder, int count)
    {
        for (int i = 0; i < count; i++)
        {
            builder.AddStage($"s{i}");
        }

        return WithRoutes(builder, 1);
    }

    private static HttpApiBuilder WithStageVariables(HttpApiBuilder builder, int count)
        => WithRoutes(builder, 1).AddStage("prod", stageVariables: Enumerable.Range(0, count).ToDictionary(static i => $"v{i}", static i => "x"));

    private static HttpApiBuilder WithScopes(HttpApiBuilder builder, int count)
        => builder
            .AddIntegration("mock", new MockIntegration(200, "{}"))
            .AddJwtAuthorizer("users", new JwtAuthorizerDefinition { Issuer = "https://issuer.example", Audiences = ["api"] })
            .AddRoute(new RouteDefinition
            {
                RouteKey = "GET /",
                IntegrationId = "mock",
                AuthorizationType = AuthorizationType.Jwt,
                AuthorizerId = "users",
                AuthorizationScopes = [.. Enumerable.Range(0, count).Select(static i => $"scope{i}")],
            });

    private static HttpApiBuilder WithAudiences(HttpApiBuilder builder, int count)
        => WithRoutes(builder, 1).AddJwtAuthorizer("users", new JwtAuthorizerDefinition
        {
            Issuer = "https://issuer.example",
            Audiences = [.. Enumerable.Range(0, count).Select(static i => $"aud{i}")],
        });

    public static TheoryData<string, int, string> Quotas => new()
    {
        { nameof(ApiQuotas.RoutesPerApi), 300, "The API has 301 routes" },
        { nameof(ApiQuotas.IntegrationsPerApi), 300, "The API has 301 integrations" },
        { nameof(ApiQuotas.AuthorizersPerApi), 10, "The API has 11 authorizers" },
        { nameof(ApiQuotas.StagesPerApi), 10, "The API has 11 stages" },
        { nameof(ApiQuotas.StageVariablesPerStage), 100, "Stage 'prod' has 101 variables" },
        { nameof(ApiQuotas.ScopesPerRoute), 10, "Route 'GET /' has 11 authorization scopes" },
        { nameof(ApiQuotas.AudiencesPerAuthorizer), 50, "JWT authorizer 'users' has 51 audiences" },
    };

    private static HttpApiBuilder Fill(string quota, HttpApiBuilder builder, int count) => quota switch
    {
        nameof(ApiQuotas.RoutesPerApi) => WithRoutes(builder, count),
        nameof(ApiQuotas.IntegrationsPerApi) => WithIntegrations(builder, count),
        nameof(ApiQuotas.AuthorizersPerApi) => WithAuthorizers(builder, count),
        nameof(ApiQuotas.StagesPerApi) => WithStages(builder, count),
        nameof(ApiQuotas.StageVariablesPerStage) => WithStageVariables(builder, count),
        nameof(ApiQuotas.ScopesPerRoute) => WithScopes(builder, count),
        nameof(ApiQuotas.AudiencesPerAuthorizer) => WithAudiences(builder, count),
        _ => throw new ArgumentOutOfRangeException(nameof(quota), quota, null),
    };

    private static ApiQuotas Raise(string quota, int value) => quota switch
    {
        nameof(ApiQuotas.RoutesPerApi) => ApiQuotas.Aws with { RoutesPerApi = value },
        nameof(ApiQuotas.IntegrationsPerApi) => ApiQuotas.Aws with { IntegrationsPerApi = value },
        nameof(ApiQuotas.AuthorizersPerApi) => ApiQuotas.Aws with { AuthorizersPerApi = value },
        nameof(ApiQuotas.StagesPerApi) => ApiQuotas.Aws with { StagesPerApi = value },
        nameof(ApiQuotas.StageVariablesPerStage) => ApiQuotas.Aws with { StageVariablesPerStage = value },
        nameof(ApiQuotas.ScopesPerRoute) => ApiQuotas.Aws with { ScopesPerRoute = value },
        nameof(ApiQuotas.AudiencesPerAuthorizer) => ApiQuotas.Aws with { AudiencesPerAuthorizer = value },
        _ => throw new ArgumentOutOfRangeException(nameof(quota), quota, null),
    };

    [Theory]
    [MemberData(nameof(Quotas))]
    public void Validate_AtAwsDefault_Passes(string quota, int awsDefault, string subject)
    {
        _ = subject;

        Assert.Empty(Fill(quota, Builder(), awsDefault).Validate());
    }

    [Theory]
    [MemberData(nameof(Quotas))]
    public void Validate_OneOverAwsDefault_RefusedNamingTheOption(string quota, int awsDefault, string subject)
    {
        var error = Assert.Single(Fill(quota, Builder(), awsDefault + 1).Validate());

        Assert.Equal(
            $"{subject}; at most {awsDefault} are allowed (API Gateway's quota; set Quotas.{quota} in HttpApiOptions, or HttpApiRoutingOptions in ASP.NET Core, to allow more).",
            error.Message);
    }

    [Theory]
    [MemberData(nameof(Quotas))]
    public void Validate_RaisedQuota_AcceptsMore(string quota, int awsDefault, string subject)
    {
        _ = subject;

        Assert.Empty(Fill(quota, Builder(Raise(quota, awsDefault + 5)), awsDefault + 5).Validate());
        Assert.Single(Fill(quota, Builder(Raise(quota, awsDefault + 5)), awsDefault + 6).Validate());
    }

    [Fact]
    public void AddStage_OnARunningApi_UsesItsQuota()
    {
        var api = WithRoutes(Builder(ApiQuotas.Aws with { StagesPerApi = 2 }), 1).AddStage("a").AddStage("b").Build();

        var error = Assert.Throws<ArgumentException>(() => api.AddStage(new Stage { Name = "c" }));

        Assert.Contains("Quotas.StagesPerApi", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Init_BelowOne_Throws(int value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ApiQuotas.Aws with { RoutesPerApi = value });

        Assert.Equal(nameof(ApiQuotas.RoutesPerApi), error.ParamName);
    }
}
