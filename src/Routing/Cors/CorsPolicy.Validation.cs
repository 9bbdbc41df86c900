using System.Globalization;
using Routing.Definitions;
using Routing.Http;

namespace Routing.Cors;

/// <content>Deploy-time checks of a <see cref="CorsConfiguration"/>.</content>
internal sealed partial class CorsPolicy
{
    /// <summary>API Gateway's refusal of credentials with the <c>*</c> origin (CreateApi/UpdateApi BadRequestException).</summary>
    internal const string CredentialsWithWildcardMessage = "allow-credentials is not supported if 'allow-origin' is *";

    private const string Where = "cors";

    /// <summary>Checks a configuration at deploy time.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>Every problem found, each naming the offending value and the fix; empty when it can be deployed.</returns>
    public static IReadOnlyList<ValidationError> Validate(CorsConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<ValidationError>();
        ValidateOrigins(configuration, errors);
        ValidateTokens(configuration.AllowMethods, "allowMethods", "method", errors, isMethod: true);
        ValidateTokens(configuration.AllowHeaders, "allowHeaders", "header", errors, isMethod: false);
        ValidateTokens(configuration.ExposeHeaders, "exposeHeaders", "header", errors, isMethod: false);

        if (configuration.MaxAge is int maxAge and (< CorsConfiguration.MinMaxAge or > CorsConfiguration.MaxMaxAge))
        {
            errors.Add(new ValidationError(
                Where + ".maxAge",
                string.Create(CultureInfo.InvariantCulture, $"CORS maxAge {maxAge} is out of range; use {CorsConfiguration.MinMaxAge} to {CorsConfiguration.MaxMaxAge} seconds (-1 tells browsers not to cache), or leave it unset.")));
        }

        if (configuration.AllowCredentials)
        {
            ValidateCredentials(configuration, errors);
        }

        return errors;
    }

    private static void ValidateOrigins(CorsConfiguration configuration, List<ValidationError> errors)
    {
        if (configuration.AllowOrigins is null)
        {
            errors.Add(new ValidationError(Where + ".allowOrigins", "CORS allowOrigins is null; use an empty list to allow no origin."));
            return;
        }

        for (int i = 0; i < configuration.AllowOrigins.Count; i++)
        {
            string? origin = configuration.AllowOrigins[i];
            if (origin is CorsConfiguration.Wildcard or CorsConfiguration.AnyHttpsOrigin or CorsConfiguration.AnyHttpOrigin)
            {
                continue;
            }

            string where = string.Create(CultureInfo.InvariantCulture, $"{Where}.allowOrigins[{i}]");
            if (origin is not null && string.Equals(origin.Trim(), "null", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ValidationError(where, $"CORS origin '{origin}' is never allowed: sandboxed iframes, file: and data: documents and redirected requests all send 'Origin: null', so allowing it admits any of them. List real origins."));
                continue;
            }

            var syntax = origin is null ? CorsOriginSyntax.Empty : CorsOrigin.Check(origin);
            string? problem = syntax switch
            {
                CorsOriginSyntax.Valid => null,
                CorsOriginSyntax.Empty => "is empty",
                CorsOriginSyntax.TooLong => string.Create(CultureInfo.InvariantCulture, $"is longer than {CorsConfiguration.MaxOriginLength} characters"),
                CorsOriginSyntax.BadCharacter => "contains white space, a control character or a non-ASCII character (write an internationalized host in its xn-- form)",
                CorsOriginSyntax.Pattern => $"is a pattern; the only wildcards are '{CorsConfiguration.Wildcard}', '{CorsConfiguration.AnyHttpsOrigin}' and '{CorsConfiguration.AnyHttpOrigin}' (there are no subdomain or partial patterns), so list each origin",
                CorsOriginSyntax.NoScheme => "has no scheme",
                CorsOriginSyntax.UserInfo => "has user information ('@') before the host",
                CorsOriginSyntax.Path => "has a path, a trailing '/', a query or a fragment; an origin ends after the host and port",
                CorsOriginSyntax.BadHost => "has no valid host",
                CorsOriginSyntax.BadPort => "has a port that is not a number from 1 to 65535",
                _ => "is not an origin",
            };
            if (problem is not null)
            {
                errors.Add(new ValidationError(where, $"CORS origin '{origin}' {problem}. Write an origin as scheme://host[:port], e.g. 'https://app.example.com'."));
            }
        }
    }

