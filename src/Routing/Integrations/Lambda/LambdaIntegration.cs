using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Integrations.Lambda;

/// <summary>
/// A Lambda proxy integration (<c>AWS_PROXY</c>) served in process: each request becomes the payload 2.0 (or 1.0)
/// event API Gateway would send, the function's output becomes the response exactly as API Gateway maps it, so a
/// function written for AWS Lambda runs unchanged.
/// </summary>
/// <remarks>
/// <para>Two handler shapes. Raw: the event's UTF-8 JSON in a stream, the function's output in a stream, as a
/// <c>Stream</c>-based Lambda handler. Typed: an event type and a response type with source-generated JSON
/// metadata (<see cref="Create{TRequest, TResponse}(Func{TRequest, CancellationToken, ValueTask{TResponse}}, JsonTypeInfo{TRequest}, JsonTypeInfo{TResponse}, PayloadFormatVersion)"/>); <see cref="PayloadV2Request"/> and
/// <see cref="PayloadV2Response"/> with <see cref="PayloadJsonContext"/> are provided for format 2.0. Plain classes
/// without generated metadata go through the overload that takes <see cref="JsonSerializerOptions"/> (reflection).</para>
/// <para>Errors are API Gateway's: a handler that throws gives the client 500 <c>{"message":"Internal Server
/// Error"}</c> (the dispatcher answers it), as does an output the gateway cannot use. When the integration timeout
/// passes, the client gets 503 <c>{"message":"Service Unavailable"}</c> at once even if the handler ignores its
/// cancellation token; the handler then runs on, unobserved, as a Lambda function would.</para>
/// </remarks>
/// <example>
/// <code>
/// var api = HttpApi.QuickCreate(LambdaIntegration.Create(static (request, _) =>
///     ValueTask.FromResult(new PayloadV2Response { StatusCode = 200, Body = "Hello " + request.RawPath })));
/// </code>
/// </example>
public sealed class LambdaIntegration : IIntegration
{
    /// <summary>The JSON-shaped function; <see langword="null"/> for <see cref="_objectHandler"/>.</summary>
    private readonly LambdaFunction? _function;

    /// <summary>A <see cref="PayloadV2Request"/> handler, served without JSON; <see langword="null"/> for <see cref="_function"/>.</summary>
    private readonly Func<PayloadV2Request, CancellationToken, ValueTask<PayloadV2Response>>? _objectHandler;

    /// <summary>Creates an integration over a raw handler: event JSON in, function output out.</summary>
    /// <param name="handler">
    /// The function. It gets a read-only stream over the event's UTF-8 JSON and returns a stream whose remaining
    /// bytes are its output (disposed once read); a <see langword="null"/> stream is an empty output.
    /// </param>
    /// <param name="payloadFormatVersion">The event format.</param>
    public LambdaIntegration(Func<Stream, CancellationToken, ValueTask<Stream>> handler, PayloadFormatVersion payloadFormatVersion = PayloadFormatVersion.V2)
        : this(LambdaFunction.FromStream(handler), payloadFormatVersion)
    {
    }

    /// <summary>Creates an integration over a function.</summary>
    /// <param name="function">The function.</param>
    /// <param name="payloadFormatVersion">The event format.</param>
    public LambdaIntegration(LambdaFunction function, PayloadFormatVersion payloadFormatVersion = PayloadFormatVersion.V2)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (payloadFormatVersion is not (PayloadFormatVersion.V1 or PayloadFormatVersion.V2))
        {
            throw new ArgumentOutOfRangeException(nameof(payloadFormatVersion), payloadFormatVersion, "Use PayloadFormatVersion.V1 or PayloadFormatVersion.V2.");
        }

