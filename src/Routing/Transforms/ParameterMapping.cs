using System.Collections.Frozen;
using System.Globalization;
using Routing.Definitions;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Transforms;

/// <summary>
/// API Gateway parameter mapping (<c>requestParameters</c>, <c>responseParameters</c>): parsing and checking at
/// deploy time, and compiling an integration's mappings into the <see cref="ParameterMappingStep"/> that applies them.
/// </summary>
/// <remarks>
/// <para>Request keys: <c>append|overwrite|remove:header.{name}</c>, <c>append|overwrite|remove:querystring.{name}</c>
/// and <c>overwrite:path</c> (HTTP proxy integrations only). Response keys, per integration status code (200 to 599):
/// <c>append|overwrite|remove:header.{name}</c> and <c>overwrite:statuscode</c>.</para>
/// <para>Values: static text with variables (<see cref="MappingExpression"/>): <c>$request.header.{name}</c>,
/// <c>$request.querystring.{name}</c>, <c>$request.body</c>, <c>$request.body.{jsonpath}</c>, <c>$request.path</c>,
/// <c>$request.path.{name}</c>, <c>$response.header.{name}</c>, <c>$response.body</c>, <c>$response.body.{jsonpath}</c>,
/// <c>$context.{name}</c>, <c>$stageVariables.{name}</c>, each also as <c>${...}</c>. A body is read up to
/// <see cref="BodyLimit"/> bytes before a JSON path is applied, as API Gateway truncates it.</para>
/// <para>The reserved headers of API Gateway cannot be mapped (<see cref="IsReservedHeader"/>).</para>
/// </remarks>
internal static class ParameterMapping
{
    /// <summary>How much of a body a mapping value reads: 100 KB, where API Gateway truncates before a JSON path.</summary>
    public const int BodyLimit = 100 * 1024;

    /// <summary>The headers API Gateway does not let mappings change, plus the hop-by-hop and forwarding headers an HTTP proxy owns.</summary>
    private static readonly FrozenSet<string> ReservedHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Authorization",
        "Connection",
        "Content-Encoding",
        "Content-Length",
        "Content-Location",
        "Forwarded",
        "Keep-Alive",
        "Origin",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "TE",
        "Trailers",
        "Transfer-Encoding",
        "Upgrade",
        "Via",
        "X-Forwarded-For",
        "X-Forwarded-Host",
        "X-Forwarded-Proto",

