using Microsoft.Extensions.Logging;
using Routing.Apis;
using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;
using Routing.Integrations.HttpProxy;
using Routing.Integrations.Lambda;
using Routing.Tests.Diagnostics;

namespace Routing.Tests.Apis;

/// <summary>What integrations read by name from their route and stage, checked before a request does.</summary>
public sealed class IntegrationRequirementsTests
{
    private static HttpApiBuilder Proxy(string uri, params string[] routeKeys)
    {
        var builder = new HttpApiBuilder().AddIntegration("backend", new HttpProxyIntegration(uri));
        foreach (string key in routeKeys)
        {
            builder.AddRoute(key, "backend");
        }

        return builder;
    }

    [Fact]
    public void Validate_UriReadsAParameterTheRouteLacks_IsRefusedNamingBoth()
    {
        var error = Assert.Single(Proxy("http://backend.example/pets/{id}", "GET /pets").Validate());

        Assert.Equal("routes[GET /pets].integrationId", error.Path);
        Assert.Equal(
            "Route 'GET /pets' uses integration 'backend', which reads the path parameter '{id}' in its URI 'http://backend.example/pets/{id}', but the route has no path parameters; add {id} to the route key or remove it from the integration.",
            error.Message);
    }

    [Fact]
    public void Validate_QueryPlaceholder_IsCheckedToo()
    {
        var error = Assert.Single(Proxy("http://backend.example/pets?id={id}", "GET /pets/{petId}").Validate());

        Assert.Contains("reads the path parameter '{id}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("but the route has {petId};", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SharedIntegration_EachRouteIsChecked()
    {
        var errors = Proxy("http://backend.example/{id}", "GET /a/{id}", "GET /b", "$default").Validate();

        Assert.Equal(["routes[GET /b].integrationId", "routes[$default].integrationId"], errors.Select(static e => e.Path));
    }

    [Theory]
    [InlineData("http://backend.example/{proxy}", "ANY /{proxy+}")]
    [InlineData("http://backend.example/pets/{id}?owner={owner}", "GET /owners/{owner}/pets/{id}")]
    [InlineData("http://backend.example/static", "$default")]
    public void Validate_EveryParameterOnTheRoute_Passes(string uri, string routeKey)
    {
        Assert.Empty(Proxy(uri, routeKey).Validate());
    }

    [Fact]
    public async Task Build_StageWithoutAVariable_BuildsWarnsAndLogsForThatStageOnly()
    {
        using var log = new LogRecorder();
        var api = new HttpApiBuilder(new HttpApiOptions { LoggerFactory = log })
            .AddIntegration("legacy", new HttpProxyIntegration("http://${stageVariables.legacyHost}/x"))
            .AddRoute("GET /legacy", "legacy")
            .AddStage("$default", autoDeploy: true, new Dictionary<string, string> { ["legacyHost"] = "127.0.0.1:1" })
            .AddStage("prod")
            .Build();

        var warning = Assert.Single(api.GetWarnings());
        Assert.Equal("stages[prod].stageVariables[legacyHost]", warning.Path);
        Assert.Equal(
            "Stage 'prod' does not define the variable 'legacyHost', which integration 'legacy' reads in its URI 'http://${stageVariables.legacyHost}/x'; on this stage it reads as empty text (500 where it names the host or the function) until the stage defines it.",
            warning.Message);
        var logged = Assert.Single(log.Entries, static e => e.EventId.Id == 103);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains(warning.Message, logged.Message, StringComparison.Ordinal);

        // The warning says what a request gets.
        await using var response = await new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = "/prod/legacy" }, TestContext.Current.CancellationToken);
        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public void UpdateStage_DefiningTheVariable_ClearsTheWarning()
    {
        var api = new HttpApiBuilder()
            .AddIntegration("legacy", new HttpProxyIntegration("http://${stageVariables.legacyHost}/x"))
            .AddRoute("GET /legacy", "legacy")
            .AddStage("prod")
            .Build();
        Assert.Single(api.GetWarnings());

        api.UpdateStage("prod", static s => s with { StageVariables = new Dictionary<string, string> { ["legacyHost"] = "127.0.0.1:1" } });

        Assert.Empty(api.GetWarnings());
    }

    [Fact]
    public void Build_FunctionNamedByAStageVariable_WarnsForAStageWithoutIt()
    {
        var api = new HttpApiBuilder()
            .AddFunction("pets-v1", LambdaFunction.FromStream(static (_, _) => ValueTask.FromResult<Stream>(new MemoryStream("{}"u8.ToArray()))))
            .AddIntegration("pets", new IntegrationDefinition
            {
                IntegrationType = IntegrationType.AwsProxy,
                IntegrationUri = "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}",
                PayloadFormatVersion = PayloadFormatVersion.V2,
            })
            .AddRoute("GET /pets", "pets")
            .AddStage("$default", autoDeploy: true, new Dictionary<string, string> { ["fn"] = "pets-v1" })
            .AddStage("beta")
            .Build();

        var warning = Assert.Single(api.GetWarnings());
        Assert.Equal("stages[beta].stageVariables[fn]", warning.Path);
        Assert.Contains("integration 'pets' reads in its function ARN", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetWarnings_IntegrationNoRouteUses_IsNotReported()
    {
        var api = new HttpApiBuilder()
            .AddIntegration("unused", new HttpProxyIntegration("http://${stageVariables.host}/x"))
            .AddIntegration("mock", new Routing.Integrations.MockIntegration(200, "{}"))
            .AddRoute("GET /", "mock")
            .AddStage("$default", autoDeploy: true)
            .Build();

        Assert.Empty(api.GetWarnings());
    }

    private static IntegrationDefinition SendMessage => new()
    {
        IntegrationType = IntegrationType.AwsProxy,
        IntegrationSubtype = "SQS-SendMessage",
        PayloadFormatVersion = PayloadFormatVersion.V1,
        RequestParameters = new Dictionary<string, string> { ["QueueUrl"] = "https://sqs.example/q", ["MessageBody"] = "$request.body" },
    };

    [Fact]
    public async Task Build_ServiceIntegrationNoFunctionServes_DeploysWarnsAndAnswersAws500()
    {
        using var log = new LogRecorder();
        var api = new HttpApiBuilder(new HttpApiOptions { LoggerFactory = log })
            .AddIntegration("queue", SendMessage)
            .AddRoute("POST /orders", "queue")
            .AddStage("$default", autoDeploy: true)
            .Build();

        var warning = Assert.Single(api.GetWarnings());
        Assert.Equal("integrations[queue].integrationSubtype", warning.Path);
        Assert.Equal(
            "Integration 'queue' calls the AWS service action SQS-SendMessage, which no registered function serves; its routes answer 500 Internal Server Error until one is registered under the name 'SQS-SendMessage'.",
            warning.Message);
        Assert.Contains(log.Entries, e => e.EventId.Id == 103 && e.Message.Contains(warning.Message, StringComparison.Ordinal));
        await using var response = await new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = "POST", RawTarget = "/orders" }, TestContext.Current.CancellationToken);
        Assert.Equal(500, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", response.GetBodyText());
    }

    [Fact]
    public async Task Build_ServiceIntegrationWithAFunctionUnderItsSubtype_CallsItWithoutWarning()
    {
        var api = new HttpApiBuilder()
            .AddFunction("SQS-SendMessage", LambdaFunction.FromStream(static (_, _) => ValueTask.FromResult<Stream>(new MemoryStream("""{"statusCode":202}"""u8.ToArray()))))
            .AddIntegration("queue", SendMessage)
            .AddRoute("POST /orders", "queue")
            .AddStage("$default", autoDeploy: true)
            .Build();

        await using var response = await new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = "POST", RawTarget = "/orders" }, TestContext.Current.CancellationToken);

        Assert.Empty(api.GetWarnings());
        Assert.Equal(202, response.StatusCode);
    }

    [Fact]
    public async Task Build_RouteWithoutIntegration_DeploysWarnsTakesItsRequestsAndAnswers500()
    {
        var api = new HttpApiBuilder()
            .AddIntegration("backend", new HttpProxyIntegration("http://127.0.0.1:1/"))
            .AddRoute(new RouteDefinition { RouteKey = "GET /pets/{id}" })
            .AddRoute("ANY /{proxy+}", "backend")
            .AddStage("$default", autoDeploy: true)
            .Build();

        await using var response = await new HttpApiDispatcher(api).DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = "/pets/1" }, TestContext.Current.CancellationToken);

        var warning = Assert.Single(api.GetWarnings());
        Assert.Equal("routes[GET /pets/{id}].integrationId", warning.Path);
        Assert.Equal("Route 'GET /pets/{id}' has no integration; it answers 500 Internal Server Error until it names one.", warning.Message);
        Assert.Equal(500, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", response.GetBodyText());
    }
}
