using System.Collections.Concurrent;

namespace Routing.Integrations.Lambda;

/// <summary>Functions registered by name, as a <see cref="ILambdaFunctionResolver"/>. Thread-safe.</summary>
/// <example>
/// <code>
/// var functions = new LambdaFunctionRegistry()
///     .Add("pets", LambdaFunction.FromStream(PetsFunction.HandleAsync));
/// </code>
/// </example>
public sealed class LambdaFunctionRegistry : ILambdaFunctionResolver
{
    private readonly ConcurrentDictionary<string, LambdaFunction> _functions = new(StringComparer.Ordinal);

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names => [.. _functions.Keys];

    /// <summary>Registers a function under a name.</summary>
    /// <param name="functionName">The name (1 to 64 letters, digits, <c>-</c> and <c>_</c>, as Lambda's function names).</param>
    /// <param name="function">The function.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="ArgumentException">The name is not valid, or already registered.</exception>
    public LambdaFunctionRegistry Add(string functionName, LambdaFunction function)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(function);
        if (!LambdaFunctionArn.IsFunctionName(functionName))
        {
            throw new ArgumentException($"'{functionName}' is not a Lambda function name; use 1 to 64 letters, digits, '-' and '_'.", nameof(functionName));
        }

        if (!_functions.TryAdd(functionName, function))
        {
            throw new ArgumentException($"A function named '{functionName}' is already registered.", nameof(functionName));
        }

        return this;
    }

    /// <inheritdoc />
    public LambdaFunction? Resolve(string functionName)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        return _functions.GetValueOrDefault(functionName);
    }
}