        // Beyond API Gateway's list: the real name of "Trailers", a hop-by-hop header, and the forwarding header the
        // HTTP proxy sets with X-Forwarded-For/Proto.
        "Trailer",
        "Proxy-Connection",
        "X-Forwarded-Port");

    private static readonly string[] ReservedPrefixes = ["access-control-", "apigw-", "x-amz-", "x-amzn-"];

    /// <summary>Checks an integration's mappings at deploy time.</summary>
    /// <param name="integrationId">The integration's id, named in every error.</param>
    /// <param name="integration">The integration.</param>
    /// <param name="integrationType">What the integration is (<c>overwrite:path</c> needs an HTTP proxy).</param>
    /// <returns>Every problem found.</returns>
    public static IReadOnlyList<ValidationError> Validate(string integrationId, IntegrationDefinition integration, IntegrationType integrationType)
    {
        var errors = new List<ValidationError>();
        Compile(integrationId, integration, integrationType, errors);
        return errors;
    }

    /// <summary>
    /// Checks an integration's mappings and compiles them into the step that applies them around the integration, or
    /// <see langword="null"/> when it has none (a route pays nothing for mappings it does not have).
    /// </summary>
    /// <param name="integrationId">The integration's id, named in every error.</param>
    /// <param name="integration">The integration.</param>
    /// <param name="integrationType">What the integration is: an HTTP proxy's headers are filtered for forwarding
    /// before the mappings apply, so a client's <c>Connection</c> header cannot remove what a mapping set.</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The step, or <see langword="null"/> (also when there are errors).</returns>
    public static ParameterMappingStep? Compile(string integrationId, IntegrationDefinition integration, IntegrationType integrationType, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(integrationId);
        ArgumentNullException.ThrowIfNull(integration);
        if (integration.IntegrationSubtype is not null)
        {
            // An AWS service integration's request parameters are the action's (QueueUrl, MessageBody), not mappings.
            return null;
        }

        if (integration.RequestParameters.Count == 0 && integration.ResponseParameters.Count == 0)
        {
            return null;
        }

        int before = errors.Count;
        var (request, responses) = Parse(integrationId, integration, integrationType, errors);
        return errors.Count > before || (request is null && responses.Count == 0)
            ? null
            : new ParameterMappingStep(request, responses, forwarding: integrationType == IntegrationType.HttpProxy);
    }

    /// <summary>Whether a header is reserved: API Gateway's list (<c>access-control-*</c>, <c>apigw-*</c>,
    /// <c>Authorization</c>, <c>Connection</c>, ..., <c>x-amz-*</c>, <c>x-amzn-*</c>) plus <c>Trailer</c>,
    /// <c>Proxy-Connection</c> and <c>X-Forwarded-Port</c>.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>Whether mappings may not change it.</returns>
    public static bool IsReservedHeader(string name)
    {
        if (ReservedHeaders.Contains(name))
        {
            return true;
        }

        foreach (string prefix in ReservedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static (MappingRequestSet? Request, Dictionary<int, MappingResponseSet> Responses) Parse(
        string id, IntegrationDefinition integration, IntegrationType integrationType, List<ValidationError> errors)
    {
        MappingRequestSet? request = null;
        if (integration.RequestParameters.Count > 0)
        {
            var operations = new List<MappingOperation>();
            foreach (var (key, value) in integration.RequestParameters.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                string where = $"integrations[{id}].requestParameters[{key}]";
                if (ParseOperation(id, key, value, MappingSide.Request, where, errors) is not { } operation)
                {
                    continue;
                }

                if (operation.Target == MappingTarget.Path && integrationType != IntegrationType.HttpProxy)
                {
                    errors.Add(new ValidationError(where, $"Integration '{id}': 'overwrite:path' applies only to HTTP proxy integrations; this {integrationType} integration has no request path to overwrite."));
                    continue;
                }

                CheckDuplicate(id, operation, operations, where, errors);
                operations.Add(operation);
            }

            request = new MappingRequestSet(operations);
        }

        var responses = new Dictionary<int, MappingResponseSet>();
        foreach (var (status, mappings) in integration.ResponseParameters.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            string statusWhere = $"integrations[{id}].responseParameters[{status}]";
            if (!int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code is < 200 or > 599
                || status.Length != 3)
            {
                errors.Add(new ValidationError(statusWhere, $"Integration '{id}': response mappings are keyed by an integration status code from 200 to 599; '{status}' is not one."));
                continue;
            }

            var operations = new List<MappingOperation>();
            foreach (var (key, value) in (mappings ?? new Dictionary<string, string>()).OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                string where = $"{statusWhere}[{key}]";
                if (ParseOperation(id, key, value, MappingSide.Response, where, errors) is not { } operation)
                {
                    continue;
                }

                if (operation.Target == MappingTarget.StatusCode && operation.Value!.IsStatic
                    && !MappingResponseSet.TryParseStatus(operation.Value.Text, out _))
                {
                    errors.Add(new ValidationError(where, $"Integration '{id}': the value '{value}' of 'overwrite:statuscode' for status {status} is not a status code from 100 to 599."));
                    continue;
                }

                CheckDuplicate(id, operation, operations, where, errors);
                operations.Add(operation);
            }

            if (operations.Count > 0)
            {
                responses[code] = new MappingResponseSet(operations);
            }
        }

        return (request, responses);
    }

    private static MappingOperation? ParseOperation(string id, string key, string? value, MappingSide side, string where, List<ValidationError> errors)
    {
        if (!TryParseKey(key, side, out var action, out var target, out string name))
        {
            errors.Add(new ValidationError(where, side == MappingSide.Request
                ? $"Integration '{id}': '{key}' is not a request mapping key; use append|overwrite|remove:header.{{name}}, append|overwrite|remove:querystring.{{name}} or overwrite:path."
                : $"Integration '{id}': '{key}' is not a response mapping key; use append|overwrite|remove:header.{{name}} or overwrite:statuscode."));
            return null;
        }

        if (target == MappingTarget.Header && IsReservedHeader(name))
        {
            errors.Add(new ValidationError(where, $"Integration '{id}': '{key}' maps the reserved header '{name}', which cannot be mapped; map a header that is not reserved."));
            return null;
        }

        if (action == MappingAction.Remove)
        {
            return new MappingOperation(key, action, target, name, null);
        }

        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new ValidationError(where, $"Integration '{id}': '{key}' has an empty value; give it a value, or remove the key."));
            return null;
        }

        if (!MappingExpression.TryParse(value, side, out var expression, out string? error))
        {
            errors.Add(new ValidationError(where, $"Integration '{id}': the value '{value}' of '{key}' is not valid: {error}."));
            return null;
        }

        return new MappingOperation(key, action, target, name, expression);
    }

    private static bool TryParseKey(string key, MappingSide side, out MappingAction action, out MappingTarget target, out string name)
    {
        action = default;
        target = default;
        name = string.Empty;
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        switch (key[..colon])
        {
            case "append":
                action = MappingAction.Append;
                break;
            case "overwrite":
                action = MappingAction.Overwrite;
                break;
            case "remove":
                action = MappingAction.Remove;
                break;
            default:
                return false;
        }

        var rest = key.AsSpan(colon + 1);
        if (rest.StartsWith("header.", StringComparison.Ordinal) && HttpSyntax.IsToken(rest["header.".Length..]))
        {
            target = MappingTarget.Header;
            name = rest["header.".Length..].ToString();
            return true;
        }

        if (side == MappingSide.Request && rest.StartsWith("querystring.", StringComparison.Ordinal) && QueryString.IsName(rest["querystring.".Length..]))
        {
            target = MappingTarget.QueryString;
            name = rest["querystring.".Length..].ToString();
            return true;
        }

        if (action == MappingAction.Overwrite && side == MappingSide.Request && rest.SequenceEqual("path"))
        {
            target = MappingTarget.Path;
            return true;
        }

        if (action == MappingAction.Overwrite && side == MappingSide.Response && rest.SequenceEqual("statuscode"))
        {
            target = MappingTarget.StatusCode;
            return true;
        }

        return false;
    }

    private static void CheckDuplicate(string id, MappingOperation operation, List<MappingOperation> earlier, string where, List<ValidationError> errors)
    {
        var comparison = operation.Target == MappingTarget.Header ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var other in earlier)
        {
            if (other.Action == operation.Action && other.Target == operation.Target && string.Equals(other.Name, operation.Name, comparison))
            {
                errors.Add(new ValidationError(where, $"Integration '{id}': '{other.Key}' and '{operation.Key}' both {operation.Action.ToString().ToLowerInvariant()} the same {(operation.Target == MappingTarget.Header ? "header" : "query parameter")}; keep one."));
                return;
            }
        }
    }
}
