using System.Diagnostics.CodeAnalysis;
using Routing.Deployments;
using Routing.Http;
using Routing.Pipeline;

namespace Routing.Authorization;

/// <summary>
/// Where an authorizer reads part of the caller's identity, written once for JWT and Lambda authorizers:
/// <c>$request.header.NAME</c> (name compared case-insensitively), <c>$request.querystring.NAME</c> (compared
/// case-sensitively after decoding), <c>$context.NAME</c> and <c>$stageVariables.NAME</c>.
/// </summary>
internal sealed class IdentitySource
{
    private const string HeaderPrefix = "$request.header.";
    private const string QueryPrefix = "$request.querystring.";
    private const string ContextPrefix = "$context.";
    private const string StageVariablePrefix = "$stageVariables.";

    private IdentitySource(string expression, IdentitySourceKind kind, string name)
    {
        Expression = expression;
        Kind = kind;
        Name = name;
    }

    /// <summary>The expression as configured.</summary>
    public string Expression { get; }

    /// <summary>Where the value is read.</summary>
    public IdentitySourceKind Kind { get; }

    /// <summary>The header, parameter, context variable or stage variable name.</summary>
    public string Name { get; }

    /// <summary>Parses an identity source expression.</summary>
    /// <param name="expression">E.g. <c>$request.header.Authorization</c>.</param>
    /// <param name="source">The source.</param>
    /// <param name="error">Why the expression is not one, naming the forms that are.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryParse(string? expression, [NotNullWhen(true)] out IdentitySource? source, [NotNullWhen(false)] out string? error)
    {
        source = null;
        error = null;
        if (expression is null)
        {
            error = "it is null";
        }
        else if (expression.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            source = Create(expression, IdentitySourceKind.Header, expression[HeaderPrefix.Length..], static n => HttpSyntax.IsToken(n), "a header name (an RFC 9110 token)", ref error);
        }
        else if (expression.StartsWith(QueryPrefix, StringComparison.Ordinal))
        {
            source = Create(expression, IdentitySourceKind.QueryString, expression[QueryPrefix.Length..], static n => QueryString.IsName(n), "a query parameter name", ref error);
        }
        else if (expression.StartsWith(ContextPrefix, StringComparison.Ordinal))
        {
            source = Create(expression, IdentitySourceKind.Context, expression[ContextPrefix.Length..], ContextVariables.IsName, "a $context variable such as $context.routeKey", ref error);
        }
        else if (expression.StartsWith(StageVariablePrefix, StringComparison.Ordinal))
        {
            source = Create(expression, IdentitySourceKind.StageVariable, expression[StageVariablePrefix.Length..], static n => Stage.IsValidVariableName(n), "a stage variable name (1 to 64 letters, digits and '_')", ref error);
        }
        else
        {
            error = "it is not $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME";
        }

        return source is not null;
    }

    /// <summary>Reads the value from a request: every header line or query value of the name, joined with <c>,</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="count">How many header lines or query parameters have the name (1 for a context or stage variable that has a value).</param>
    /// <returns>The value; <see langword="null"/> when the request has none.</returns>
    public string? Read(IntegrationRequest request, out int count)
    {
        switch (Kind)
        {
            case IdentitySourceKind.Header:
                return HeaderLines.Join(request.Headers, Name, out count);
            case IdentitySourceKind.QueryString:
                var values = QueryString.GetValues(request.RawQueryString, Name);
                count = values?.Count ?? 0;
                return values is null ? null : string.Join(',', values);
            case IdentitySourceKind.Context:
                string? context = ContextVariables.Resolve(request, Name);
                count = context is null ? 0 : 1;
                return context;
            default:
                string? variable = request.StageVariables.GetValueOrDefault(Name);
                count = variable is null ? 0 : 1;
                return variable;
        }
    }

    private static IdentitySource? Create(string expression, IdentitySourceKind kind, string name, Func<string, bool> isName, string expected, ref string? error)
    {
        if (name.Length > 0 && isName(name))
        {
            return new IdentitySource(expression, kind, name);
        }

        error = $"'{name}' is not {expected}";
        return null;
    }
}
