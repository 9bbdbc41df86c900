using System.Text.Json.Nodes;
using Routing.Samples.Tests.Readme;

namespace Routing.LocalGateway.Tests;

/// <summary>The README's local gateway command, run as written from the repository root (on a free port), serves the real export it names.</summary>
/// <remarks>Alone: its <c>dotnet run</c> may build the tool that the other tests are starting.</remarks>
[Collection(nameof(ReadmeCommandTests))]
[CollectionDefinition(nameof(ReadmeCommandTests), DisableParallelization = true)]
public sealed class ReadmeCommandTests
{
    [Fact]
    public async Task ReadmeCommand_ServesTheRealExportItNames()
    {
        // Arrange: the block's first line is the command, its second the request.
        var ct = TestContext.Current.CancellationToken;
        string[] lines = [.. ReadmeFile.Marked("local-gateway").Text.Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0)];
        string[] command = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("dotnet", command[0]);
        var request = new Uri(lines[1].Split('\'')[1]);

        // Act
        await using var tool = LocalGatewayProcess.StartDotnet(ReadmeFile.RepositoryRoot, [.. command.Skip(1), "--port", "0"]);
        var url = await tool.WaitForListeningAsync(ct);
        using var client = new HttpClient { BaseAddress = url };
        using var response = await client.GetAsync(request.PathAndQuery, ct);
        var echoed = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;

        // Assert
        Assert.Equal(3000, request.Port);
        Assert.True(response.IsSuccessStatusCode, tool.Output);
        Assert.Equal("2.0", (string?)echoed["version"]);
        Assert.Equal("GET /hello", (string?)echoed["routeKey"]);
        Assert.Equal(request.Query.TrimStart('?'), (string?)echoed["rawQueryString"]);
        Assert.Contains(tool.Lines, static l => l.Contains("HelloWorldFunction -> echo", StringComparison.Ordinal));
    }
}
