using System.Globalization;
using System.Text;
using Routing.Apis;
using Routing.Definitions;
using Routing.Deployments;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Tests.Deployments;

/// <summary>
/// The atomic-swap proof: requests dispatched while another thread keeps replacing a stage's deployment must each be
/// served entirely by one deployment. Generation <c>g</c> of the API has the route <c>GET /item/{p&lt;g&gt;}</c> (the
/// parameter NAME carries the generation) and an integration that knows it is generation <c>g</c>; a response whose
/// integration generation differs from the parameter name it received (or from its route key) mixed the route table of
/// one deployment with the integration of another.
/// </summary>
public sealed class AtomicSwapTests
{
    private const int ReaderThreads = 8;
    private const int RequestsPerThread = 16_000;
    private const int PrebuiltGenerations = 8;
    /// <summary>Fresh deployments stay within the history an API keeps, so every prebuilt one can still be rolled back to.</summary>
    private const int MaxFreshGenerations = HttpApi.MaxDeploymentHistory - PrebuiltGenerations - 2;
    private const int MaxSamples = 5;

    [Theory]
    [InlineData(StageSelector.DefaultStageName, true)]
    [InlineData("prod", false)]
    public void Dispatch_WhileDeploymentsSwap_EveryResponseComesFromOneDeployment(string stageName, bool autoDeploy)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var api = new HttpApi(new HttpApiDefinition());
        api.Update(d => Apply(d, 0));
        api.AddStage(new Stage { Name = stageName, AutoDeploy = autoDeploy, Deployment = api.Deploy("generation 0") });
        var prebuilt = new string[PrebuiltGenerations];
        prebuilt[0] = api.Stages[0].Deployment!.Id;
        for (int g = 1; g < PrebuiltGenerations; g++)
        {
            prebuilt[g] = DeployGeneration(api, stageName, autoDeploy, g);
        }

        var dispatcher = new HttpApiDispatcher(api);
        string prefix = autoDeploy ? "/item/" : $"/{stageName}/item/";
        string[] targets = [.. Enumerable.Range(0, 64).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];
        var results = new ReaderResult[ReaderThreads];
        using var start = new Barrier(ReaderThreads + 1);
        int readersLeft = ReaderThreads;
        long swaps = 0;
        int freshGenerations = 0;
        var readers = new Thread[ReaderThreads];
        for (int t = 0; t < ReaderThreads; t++)
        {
            int index = t;
            readers[t] = new Thread(() =>
            {
                start.SignalAndWait(cancellationToken);
                results[index] = Read(dispatcher, targets);
                Interlocked.Decrement(ref readersLeft);
            })
            { IsBackground = true, Name = $"atomic-swap reader {t}" };
            readers[t].Start();
        }

        // Act: swap as fast as possible while the readers run; mostly rollbacks among prebuilt deployments, and every
        // 16th swap a freshly compiled generation (up to a cap, so the deployment history stays small).
        start.SignalAndWait(cancellationToken);
        while (Volatile.Read(ref readersLeft) > 0)
        {
            if (swaps % 16 == 0 && freshGenerations < MaxFreshGenerations)
            {
                DeployGeneration(api, stageName, autoDeploy, PrebuiltGenerations + freshGenerations++);
            }
            else
            {
                api.Rollback(stageName, prebuilt[swaps % PrebuiltGenerations]);
            }

            swaps++;
        }

        foreach (var reader in readers)
        {
            reader.Join();
        }

        // Assert
        long requests = results.Sum(r => r.Requests);
        var mismatches = results.SelectMany(r => r.Samples).ToList();
        var generations = results.SelectMany(r => r.Generations).ToHashSet();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{requests} requests, {swaps} swaps ({freshGenerations} freshly compiled), {generations.Count} generations observed.");
        Assert.Equal((long)ReaderThreads * RequestsPerThread, requests);
        Assert.True(requests >= 100_000, $"Only {requests} requests were dispatched.");
        Assert.True(results.Sum(r => r.Mismatches) == 0, $"{results.Sum(r => r.Mismatches)} responses mixed two deployments, e.g.: {string.Join("; ", mismatches)}");
        Assert.True(swaps > 100, $"The deployment was swapped only {swaps} times while the requests ran.");
        Assert.True(generations.Count > 1, $"All {requests} requests saw one deployment; the swaps did not overlap the requests.");
    }

    /// <summary>Generation <paramref name="generation"/>: route <c>GET /item/{p&lt;g&gt;}</c> served by an integration of generation g.</summary>
    private static void Apply(HttpApiDefinition definition, int generation)
    {
        definition.Routes.Clear();
        definition.Routes.Add(new RouteDefinition { RouteKey = $"GET /item/{{p{generation}}}", IntegrationId = "item" });
        definition.Integrations["item"] = new IntegrationDefinition { Integration = new GenerationIntegration(generation) };
    }

    private static string DeployGeneration(HttpApi api, string stageName, bool autoDeploy, int generation)
    {
        if (autoDeploy)
        {
            api.Update(d => Apply(d, generation));
            return api.Stages[0].Deployment!.Id;
        }

        api.Update(d => Apply(d, generation));
        return api.Deploy($"generation {generation}", stageName).Id;
    }

    private static ReaderResult Read(HttpApiDispatcher dispatcher, string[] targets)
    {
        var result = new ReaderResult();
        for (int i = 0; i < RequestsPerThread; i++)
        {
            string target = targets[i % targets.Length];
            var pending = dispatcher.DispatchAsync(new GatewayRequest { Method = "GET", RawTarget = target });
            var response = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            result.Requests++;
            string body = response.GetBodyText();

            // body = "<generation>|<parameter name>|<parameter value>|<route key>"
            string[] parts = body.Split('|');
            int generation = -1;
            bool consistent = response.StatusCode == 200
                && parts.Length == 4
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out generation)
                && parts[1] == $"p{generation}"
                && parts[3] == $"GET /item/{{p{generation}}}"
                && target.EndsWith("/" + parts[2], StringComparison.Ordinal);
            if (consistent)
            {
                result.Generations.Add(generation);
            }
            else
            {
                result.Mismatches++;
                if (result.Samples.Count < MaxSamples)
                {
                    result.Samples.Add($"{target} -> {response.StatusCode} {body}");
                }
            }
        }

        return result;
    }

    private sealed class ReaderResult
    {
        public long Requests { get; set; }

        public long Mismatches { get; set; }

        public HashSet<int> Generations { get; } = [];

        public List<string> Samples { get; } = [];
    }

    /// <summary>Reports its own generation and the path parameter (name and value) and route key it was given.</summary>
    private sealed class GenerationIntegration(int generation) : IIntegration
    {
        private readonly string _generation = generation.ToString(CultureInfo.InvariantCulture);

        public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        {
            var parameter = request.PathParameters.Count == 1 ? request.PathParameters.First() : new KeyValuePair<string, string>("?", "?");
            string body = $"{_generation}|{parameter.Key}|{parameter.Value}|{request.RouteKey.Value}";
            return ValueTask.FromResult(new GatewayResponse(200, null, Encoding.UTF8.GetBytes(body)));
        }
    }
}
