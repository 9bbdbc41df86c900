using Routing.Definitions;


namespace Routing.Authorization.Jwt;

/// <summary>Deploy-time checks of a JWT authorizer definition.</summary>
internal sealed partial class JwtAuthorizer
{
    /// <summary>Checks an authorizer definition at deploy time.</summary>
    /// <param name="id">The authorizer id (named in every message).</param>
    /// <param name="definition">The definition.</param>
    /// <param name="quotas">The quotas (audiences per authorizer); AWS's when <see langword="null"/>.</param>
    /// <returns>Every problem found; empty when the authorizer can be compiled.</returns>
    public static IReadOnlyList<ValidationError> Validate(string id, JwtAuthorizerDefinition definition, ApiQuotas? quotas = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<ValidationError>();
        string where = $"authorizers[{id}]";

        if (!JwtIdentitySource.TryParse(definition.IdentitySource, out _))
        {
            errors.Add(new ValidationError(
                where + ".identitySource",
                $"JWT authorizer '{id}' has the identity source '{definition.IdentitySource}'; use $request.header.NAME or $request.querystring.NAME, e.g. $request.header.Authorization."));
        }

        ValidateIssuer(id, definition, where, errors);
        ValidateAudiences(id, definition, quotas ?? ApiQuotas.Aws, where, errors);
        ValidateAlgorithms(id, definition, where, errors);

        if (definition.MaxTokenBytes <= 0)
        {
            errors.Add(new ValidationError(
                where + ".maxTokenBytes",
                $"JWT authorizer '{id}' has MaxTokenBytes {definition.MaxTokenBytes}; use a positive number of bytes (the default is {16 * 1024})."));
        }

        if (definition.ClockSkew < TimeSpan.Zero)
        {
            errors.Add(new ValidationError(
                where + ".clockSkew",
                $"JWT authorizer '{id}' has a negative clock skew ({definition.ClockSkew}); use zero (the default, as API Gateway) or a small positive leeway."));
        }

        return errors;
    }

    private static void ValidateIssuer(string id, JwtAuthorizerDefinition definition, string where, List<ValidationError> errors)
    {
        string? issuer = definition.Issuer;
        if (string.IsNullOrWhiteSpace(issuer))
        {
            errors.Add(new ValidationError(
                where + ".issuer",
                $"JWT authorizer '{id}' has no issuer; set Issuer to the identity provider's issuer URL, the exact value of its tokens' iss claim."));
        }
        else if (!IsHttpUrl(issuer, out var issuerUri))
        {
            errors.Add(new ValidationError(
                where + ".issuer",
                $"JWT authorizer '{id}' has the issuer '{issuer}', which is not an absolute http(s) URL; use the issuer URL of the identity provider, e.g. https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example."));
        }
        else if (issuerUri.Query.Length > 0 || issuerUri.Fragment.Length > 0 || issuer.Contains('?', StringComparison.Ordinal) || issuer.Contains('#', StringComparison.Ordinal))
        {
            errors.Add(new ValidationError(
                where + ".issuer",
                $"JWT authorizer '{id}' has the issuer '{issuer}', which has a query or fragment; an OIDC issuer URL has neither."));
        }

        if (definition.DiscoveryUri is { } discovery && (!discovery.IsAbsoluteUri || (discovery.Scheme != Uri.UriSchemeHttps && discovery.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add(new ValidationError(
                where + ".discoveryUri",
                $"JWT authorizer '{id}' has the discovery address '{discovery}', which is not an absolute http(s) URL; leave it unset to use {{issuer}}/.well-known/openid-configuration."));
        }
    }

    private static void ValidateAudiences(string id, JwtAuthorizerDefinition definition, ApiQuotas quotas, string where, List<ValidationError> errors)
    {
        var audiences = definition.Audiences;
        if (audiences is null || audiences.Count == 0)
        {
            errors.Add(new ValidationError(
                where + ".audiences",
                $"JWT authorizer '{id}' lists no audience; add at least one (a token's aud, or client_id when it has no aud, must name one)."));
            return;
        }

        if (audiences.Count > quotas.AudiencesPerAuthorizer)
        {
            errors.Add(new ValidationError(
                where + ".audiences",
                ApiQuotas.Exceeded($"JWT authorizer '{id}'", audiences.Count, "audiences", quotas.AudiencesPerAuthorizer, nameof(ApiQuotas.AudiencesPerAuthorizer))));
        }

        for (int i = 0; i < audiences.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(audiences[i]))
            {
                errors.Add(new ValidationError(
                    $"{where}.audiences[{i}]",
                    $"JWT authorizer '{id}' has an empty audience at position {i}; remove it or give the audience's value."));
            }
        }
    }

    private static void ValidateAlgorithms(string id, JwtAuthorizerDefinition definition, string where, List<ValidationError> errors)
    {
        var algorithms = definition.AllowedAlgorithms;
        if (algorithms is null || algorithms.Count == 0)
        {
            errors.Add(new ValidationError(
                where + ".allowedAlgorithms",
                $"JWT authorizer '{id}' allows no signing algorithm; allow at least one of {JwtAlgorithms.SupportedList} (the default is RS256, RS384 and RS512)."));
            return;
        }

        foreach (string? algorithm in algorithms)
        {
            if (algorithm is not null && JwtAlgorithms.IsSupported(algorithm))
            {
                continue;
            }

            string message = algorithm switch
            {
                null => $"JWT authorizer '{id}' allows a null algorithm; use {JwtAlgorithms.SupportedList}.",
                _ when string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase)
                    => $"JWT authorizer '{id}' allows the algorithm '{algorithm}'; unsigned tokens are never accepted, so remove it.",
                _ when JwtAlgorithms.IsHmac(algorithm)
                    => $"JWT authorizer '{id}' allows the HMAC algorithm '{algorithm}'; keys come only from the issuer's JWKS, whose public keys must never serve as HMAC secrets, so use {JwtAlgorithms.SupportedList}.",
                _ => $"JWT authorizer '{id}' allows the algorithm '{algorithm}', which is not supported (names are case-sensitive); use {JwtAlgorithms.SupportedList}.",
            };
            errors.Add(new ValidationError(where + ".allowedAlgorithms", message));
        }
    }

    private static bool IsHttpUrl(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri)
        => Uri.TryCreate(value, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
