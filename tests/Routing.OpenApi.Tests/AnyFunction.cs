using System.Text;
using Routing.Apis;
using Routing.Integrations.Lambda;

namespace Routing.OpenApi.Tests;

/// <summary>Resolves every function name to a function that answers 200, so imported definitions deploy in tests.</summary>
internal sealed class AnyFunction : ILambdaFunctionResolver
{
    public static HttpApiOptions Options { get; } = new() { FunctionResolver = new AnyFunction() };

    public LambdaFunction? Resolve(string functionName) =>
        LambdaFunction.FromStream(static (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes("""{"statusCode":200}"""))));
}
