namespace Routing.Integrations.Lambda;

/// <summary>Looks a function up in one resolver, then in another.</summary>
/// <param name="first">Asked first.</param>
/// <param name="second">Asked when the first has no function of the name.</param>
internal sealed class ChainedFunctionResolver(ILambdaFunctionResolver first, ILambdaFunctionResolver second) : ILambdaFunctionResolver
{
    /// <inheritdoc />
    public LambdaFunction? Resolve(string functionName) => first.Resolve(functionName) ?? second.Resolve(functionName);

    /// <summary>The resolver that asks <paramref name="first"/> and then <paramref name="second"/>, either of which may be missing.</summary>
    public static ILambdaFunctionResolver? Combine(ILambdaFunctionResolver? first, ILambdaFunctionResolver? second)
        => first is null ? second : second is null ? first : new ChainedFunctionResolver(first, second);
}
