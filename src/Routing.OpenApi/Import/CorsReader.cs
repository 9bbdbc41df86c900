using System.Globalization;
using System.Text.Json.Nodes;
using Routing.Definitions;

namespace Routing.OpenApi.Import;

/// <summary>Reads the root <c>x-amazon-apigateway-cors</c> into the API's CORS configuration.</summary>
internal static class CorsReader
{
    private const string Extension = "x-amazon-apigateway-cors";

    public static CorsConfiguration? Read(JsonObject root, ImportSession session)
    {
        if (!root.TryGetPropertyValue(Extension, out var node) || node is null)
        {
            return null;
        }

        const string Pointer = "/" + Extension;
        if (node is not JsonObject cors)
        {
            session.Error("cors-invalid", Pointer, "x-amazon-apigateway-cors must be an object (allowOrigins, allowMethods, ...).");
            return null;
        }

        var configuration = new CorsConfiguration();
        foreach (var (member, value) in cors)
        {
            string at = ImportSession.Pointer(Pointer, member);
            switch (member)
            {
                case "allowOrigins":
                    configuration = configuration with { AllowOrigins = List(value, at, session) };
                    break;
                case "allowMethods":
                    configuration = configuration with { AllowMethods = List(value, at, session) };
                    break;
                case "allowHeaders":
                    configuration = configuration with { AllowHeaders = List(value, at, session) };
                    break;
                case "exposeHeaders":
                    configuration = configuration with { ExposeHeaders = List(value, at, session) };
                    break;
                case "maxAge":
                    if (int.TryParse(ImportSession.Text(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int maxAge))
                    {
                        configuration = configuration with { MaxAge = maxAge };
                    }
                    else
                    {
                        session.Error("cors-invalid", at, $"maxAge must be a number of seconds; found '{value?.ToJsonString()}'.");
                    }

                    break;
                case "allowCredentials":
                    if (value is JsonValue flag && flag.TryGetValue(out bool credentials))
                    {
                        configuration = configuration with { AllowCredentials = credentials };
                    }
                    else
                    {
                        session.Error("cors-invalid", at, $"allowCredentials must be true or false; found '{value?.ToJsonString()}'.");
                    }

                    break;
                default:
                    session.Warn("extension-unknown", at, $"'{member}' is not a member of x-amazon-apigateway-cors (allowOrigins, allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials); ignored.");
                    break;
            }
        }

        if (configuration.AllowCredentials && configuration.AllowOrigins.Contains("*"))
        {
            session.Error("cors-credentials-with-wildcard-origin", Pointer, "allow-credentials is not supported if 'allow-origin' is *: name the origins, or set allowCredentials to false.");
        }

        return configuration;
    }

    private static List<string> List(JsonNode? value, string pointer, ImportSession session)
    {
        if (ImportSession.TextList(value, splitCommas: false) is { } items)
        {
            return items;
        }

        session.Error("cors-invalid", pointer, "Must be a list of strings.");
        return [];
    }
}
