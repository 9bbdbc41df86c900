using System.Text;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations;

/// <summary>An integration that answers every request with a fixed status, headers and body.</summary>
public sealed class MockIntegration : IIntegration
{
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly byte[] _body;

    /// <summary>Creates a mock answer.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="body">The body text (UTF-8).</param>
    /// <param name="headers">The headers; <c>content-type: application/json</c> when <see langword="null"/>.</param>
    public MockIntegration(int statusCode, string body = "", IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(body);
        StatusCode = statusCode;
        _body = Encoding.UTF8.GetBytes(body);
        _headers = headers is null ? [new("content-type", "application/json")] : [.. headers];
    }

    /// <inheritdoc />
    public IntegrationType IntegrationType => IntegrationType.Mock;

    /// <summary>The status code every response gets.</summary>
    public int StatusCode { get; }

    /// <inheritdoc />
    public ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
        => ValueTask.FromResult(new GatewayResponse(StatusCode, _headers, _body));
}
