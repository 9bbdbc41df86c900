using System.Globalization;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Transforms;

/// <summary>
/// The compiled response mappings for one integration status code (<c>responseParameters["404"]</c>). Values are
/// evaluated against the integration's response as it came; then removals, overwrites and appends are applied, and
/// <c>overwrite:statuscode</c> last. A status code value that is not an integer from 100 to 599 leaves the status as it was.
/// </summary>
internal sealed class MappingResponseSet
{
    private readonly MappingOperation[] _headers;
    private readonly MappingExpression? _statusCode;

    /// <summary>Creates the set.</summary>
    /// <param name="operations">The compiled mappings of one status code.</param>
    public MappingResponseSet(IEnumerable<MappingOperation> operations)
    {
        var all = operations.ToList();
        all.Sort(MappingOperation.CompareForApply);
        _headers = [.. all.Where(static o => o.Target == MappingTarget.Header)];
        _statusCode = all.FirstOrDefault(static o => o.Target == MappingTarget.StatusCode)?.Value;
        UsesResponseBody = all.Any(static o => o.Value?.UsesResponseBody == true);
    }

    /// <summary>Whether a value reads the response body.</summary>
    public bool UsesResponseBody { get; }

    /// <summary>Applies the mappings.</summary>
    /// <param name="response">The integration's response.</param>
    /// <param name="context">The request's mapping context; its response is set here.</param>
    /// <param name="gatewayContext">The request, which records a failure to read the body.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The response to send: the same one, changed, or a new one that still streams the same body.</returns>
    public async ValueTask<GatewayResponse> ApplyAsync(GatewayResponse response, MappingContext context, GatewayContext gatewayContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(context);
        if (UsesResponseBody)
        {
            if (response.BodyStream is { } stream)
            {
                byte[] prefix;
                try
                {
                    prefix = await MappingContext.ReadPrefixAsync(stream, ParameterMapping.BodyLimit, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // The backend failed while its body was read here, before anything reached the client.
                    await response.DisposeAsync().ConfigureAwait(false);
                    return GatewayErrors.Answer(gatewayContext, GatewayErrorKind.BadGateway, "The backend failed while its body was read for a response mapping.", e);
                }

                var next = prefix.Length < ParameterMapping.BodyLimit
                    ? new GatewayResponse(response.StatusCode, response.Headers, prefix)
                    : new GatewayResponse(response.StatusCode, response.Headers, new MappingReplayStream(prefix, stream), response);
                if (prefix.Length < ParameterMapping.BodyLimit)
                {
                    await response.DisposeAsync().ConfigureAwait(false);
                }

                response = next;
                context.ResponseBody = prefix;
            }
            else
            {
                context.ResponseBody = response.Body[..Math.Min(response.Body.Length, ParameterMapping.BodyLimit)];
            }
        }

        context.Response = response;
        var values = new string?[_headers.Length];
        for (int i = 0; i < _headers.Length; i++)
        {
            values[i] = _headers[i].Value?.Evaluate(context);
        }

        string? status = _statusCode?.Evaluate(context);
        for (int i = 0; i < _headers.Length; i++)
        {
            var operation = _headers[i];
            if (operation.Action != MappingAction.Append)
            {
                response.RemoveHeader(operation.Name);
            }

            if (values[i] is { Length: > 0 } value && HttpSyntax.IsFieldValue(value))
            {
                response.AddHeader(operation.Name, value);
            }
        }

        if (status is not null && TryParseStatus(status, out int code))
        {
            response.StatusCode = code;
        }

        return response;
    }

    /// <summary>Reads a status code from 100 to 599.</summary>
    /// <param name="text">The text.</param>
    /// <param name="code">The status code.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryParseStatus(string text, out int code) =>
        int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= 100 and <= 599;
}
