using System.Collections.Frozen;
using Routing.Deployments;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Transforms;

/// <summary>One variable of a mapping value, e.g. <c>$request.header.x-user</c> or <c>${context.requestId}</c>.</summary>
/// <param name="Source">Where it reads from.</param>
/// <param name="Name">The header, query parameter, path parameter, context variable or stage variable name; empty
/// for <c>$request.path</c> and the bodies.</param>
/// <param name="JsonPath">For the bodies: what to select; otherwise <see langword="null"/>.</param>
internal sealed record MappingVariable(MappingSource Source, string Name, MappingJsonPath? JsonPath = null)
{
    /// <summary>The <c>$context</c> variables only a response mapping can read.</summary>
    public static readonly FrozenSet<string> ResponseContextNames = FrozenSet.Create(
        StringComparer.Ordinal,
        "integrationStatus",
        "integration.status");

    /// <summary>Parses a variable path without its <c>$</c> or braces, e.g. <c>request.header.x-user</c>.</summary>
    /// <param name="text">The variable path.</param>
    /// <param name="side">Which variables are allowed.</param>
    /// <param name="variable">The variable.</param>
    /// <param name="error">Why it is not valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParse(string text, MappingSide side, out MappingVariable? variable, out string? error)
    {
        variable = null;
        error = null;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string root = dot < 0 ? text : text[..dot];
        string rest = dot < 0 ? string.Empty : text[(dot + 1)..];
        switch (root)
        {
            case "request":
                if (side == MappingSide.Response)
                {
                    error = $"'${text}' reads the request, which a response mapping cannot; use $response.*, $context.* or $stageVariables.*";
                    return false;
                }

                return TryParseMessage(text, rest, "request", out variable, out error);
            case "response":
                if (side == MappingSide.Request)
                {
                    error = $"'${text}' reads the response, which a request mapping cannot; use $request.*, $context.* or $stageVariables.*";
                    return false;
                }

                return TryParseMessage(text, rest, "response", out variable, out error);
            case "context":
                return TryParseContext(text, rest, side, out variable, out error);
            case "stageVariables":
                if (!Stage.IsValidVariableName(rest))
                {
                    error = $"'${text}' is not a valid stage variable; use $stageVariables.{{name}} with a name of letters, digits and '_'";
                    return false;
                }

                variable = new MappingVariable(MappingSource.StageVariable, rest);
                return true;
            default:
                error = $"'${text}' is not a known variable; use $request.*, $response.*, $context.* or $stageVariables.*";
                return false;
        }
    }

    private static bool TryParseMessage(string text, string rest, string root, out MappingVariable? variable, out string? error)
    {
        variable = null;
        error = null;
        bool request = root == "request";
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        string part = dot < 0 ? rest : rest[..dot];
        string name = dot < 0 ? string.Empty : rest[(dot + 1)..];
        switch (part)
        {
            case "header" when dot >= 0 && HttpSyntax.IsToken(name):
                variable = new MappingVariable(request ? MappingSource.RequestHeader : MappingSource.ResponseHeader, name);
                return true;
            case "querystring" when request && dot >= 0 && QueryString.IsName(name):
                variable = new MappingVariable(MappingSource.RequestQueryString, name);
                return true;
            case "path" when request && dot < 0:
                variable = new MappingVariable(MappingSource.RequestPath, string.Empty);
                return true;
            case "path" when request && name.Length > 0 && IsPathParameterName(name):
                variable = new MappingVariable(MappingSource.RequestPathParameter, name);
                return true;
            default:
                if (rest.StartsWith("body", StringComparison.Ordinal) && (rest.Length == 4 || rest[4] is '.' or '['))
                {
                    if (!MappingJsonPath.TryParse(rest[4..], out var path, out string? pathError))
                    {
                        error = $"'${text}': {pathError}";
                        return false;
                    }

                    variable = new MappingVariable(request ? MappingSource.RequestBody : MappingSource.ResponseBody, string.Empty, path);
                    return true;
                }

                error = request
                    ? $"'${text}' is not a valid request variable; use $request.header.{{name}}, $request.querystring.{{name}}, $request.body, $request.body.{{jsonpath}}, $request.path or $request.path.{{name}}"
                    : $"'${text}' is not a valid response variable; use $response.header.{{name}}, $response.body or $response.body.{{jsonpath}}";
                return false;
        }
    }

    private static bool TryParseContext(string text, string name, MappingSide side, out MappingVariable? variable, out string? error)
    {
        variable = null;
        error = null;
        bool known = ContextVariables.Names.Contains(name)
            || (side == MappingSide.Response && ResponseContextNames.Contains(name))
            || (name.StartsWith(ContextVariables.ClaimsPrefix, StringComparison.Ordinal) && IsAuthorizerKey(name.AsSpan(ContextVariables.ClaimsPrefix.Length)))
            || (name.StartsWith(ContextVariables.AuthorizerPrefix, StringComparison.Ordinal) && name != "authorizer.claims"
                && IsAuthorizerKey(name.AsSpan(ContextVariables.AuthorizerPrefix.Length)));
        if (known)
        {
            variable = new MappingVariable(MappingSource.Context, name);
            return true;
        }

        if (name == "sourceIp")
        {
            error = $"'${text}' is not a context variable; use $context.identity.sourceIp";
        }
        else if (side == MappingSide.Request && ResponseContextNames.Contains(name))
        {
            error = $"'${text}' is only known once the integration answered; use it in a response mapping";
        }
        else
        {
            string names = string.Join(", ", side == MappingSide.Request ? ContextVariables.Names.Order(StringComparer.Ordinal) : ContextVariables.Names.Concat(ResponseContextNames).Order(StringComparer.Ordinal));
            error = $"'${text}' is not a supported context variable; use one of {names}, authorizer.claims.{{claim}} or authorizer.{{key}}";
        }

        return false;
    }

    private static bool IsAuthorizerKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty)
        {
            return false;
        }

        foreach (char c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPathParameterName(string name)
    {
        // The route key grammar's parameter names: [\w.:-]+.
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('_' or '.' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
