using System.Collections.Frozen;
using System.Globalization;
using Routing.Definitions;
using Routing.Integrations.HttpProxy;
using Routing.Pipeline;

namespace Routing.Transforms;

/// <summary>
/// API Gateway parameter mapping (<c>requestParameters</c>, <c>responseParameters</c>): parsing and checking at
/// deploy time, and compiling an integration's mappings into an <see cref="IIntegration"/> that applies them.
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
    /// <returns>Every problem found.</returns>
    public static IEnumerable<ValidationError> Validate(string integrationId, IntegrationDefinition integration)
    {
        ArgumentNullException.ThrowIfNull(integrationId);
        ArgumentNullException.ThrowIfNull(integration);
        var errors = new List<ValidationError>();
        Parse(integrationId, integration, errors);
        return errors;
    }

    /// <summary>
    /// The integration definition a deployment uses: the same one when it has no mappings, otherwise one whose
    /// integration applies them (<see cref="MappingIntegration"/>). Call it on a definition that passed <see cref="Validate"/>.
    /// </summary>
    /// <param name="integration">The integration.</param>
    /// <returns>The definition to serve with.</returns>
    /// <exception cref="ArgumentException">The mappings are not valid.</exception>
    public static IntegrationDefinition Compile(IntegrationDefinition integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        if (integration.Integration is MappingIntegration
            || (integration.RequestParameters.Count == 0 && integration.ResponseParameters.Count == 0))
        {
            return integration;
        }

        var errors = new List<ValidationError>();
        var (request, responses) = Parse("(compiled)", integration, errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(integration));
        }

        return integration with { Integration = new MappingIntegration(integration.Integration, request, responses) };
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

    /// <summary>Whether a header name is an RFC 9110 token.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsToken(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a query parameter name can be mapped: not empty, no controls, spaces, <c>&amp;</c>, <c>=</c> or <c>#</c>.</summary>
    /// <param name="name">The decoded name.</param>
    /// <returns>Whether it can.</returns>
    public static bool IsQueryName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (char.IsControl(c) || c is ' ' or '&' or '=' or '#')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a value may be sent in a header: no control characters other than a tab (so never CR, LF or NUL).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it may.</returns>
    public static bool IsValidHeaderValue(ReadOnlySpan<char> value)
    {
        foreach (char c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    private static (MappingRequestSet? Request, Dictionary<int, MappingResponseSet> Responses) Parse(
        string id, IntegrationDefinition integration, List<ValidationError> errors)
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

                var target = integration.Integration is MappingIntegration wrapper ? wrapper.Inner : integration.Integration;
                if (operation.Target == MappingTarget.Path && target is not HttpProxyIntegration)
                {
                    errors.Add(new ValidationError(where, $"Integration '{id}': 'overwrite:path' applies only to HTTP proxy integrations; '{target?.GetType().Name}' has no request path to overwrite."));
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
        if (rest.StartsWith("header.", StringComparison.Ordinal) && IsToken(rest["header.".Length..]))
        {
            target = MappingTarget.Header;
            name = rest["header.".Length..].ToString();
            return true;
        }

        if (side == MappingSide.Request && rest.StartsWith("querystring.", StringComparison.Ordinal) && IsQueryName(rest["querystring.".Length..]))
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
