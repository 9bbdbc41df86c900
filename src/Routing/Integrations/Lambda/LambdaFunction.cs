using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Routing.Integrations.Lambda;

/// <summary>
/// A function served in process as AWS Lambda would run it: an event as UTF-8 JSON in, an output as UTF-8 JSON out.
/// Integrations (<see cref="LambdaIntegration"/>) and Lambda authorizers call functions; a function registered under
/// a name (<see cref="LambdaFunctionRegistry"/>) is what a function ARN in a definition resolves to.
/// </summary>
/// <remarks>
/// Two handler shapes, as .NET Lambda functions have: raw (<see cref="FromStream"/>: a stream over the event, a stream
/// of the output) and typed (<see cref="Create{TRequest, TResponse}(Func{TRequest, CancellationToken, ValueTask{TResponse}}, JsonTypeInfo{TRequest}, JsonTypeInfo{TResponse})"/>: the event deserialized, the result serialized
/// with source-generated metadata). An exception thrown by the handler is a function error.
/// </remarks>
public sealed class LambdaFunction
{
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> _invoke;

    private LambdaFunction(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask<ReadOnlyMemory<byte>>> invoke) => _invoke = invoke;

    /// <summary>A function over a raw handler: it reads the event's UTF-8 JSON from a stream and returns a stream of its output.</summary>
    /// <param name="handler">
    /// The handler. It gets a read-only stream over the event and returns a stream whose remaining bytes are its output
    /// (disposed once read); a <see langword="null"/> stream is an empty output.
    /// </param>
    /// <returns>The function.</returns>
    public static LambdaFunction FromStream(Func<Stream, CancellationToken, ValueTask<Stream>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new LambdaFunction(async (input, cancellationToken) =>
        {
            // PERF: the event is exposed without a copy (the writers return array-backed memory).
            var inputStream = MemoryMarshal.TryGetArray(input, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(input.ToArray(), writable: false);
            await using (inputStream.ConfigureAwait(false))
            {
                // The input stays open until the output is read: a handler may hand back the stream it was given.
                var output = await handler(inputStream, cancellationToken).ConfigureAwait(false);
                if (output is null)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                await using (output.ConfigureAwait(false))
                {
                    return await ReadAllAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }
        });
    }

    /// <summary>A function over a typed handler: the event is deserialized, the result serialized.</summary>
    /// <typeparam name="TRequest">The event type.</typeparam>
    /// <typeparam name="TResponse">The result type.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <param name="requestTypeInfo">Source-generated JSON metadata of <typeparamref name="TRequest"/>.</param>
    /// <param name="responseTypeInfo">Source-generated JSON metadata of <typeparamref name="TResponse"/>.</param>
    /// <returns>The function.</returns>
    public static LambdaFunction Create<TRequest, TResponse>(
        Func<TRequest, CancellationToken, ValueTask<TResponse>> handler,
        JsonTypeInfo<TRequest> requestTypeInfo,
        JsonTypeInfo<TResponse> responseTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(requestTypeInfo);
        ArgumentNullException.ThrowIfNull(responseTypeInfo);
        return new LambdaFunction(async (input, cancellationToken) =>
        {
            var request = JsonSerializer.Deserialize(input.Span, requestTypeInfo)
                ?? throw new JsonException($"The event deserialized to null as {typeof(TRequest).Name}.");
            var response = await handler(request, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToUtf8Bytes(response, responseTypeInfo);
        });
    }

    /// <summary>
    /// A function over a typed handler whose types are serialized by reflection with the given options, for plain
    /// classes without source-generated metadata. Not safe for trimming or native AOT: use the overload that takes
    /// <see cref="JsonTypeInfo{T}"/> there.
    /// </summary>
    /// <typeparam name="TRequest">The event type.</typeparam>
    /// <typeparam name="TResponse">The result type.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <param name="options">The serializer options (for example <see cref="JsonSerializerOptions.Web"/> for camelCase
    /// names read case-insensitively); they become read-only. Options without a type resolver are copied with the
    /// reflection resolver added.</param>
    /// <returns>The function.</returns>
    [RequiresUnreferencedCode(ReflectionSerialization)]
    [RequiresDynamicCode(ReflectionSerialization)]
    public static LambdaFunction Create<TRequest, TResponse>(
        Func<TRequest, CancellationToken, ValueTask<TResponse>> handler,
        JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TypeInfoResolver is null)
        {
            // Options made with 'new' have no resolver until a serializer call adds one: add reflection's to a copy.
            options = new JsonSerializerOptions(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        }

        return Create(handler, (JsonTypeInfo<TRequest>)options.GetTypeInfo(typeof(TRequest)), (JsonTypeInfo<TResponse>)options.GetTypeInfo(typeof(TResponse)));
    }

    /// <summary>Why the reflection overloads are not trimming- or AOT-safe.</summary>
    internal const string ReflectionSerialization =
        "Serializes the handler's types by reflection. Pass source-generated JsonTypeInfo<T> instead when trimming or compiling ahead of time.";

    /// <summary>Calls the function. When the token is cancelled (the caller's timeout) before it answers, the call gives
    /// up at once and the handler runs on, unobserved, as a Lambda function would; a fault after that is dropped.</summary>
    /// <param name="payload">The event's UTF-8 JSON.</param>
    /// <param name="cancellationToken">The caller's timeout and the client's abort.</param>
    /// <returns>The output's UTF-8 JSON.</returns>
    internal ValueTask<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var pending = _invoke(payload, cancellationToken);
        return pending.IsCompletedSuccessfully ? pending : new ValueTask<ReadOnlyMemory<byte>>(WaitAsync(pending.AsTask(), cancellationToken));
    }

    /// <summary>
    /// Waits for a handler but gives up when the token is cancelled (the integration timeout), as API Gateway
    /// answers at its timeout while the function may still run. A fault after that is observed and dropped.
    /// </summary>
    internal static async Task<T> WaitAsync<T>(Task<T> running, CancellationToken cancellationToken)
    {
        try
        {
            return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!running.IsCompleted)
        {
            _ = running.ContinueWith(
                static task => _ = task.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Reads a stream to its end into memory.</summary>
    internal static async ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (stream == Stream.Null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        int capacity = stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position, 0, Array.MaxLength) : 0;
        var buffer = new MemoryStream(capacity);
        await using (buffer.ConfigureAwait(false))
        {
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
    }
}