        _function = function;
        PayloadFormatVersion = payloadFormatVersion;
    }

    private LambdaIntegration(Func<PayloadV2Request, CancellationToken, ValueTask<PayloadV2Response>> objectHandler)
    {
        _objectHandler = objectHandler;
        PayloadFormatVersion = PayloadFormatVersion.V2;
    }

    /// <summary>The event format the function receives.</summary>
    public PayloadFormatVersion PayloadFormatVersion { get; }

    /// <summary>Creates an integration over a typed handler: the event is deserialized, the result serialized.</summary>
    /// <typeparam name="TRequest">The event type (e.g. <see cref="PayloadV2Request"/> or a type of your own).</typeparam>
    /// <typeparam name="TResponse">
    /// The result type: a structured response (an object with <c>statusCode</c>), or any value for the 2.0 inferred
    /// response (a <see cref="string"/> becomes the body as is).
    /// </typeparam>
    /// <param name="handler">The function.</param>
    /// <param name="requestTypeInfo">Source-generated JSON metadata of <typeparamref name="TRequest"/>.</param>
    /// <param name="responseTypeInfo">Source-generated JSON metadata of <typeparamref name="TResponse"/>.</param>
    /// <param name="payloadFormatVersion">The event format.</param>
    /// <returns>The integration.</returns>
    public static LambdaIntegration Create<TRequest, TResponse>(
        Func<TRequest, CancellationToken, ValueTask<TResponse>> handler,
        JsonTypeInfo<TRequest> requestTypeInfo,
        JsonTypeInfo<TResponse> responseTypeInfo,
        PayloadFormatVersion payloadFormatVersion = PayloadFormatVersion.V2)
        => new(LambdaFunction.Create(handler, requestTypeInfo, responseTypeInfo), payloadFormatVersion);

    /// <summary>
    /// Creates an integration over a typed handler whose types are serialized by reflection with the given options,
    /// for plain classes without source-generated metadata. Not safe for trimming or native AOT: use the overload that
    /// takes <see cref="JsonTypeInfo{T}"/> there.
    /// </summary>
    /// <typeparam name="TRequest">The event type (e.g. <see cref="PayloadV2Request"/> or a type of your own).</typeparam>
    /// <typeparam name="TResponse">The result type, as for the source-generated overload.</typeparam>
    /// <param name="handler">The function.</param>
    /// <param name="options">The serializer options (for example <see cref="JsonSerializerOptions.Web"/> for camelCase
    /// names read case-insensitively); they become read-only.</param>
    /// <param name="payloadFormatVersion">The event format.</param>
    /// <returns>The integration.</returns>
    [RequiresUnreferencedCode(LambdaFunction.ReflectionSerialization)]
    [RequiresDynamicCode(LambdaFunction.ReflectionSerialization)]
    public static LambdaIntegration Create<TRequest, TResponse>(
        Func<TRequest, CancellationToken, ValueTask<TResponse>> handler,
        JsonSerializerOptions options,
        PayloadFormatVersion payloadFormatVersion = PayloadFormatVersion.V2)
        => new(LambdaFunction.Create(handler, options), payloadFormatVersion);

    /// <summary>Creates a payload format 2.0 integration over a handler of <see cref="PayloadV2Request"/> and <see cref="PayloadV2Response"/>.</summary>
    /// <remarks>
    /// The handler gets the same <see cref="PayloadV2Request"/> and its result is mapped to the same response as with
    /// <see cref="Create{TRequest, TResponse}(Func{TRequest, CancellationToken, ValueTask{TResponse}}, JsonTypeInfo{TRequest}, JsonTypeInfo{TResponse}, PayloadFormatVersion)"/> and <see cref="PayloadJsonContext"/>, but without the JSON in
    /// between: the event object is built from the request and the response object read directly.
    /// </remarks>
    /// <param name="handler">The function.</param>
    /// <returns>The integration.</returns>
    public static LambdaIntegration Create(Func<PayloadV2Request, CancellationToken, ValueTask<PayloadV2Response>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new LambdaIntegration(handler);
    }

    /// <inheritdoc />
    public async ValueTask<GatewayResponse> InvokeAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_objectHandler is null)
        {
            return await InvokeAsync(_function!, PayloadFormatVersion, request, cancellationToken).ConfigureAwait(false);
        }

        var body = await LambdaFunction.ReadAllAsync(request.Body, cancellationToken).ConfigureAwait(false);
        var input = PayloadV2RequestFactory.Create(request, body);
        var running = _objectHandler(input, cancellationToken);
        var response = running.IsCompletedSuccessfully
            ? running.Result
            : await LambdaFunction.WaitAsync(running.AsTask(), cancellationToken).ConfigureAwait(false);
        return LambdaResponseMapper.MapV2(response, IsHead(request));
    }

    /// <summary>Serves a request with a function: the event of the format in, the mapped output out.</summary>
    /// <param name="function">The function.</param>
    /// <param name="payloadFormatVersion">The event format.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">The integration timeout and the client's abort.</param>
    /// <returns>The response.</returns>
    internal static async ValueTask<GatewayResponse> InvokeAsync(
        LambdaFunction function, PayloadFormatVersion payloadFormatVersion, IntegrationRequest request, CancellationToken cancellationToken)
    {
        var body = await LambdaFunction.ReadAllAsync(request.Body, cancellationToken).ConfigureAwait(false);
        var payload = payloadFormatVersion == PayloadFormatVersion.V1
            ? PayloadV1EventWriter.Write(request, body)
            : PayloadV2EventWriter.Write(request, body);
        var output = await function.InvokeAsync(payload, cancellationToken).ConfigureAwait(false);
        return LambdaResponseMapper.Map(output, payloadFormatVersion, IsHead(request));
    }

    private static bool IsHead(IntegrationRequest request) => string.Equals(request.Method, "HEAD", StringComparison.Ordinal);
}