    private static void ValidateTokens(IReadOnlyList<string> values, string field, string kind, List<ValidationError> errors, bool isMethod)
    {
        if (values is null)
        {
            errors.Add(new ValidationError($"{Where}.{field}", $"CORS {field} is null; use an empty list."));
            return;
        }

        for (int i = 0; i < values.Count; i++)
        {
            string? value = values[i];
            if (value is CorsConfiguration.Wildcard)
            {
                continue;
            }

            string where = string.Create(CultureInfo.InvariantCulture, $"{Where}.{field}[{i}]");
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new ValidationError(where, $"CORS {field} has an empty {kind} name at index {i}; remove it."));
            }
            else if (!HttpSyntax.IsToken(value))
            {
                string hint = value.Contains(',', StringComparison.Ordinal) ? $" List each {kind} as its own entry." : string.Empty;
                errors.Add(new ValidationError(where, $"CORS {field} entry '{value}' is not a valid {kind} name (letters, digits and !#$%&'*+-.^_`|~ only, no spaces, commas or colons).{hint}"));
            }
            else if (isMethod && value.Length > CorsConfiguration.MaxMethodLength)
            {
                errors.Add(new ValidationError(where, string.Create(CultureInfo.InvariantCulture, $"CORS allowMethods entry '{value}' is longer than {CorsConfiguration.MaxMethodLength} characters.")));
            }
            else if (isMethod && value.AsSpan().ContainsAnyInRange('a', 'z'))
            {
                errors.Add(new ValidationError(where, $"CORS allowMethods entry '{value}' is not upper case; methods are case-sensitive and browsers send them upper case: write '{value.ToUpperInvariant()}'."));
            }
        }
    }

    private static void ValidateCredentials(CorsConfiguration configuration, List<ValidationError> errors)
    {
        const string where = Where + ".allowCredentials";
        if (Contains(configuration.AllowOrigins, CorsConfiguration.Wildcard))
        {
            errors.Add(new ValidationError(where, $"{CredentialsWithWildcardMessage}. List the origins that may send credentials, or set AllowCredentials to false."));
        }

        foreach (string scheme in (ReadOnlySpan<string>)[CorsConfiguration.AnyHttpsOrigin, CorsConfiguration.AnyHttpOrigin])
        {
            if (Contains(configuration.AllowOrigins, scheme))
            {
                errors.Add(new ValidationError(where, $"allow-credentials is not supported if 'allow-origin' is {scheme}: it admits every origin of that scheme, which with credentials is as open as '*'. List the origins that may send credentials, or set AllowCredentials to false."));
            }
        }

        foreach (var (field, list, header) in (ReadOnlySpan<(string, IReadOnlyList<string>, string)>)
            [
                ("allowMethods", configuration.AllowMethods, "Access-Control-Allow-Methods"),
                ("allowHeaders", configuration.AllowHeaders, "Access-Control-Allow-Headers"),
                ("exposeHeaders", configuration.ExposeHeaders, "Access-Control-Expose-Headers"),
            ])
        {
            if (Contains(list, CorsConfiguration.Wildcard))
            {
                errors.Add(new ValidationError(where, $"CORS {field} '*' cannot be used with allow-credentials: browsers read '*' in {header} literally on credentialed requests, so it would allow nothing. List the names, or set AllowCredentials to false."));
            }
        }
    }

    private static bool Contains(IReadOnlyList<string>? values, string value)
    {
        if (values is null)
        {
            return false;
        }

        foreach (string item in values)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
