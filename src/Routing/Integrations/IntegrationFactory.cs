using Routing.Definitions;
using Routing.Integrations.HttpProxy;
using Routing.Integrations.Lambda;
using Routing.Pipeline;


namespace Routing.Integrations;

/// <summary>
/// Turns an integration definition into what serves its routes: the instance it holds, or, for a definition given
/// as data, a Lambda-style handler resolved by function name, an HTTP proxy to its URL, or a mock. Checks what only
/// the integration can check (its type, URI and function) and reports every problem.
/// </summary>
internal static class IntegrationFactory
{
    /// <summary>Checks an integration and creates what serves it.</summary>
    /// <param name="id">The integration id, named in every message.</param>
    /// <param name="definition">The definition.</param>
    /// <param name="functions">Resolves Lambda function names; <see langword="null"/> when the API has none.</param>
    /// <param name="proxyInvoker">What HTTP proxies described as data send with; <see langword="null"/> for the shared default.</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The integration and what kind it is, or <see langword="null"/> when there are problems.</returns>
    public static (IIntegration Integration, IntegrationType Type)? Create(
        string id, IntegrationDefinition definition, ILambdaFunctionResolver? functions, HttpMessageInvoker? proxyInvoker, List<ValidationError> errors)
    {
        string where = $"integrations[{id}]";
        if (definition.Integration is { } instance)
        {
            // The instance says what it is (a decorator forwards its inner integration's type).
            return (instance, instance.IntegrationType);
        }

        if (definition.ConnectionType == ConnectionType.VpcLink && string.IsNullOrEmpty(definition.ConnectionId))
        {
            errors.Add(new ValidationError(where + ".connectionId", $"Integration '{id}' connects through a VPC link but names none; set ConnectionId."));
        }

        switch (definition.IntegrationType)
        {
            case IntegrationType.AwsProxy:
                return CreateLambda(id, definition, functions, where, errors);
            case IntegrationType.HttpProxy:
                if (string.IsNullOrEmpty(definition.IntegrationUri))
                {
                    errors.Add(new ValidationError(where + ".integrationUri", $"Integration '{id}' is an HTTP proxy without a URI; set IntegrationUri to the backend's URL, e.g. http://backend.internal/{{proxy}}."));
                    return null;
                }

                try
                {
                    return (new HttpProxyIntegration(new HttpProxyIntegrationOptions { Uri = definition.IntegrationUri, Method = definition.IntegrationMethod, Invoker = proxyInvoker }), IntegrationType.HttpProxy);
                }
                catch (ArgumentException e)
                {
                    // The options' own words, without ArgumentException's "(Parameter '...')" suffix.
                    string message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
                    errors.Add(new ValidationError(where + ".integrationUri", $"Integration '{id}': {message}"));
                    return null;
                }

            case IntegrationType.Mock:
                return (new MockIntegration(200, string.Empty, []), IntegrationType.Mock);
            case IntegrationType.Aws:
                errors.Add(new ValidationError(where + ".integrationType", $"Integration '{id}' has type AWS, which HTTP APIs do not support (it needs mapping templates); use AWS_PROXY."));
                return null;
            default:
                errors.Add(new ValidationError(where + ".integrationType", $"Integration '{id}' has the type {definition.IntegrationType}, which is not AWS_PROXY, HTTP_PROXY or MOCK."));
                return null;
        }
    }

    private static (IIntegration, IntegrationType)? CreateLambda(
        string id, IntegrationDefinition definition, ILambdaFunctionResolver? functions, string where, List<ValidationError> errors)
    {
        if (definition.PayloadFormatVersion is not (PayloadFormatVersion.V1 or PayloadFormatVersion.V2))
        {
            errors.Add(new ValidationError(where + ".payloadFormatVersion", $"Integration '{id}' has the payload format {definition.PayloadFormatVersion}; use 1.0 or 2.0."));
            return null;
        }

        // An AWS service integration (SQS-SendMessage, ...) is served by a function registered under its subtype.
        string? reference = definition.IntegrationSubtype ?? definition.IntegrationUri;
        if (definition.IntegrationSubtype is not null && !LambdaFunctionArn.IsFunctionName(definition.IntegrationSubtype))
        {
            errors.Add(new ValidationError(where + ".integrationSubtype", $"Integration '{id}' has the subtype '{definition.IntegrationSubtype}', which is not an AWS service action such as SQS-SendMessage."));
            return null;
        }

        if (definition.IntegrationSubtype is { } subtype && functions?.Resolve(subtype) is null)
        {
            // API Gateway would call the AWS service; without a function serving the action, its routes answer 500.
            return (new UnservedIntegration(
                $"Integration '{id}' calls the AWS service action {subtype}, which no registered function serves; its routes answer 500 Internal Server Error until one is registered under the name '{subtype}'."),
                IntegrationType.AwsProxy);
        }

        var function = LambdaFunctionReference.Create(reference, functions, out string? problem);
        if (function is null)
        {
            string field = definition.IntegrationSubtype is null ? ".integrationUri" : ".integrationSubtype";
            string hint = definition.IntegrationSubtype is null
                ? string.Empty
                : " The gateway cannot call AWS services; a function registered under the subtype serves it in process.";
            errors.Add(new ValidationError(where + field, $"Integration '{id}' {problem}{hint}"));
            return null;
        }

        return (function.Function is { } resolved
            ? new LambdaIntegration(resolved, definition.PayloadFormatVersion)
            : new ResolvedLambdaIntegration(function, definition.PayloadFormatVersion), IntegrationType.AwsProxy);
    }
}
