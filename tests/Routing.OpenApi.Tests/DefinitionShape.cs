using System.Globalization;
using System.Text;
using Routing.Definitions;

namespace Routing.OpenApi.Tests;

/// <summary>
/// A canonical text of what an OpenAPI definition carries (routes with their integrations and authorization, authorizers,
/// CORS), without integration ids, so that two definitions are the same API exactly when their texts are equal.
/// </summary>
internal static class DefinitionShape
{
    public static string Of(HttpApiDefinition definition)
    {
        var text = new StringBuilder();
        foreach (var route in definition.Routes.OrderBy(static r => r.RouteKey, StringComparer.Ordinal))
        {
            text.Append("route ").Append(route.RouteKey)
                .Append(" auth=").Append(route.AuthorizationType).Append(' ').Append(route.AuthorizerId)
                .Append(" scopes=[").AppendJoin(',', route.AuthorizationScopes).Append(']').AppendLine();
            var integration = route.IntegrationId is null ? null : definition.Integrations.GetValueOrDefault(route.IntegrationId);
            text.Append("  integration ").AppendLine(integration is null ? "none" : Of(integration));
        }

        foreach (var (name, authorizer) in definition.Authorizers.OrderBy(static a => a.Key, StringComparer.Ordinal))
        {
            text.Append("authorizer ").Append(name).Append(' ').AppendLine(authorizer switch
            {
                JwtAuthorizerDefinition jwt => $"jwt issuer={jwt.Issuer} audience=[{string.Join(',', jwt.Audiences)}] source={jwt.IdentitySource}",
                LambdaAuthorizerDefinition lambda => string.Create(CultureInfo.InvariantCulture,
                    $"lambda uri={lambda.AuthorizerUri} sources=[{string.Join(',', lambda.IdentitySource)}] payload={lambda.PayloadFormatVersion} simple={lambda.EnableSimpleResponses} ttl={lambda.ResultTtl.TotalSeconds} credentials={lambda.CredentialsArn}"),
                _ => authorizer.ToString(),
            });
        }

        text.Append("cors ").AppendLine(definition.Cors is not { } cors ? "none" : string.Create(CultureInfo.InvariantCulture,
            $"origins=[{string.Join(',', cors.AllowOrigins)}] methods=[{string.Join(',', cors.AllowMethods)}] headers=[{string.Join(',', cors.AllowHeaders)}] expose=[{string.Join(',', cors.ExposeHeaders)}] maxAge={cors.MaxAge} credentials={cors.AllowCredentials}"));
        return text.ToString();
    }

    private static string Of(IntegrationDefinition integration) => string.Create(CultureInfo.InvariantCulture,
        $"{integration.IntegrationType} subtype={integration.IntegrationSubtype} uri={integration.IntegrationUri} method={integration.IntegrationMethod} payload={integration.PayloadFormatVersion} timeout={integration.Timeout.TotalMilliseconds} connection={integration.ConnectionType}:{integration.ConnectionId} credentials={integration.CredentialsArn} tls={integration.TlsServerNameToVerify} request={{{Map(integration.RequestParameters)}}} response={{{string.Join(";", integration.ResponseParameters.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => p.Key + ":" + Map(p.Value)))}}}");

    private static string Map(IReadOnlyDictionary<string, string> map) =>
        string.Join(',', map.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => p.Key + "=" + p.Value));
}
