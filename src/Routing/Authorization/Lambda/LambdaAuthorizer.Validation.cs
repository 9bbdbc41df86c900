using System.Globalization;
using Routing.Definitions;
using Routing.Integrations.Lambda;

namespace Routing.Authorization.Lambda;

/// <summary>Deploy-time checks and compilation of a Lambda authorizer definition.</summary>
internal sealed partial class LambdaAuthorizer
{
    /// <summary>Checks a definition and compiles it.</summary>
    /// <param name="id">The authorizer id, named in every message.</param>
    /// <param name="definition">The definition.</param>
    /// <param name="functions">Resolves the function; <see langword="null"/> when the API has no functions.</param>
    /// <param name="time">The clock of the cache and the timeout.</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The authorizer, or <see langword="null"/> when the definition has problems.</returns>
    public static LambdaAuthorizer? Compile(string id, LambdaAuthorizerDefinition definition, ILambdaFunctionResolver? functions, TimeProvider time, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(definition);
        int before = errors.Count;
        string where = $"authorizers[{id}]";

        var sources = new List<IdentitySource>();
        if (definition.IdentitySource is null)
        {
            errors.Add(new ValidationError(where + ".identitySource", $"Lambda authorizer '{id}' has no identity source list; use an empty list for none."));
        }
        else
        {
            if (definition.IdentitySource.Count > LambdaAuthorizerDefinition.MaxIdentitySources)
            {
                errors.Add(new ValidationError(where + ".identitySource", string.Create(CultureInfo.InvariantCulture, $"Lambda authorizer '{id}' lists {definition.IdentitySource.Count} identity sources; at most {LambdaAuthorizerDefinition.MaxIdentitySources} are allowed.")));
            }

            foreach (string expression in definition.IdentitySource)
            {
                if (IdentitySource.TryParse(expression, out var source, out string? error))
                {
                    sources.Add(source);
                }
                else
                {
                    errors.Add(new ValidationError(where + ".identitySource", $"Lambda authorizer '{id}' has the identity source '{expression}': {error}. Use $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME."));
                }
            }
        }

        var ttl = definition.ResultTtl;
        if (ttl < TimeSpan.Zero || ttl > LambdaAuthorizerDefinition.MaxResultTtl || ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add(new ValidationError(where + ".authorizerResultTtlInSeconds", string.Create(CultureInfo.InvariantCulture, $"Lambda authorizer '{id}' caches results for {ttl.TotalSeconds} s; use whole seconds from 0 (no caching) to 3600.")));
        }
        else if (ttl > TimeSpan.Zero && definition.IdentitySource is { Count: 0 })
        {
            errors.Add(new ValidationError(where + ".identitySource", $"Lambda authorizer '{id}' caches results but has no identity source to key them by; add an identity source or set the TTL to 0."));
        }

        if (definition.PayloadFormatVersion is not (PayloadFormatVersion.V1 or PayloadFormatVersion.V2))
        {
            errors.Add(new ValidationError(where + ".authorizerPayloadFormatVersion", $"Lambda authorizer '{id}' has the payload format {definition.PayloadFormatVersion}; use 1.0 or 2.0."));
        }
        else if (definition.EnableSimpleResponses && definition.PayloadFormatVersion != PayloadFormatVersion.V2)
        {
            errors.Add(new ValidationError(where + ".enableSimpleResponses", $"Lambda authorizer '{id}' enables simple responses with payload format 1.0; simple responses need format 2.0."));
        }

        var function = LambdaFunctionReference.Create(definition.AuthorizerUri, functions, out string? problem);
        if (function is null)
        {
            errors.Add(new ValidationError(where + ".authorizerUri", $"Lambda authorizer '{id}' {problem}"));
        }

        return errors.Count > before || function is null ? null : new LambdaAuthorizer(id, definition, [.. sources], function, time);
    }
}
