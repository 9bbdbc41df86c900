using System.Text;
using System.Text.Json;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.AspNetCore.Tests;

/// <summary>Answers with JSON describing everything it received.</summary>
internal sealed class EchoIntegration : IIntegration
{
    public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(cancellationToken);
        var echo = new Dictionary<string, object?>
        {
            ["method"] = request.Method,
            ["path"] = request.Path,
            ["encodedPath"] = request.EncodedPath,
            ["routingPath"] = request.RoutingPath,
            ["routeKey"] = request.RouteKey.Value,
            ["pathParameters"] = request.PathParameters,
            ["stage"] = request.Stage,
            ["stageVariables"] = request.StageVariables,
            ["rawQueryString"] = request.RawQueryString,
            ["headers"] = request.Headers.Select(h => new[] { h.Key, h.Value }).ToArray(),
            ["body"] = body,
            ["sourceIp"] = request.SourceIp,
            ["protocol"] = request.Protocol,
            ["scheme"] = request.Scheme,
            ["port"] = request.Port,
            ["requestId"] = request.RequestId,
        };
        return new GatewayResponse(200, [new("content-type", "application/json")], JsonSerializer.SerializeToUtf8Bytes(echo));
    }
}

/// <summary>What <see cref="EchoIntegration"/> reported.</summary>
internal sealed class Echo
{
    private readonly JsonElement _root;

    public Echo(string json)
    {
        using var document = JsonDocument.Parse(json);
        _root = document.RootElement.Clone();
    }

    public string this[string name] => _root.GetProperty(name).ValueKind == JsonValueKind.Number
        ? _root.GetProperty(name).GetRawText()
        : _root.GetProperty(name).GetString()!;

    public string Parameter(string name) => _root.GetProperty("pathParameters").GetProperty(name).GetString()!;

    public string StageVariable(string name) => _root.GetProperty("stageVariables").GetProperty(name).GetString()!;

    public IReadOnlyList<string> HeaderValues(string name) =>
        [.. _root.GetProperty("headers").EnumerateArray()
            .Where(h => string.Equals(h[0].GetString(), name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].GetString()!)];
}

/// <summary>Waits until cancelled, and records that it saw the cancellation.</summary>
internal sealed class BlockingIntegration : IIntegration
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return new GatewayResponse(200);
    }
}

/// <summary>Answers with a body the test writes piece by piece, and records when the response is disposed.</summary>
internal sealed class StreamingIntegration : IIntegration, IAsyncDisposable
{
    public System.IO.Pipelines.Pipe Pipe { get; } = new();

    public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new GatewayResponse(200, [new("content-type", "text/plain")], Pipe.Reader.AsStream(), this));

    public ValueTask DisposeAsync()
    {
        Disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Answers with a fixed list of header lines.</summary>
internal sealed class HeaderIntegration(params KeyValuePair<string, string>[] headers) : IIntegration
{
    public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new GatewayResponse(200, headers, "{}"u8.ToArray()));
}
