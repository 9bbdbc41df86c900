namespace Routing.Integrations.Lambda;

/// <summary>
/// Finds the in-process function that a Lambda function ARN or name in a definition stands for: an
/// <c>AWS_PROXY</c> integration's <c>integrationUri</c>, a Lambda authorizer's <c>authorizerUri</c>.
/// </summary>
/// <remarks>
/// The gateway reduces every form (a function ARN with or without a version or alias, the
/// <c>arn:aws:apigateway:...:lambda:path/2015-03-31/functions/{arn}/invocations</c> URI, a plain name) to the function
/// name before asking. Names are resolved when a deployment is compiled; a name chosen by a stage variable
/// (<c>function:${stageVariables.fn}</c>) is resolved on each request.
/// </remarks>
public interface ILambdaFunctionResolver
{
    /// <summary>The function registered under a name.</summary>
    /// <param name="functionName">The function name, e.g. <c>pets</c> for <c>arn:aws:lambda:us-east-1:123456789012:function:pets</c>.</param>
    /// <returns>The function, or <see langword="null"/> when none is registered under the name.</returns>
    LambdaFunction? Resolve(string functionName);
}
