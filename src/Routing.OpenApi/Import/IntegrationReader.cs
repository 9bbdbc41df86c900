using System.Globalization;
using System.Text.Json.Nodes;
using Routing.Definitions;
using Routing.Pipeline;
using Routing.Transforms;

namespace Routing.OpenApi.Import;

/// <summary>Reads <c>x-amazon-apigateway-integration</c> objects (inline or through <c>$ref</c> to a component) into integration definitions.</summary>
internal sealed class IntegrationReader(ImportSession session, JsonObject? components)
{
    private const string ComponentsPrefix = "#/components/x-amazon-apigateway-integrations/";

    /// <summary>The members HTTP APIs do not use (REST's), reported once each and ignored.</summary>
    private static readonly string[] RestOnlyMembers = ["passthroughBehavior", "contentHandling", "requestTemplates", "responses", "cacheKeyParameters", "cacheNamespace"];

    /// <summary>The AWS service actions an integration may call, with their required parameters.</summary>
    private static readonly Dictionary<string, string[]> Subtypes = new(StringComparer.Ordinal)
    {
        ["EventBridge-PutEvents"] = ["Detail", "DetailType", "Source"],
        ["SQS-SendMessage"] = ["QueueUrl", "MessageBody"],
        ["SQS-ReceiveMessage"] = ["QueueUrl"],
        ["SQS-DeleteMessage"] = ["ReceiptHandle", "QueueUrl"],
        ["SQS-PurgeQueue"] = ["QueueUrl"],
        ["AppConfig-GetConfiguration"] = ["Application", "Environment", "Configuration", "ClientId"],
        ["Kinesis-PutRecord"] = ["StreamName", "Data", "PartitionKey"],
        ["StepFunctions-StartExecution"] = ["StateMachineArn"],
        ["StepFunctions-StartSyncExecution"] = ["StateMachineArn"],
        ["StepFunctions-StopExecution"] = ["ExecutionArn"],
    };

    /// <summary>The integration an operation names, or <see langword="null"/> (route without integration) after a diagnostic.</summary>
    /// <param name="node">The extension's value.</param>
    /// <param name="pointer">Its JSON pointer.</param>
    /// <param name="routeKey">The route it serves, for messages.</param>
    public IntegrationDefinition? Read(JsonNode? node, string pointer, string routeKey)
    {
        if (node is not JsonObject integration)
        {
            session.Warn("integration-type-missing", pointer, $"The integration of '{routeKey}' is not an object; the route is imported without an integration.");
            return null;
        }

        if (integration.TryGetPropertyValue("$ref", out var reference))
        {
            return ReadReference(integration, ImportSession.Text(reference), pointer, routeKey);
        }

        return ReadObject(integration, pointer, routeKey);
    }

    private IntegrationDefinition? ReadReference(JsonObject integration, string? reference, string pointer, string routeKey)
    {
        if (integration.Count > 1)
        {
            session.Info("integration-ref-siblings-ignored", pointer, $"Members beside '$ref' in the integration of '{routeKey}' are ignored, as OpenAPI 3.0 does.");
        }

        string refPointer = ImportSession.Pointer(pointer, "$ref");
        if (reference is null || !reference.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
        {
            session.Warn("integration-ref-unresolved", refPointer, $"The integration '$ref' '{reference}' of '{routeKey}' must point into #/components/x-amazon-apigateway-integrations; the route is imported without an integration.");
            return null;
        }

        string name = reference[ComponentsPrefix.Length..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        if (components?[name] is not JsonObject component)
        {
            session.Warn("integration-ref-unresolved", refPointer, $"'{reference}' names no integration under components.x-amazon-apigateway-integrations; the route '{routeKey}' is imported without an integration.");
            return null;
        }

        string componentPointer = ImportSession.Pointer("/components/x-amazon-apigateway-integrations", name);
        if (component.ContainsKey("$ref"))
        {
            session.Warn("integration-ref-unresolved", ImportSession.Pointer(componentPointer, "$ref"), $"The component integration '{name}' is itself a '$ref'; chains are not followed, so '{routeKey}' is imported without an integration.");
            return null;
        }

        return ReadObject(component, componentPointer, routeKey);
    }

    private IntegrationDefinition? ReadObject(JsonObject integration, string pointer, string routeKey)
    {
        string? type = session.RequireText(integration, "type", pointer, "integration-type-missing");
        if (type is null)
        {
            session.Warn("integration-type-missing", pointer, $"Unknown integration type 'null' for '{routeKey}'. Ignoring: the route is imported without an integration.");
            return null;
        }

        IntegrationType integrationType;
        switch (type.ToUpperInvariant())
        {
            case "AWS_PROXY":
                integrationType = IntegrationType.AwsProxy;
                break;
            case "HTTP_PROXY":
                integrationType = IntegrationType.HttpProxy;
                break;
            default:
                session.Warn("integration-type-unsupported", ImportSession.Pointer(pointer, "type"), $"The integration of '{routeKey}' has type '{type}'; HTTP APIs support only Lambda proxy (aws_proxy) and HTTP proxy (http_proxy) integrations. The route is imported without an integration.");
                return null;
        }

        foreach (string member in RestOnlyMembers)
        {
            if (integration.ContainsKey(member))
            {
                session.Info("rest-only-field-ignored", ImportSession.Pointer(pointer, member), $"'{member}' applies to REST APIs only; ignored.");
            }
        }

        string? subtype = session.RequireText(integration, "integrationSubtype", pointer, "integration-subtype-unknown");
        if (subtype is not null && (integrationType != IntegrationType.AwsProxy || !Subtypes.ContainsKey(subtype)))
        {
            session.Error("integration-subtype-unknown", ImportSession.Pointer(pointer, "integrationSubtype"),
                integrationType != IntegrationType.AwsProxy
                    ? $"integrationSubtype '{subtype}' is allowed only on aws_proxy integrations."
                    : $"integrationSubtype '{subtype}' is not an AWS service action HTTP APIs support; use one of {string.Join(", ", Subtypes.Keys)}.");
            return null;
        }

        var version = ReadPayloadFormatVersion(integration, pointer, routeKey, integrationType, subtype);
        if (version is null)
        {
            return null;
        }

        string? method = session.RequireText(integration, "httpMethod", pointer, "integration-type-missing")?.ToUpperInvariant();
        if (integrationType == IntegrationType.AwsProxy && subtype is null && method is not null && method != "POST")
        {
            session.Info("lambda-method-not-post", ImportSession.Pointer(pointer, "httpMethod"), $"The Lambda integration of '{routeKey}' has httpMethod '{method}'; Lambda is invoked with POST whatever it says.");
        }

        var definition = new IntegrationDefinition
        {
            IntegrationType = integrationType,
            IntegrationSubtype = subtype,
            IntegrationUri = session.RequireText(integration, "uri", pointer, "cfn-intrinsic-unresolved"),
            IntegrationMethod = method,
            PayloadFormatVersion = version.Value,
            Timeout = ReadTimeout(integration, pointer, routeKey),
            ConnectionType = ReadConnectionType(integration, pointer),
            ConnectionId = session.RequireText(integration, "connectionId", pointer, "cfn-intrinsic-unresolved"),
            CredentialsArn = session.RequireText(integration, "credentials", pointer, "cfn-intrinsic-unresolved"),
            TlsServerNameToVerify = ReadTls(integration, pointer),
            RequestParameters = ReadRequestParameters(integration, pointer, subtype),
            ResponseParameters = ReadResponseParameters(integration, pointer),
        };

        if (subtype is not null)
        {
            session.Info("aws-service-integration", ImportSession.Pointer(pointer, "integrationSubtype"),
                $"'{routeKey}' calls the AWS service action {subtype}; the gateway never calls AWS itself, so a function registered under the name '{subtype}' serves it, and without one the route answers 500 (a deployment warning says so).");
            foreach (string required in Subtypes[subtype])
            {
                if (!definition.RequestParameters.ContainsKey(required))
                {
                    session.Warn("subtype-parameter-missing", ImportSession.Pointer(pointer, "requestParameters"), $"The {subtype} integration of '{routeKey}' has no '{required}' request parameter, which the action requires.");
                }
            }
        }
        else
        {
            CheckMappings(definition, pointer);
        }

        return definition;
    }

    private PayloadFormatVersion? ReadPayloadFormatVersion(JsonObject integration, string pointer, string routeKey, IntegrationType type, string? subtype)
    {
        string at = ImportSession.Pointer(pointer, "payloadFormatVersion");
        if (!integration.TryGetPropertyValue("payloadFormatVersion", out var node) || node is null)
        {
            session.Error("payload-format-version-missing", pointer, $"The integration of '{routeKey}' has no payloadFormatVersion, which HTTP APIs require: add payloadFormatVersion: \"2.0\" (Lambda) or \"1.0\".");
            return null;
        }

        switch (ImportSession.Text(node))
        {
            case "1.0" or "1":
                return PayloadFormatVersion.V1;
            case "2.0" or "2" when type == IntegrationType.AwsProxy && subtype is null:
                return PayloadFormatVersion.V2;
            case { } other:
                session.Error("payload-format-version-invalid", at, type == IntegrationType.AwsProxy && subtype is null
                    ? $"payloadFormatVersion '{other}' of '{routeKey}' is not valid; use \"1.0\" or \"2.0\"."
                    : $"payloadFormatVersion '{other}' of '{routeKey}' is not valid for this integration; HTTP proxy and AWS service integrations use \"1.0\".");
                return null;
            default:
                session.Error("payload-format-version-invalid", at, $"payloadFormatVersion of '{routeKey}' must be \"1.0\" or \"2.0\".");
                return null;
        }
    }

    private TimeSpan ReadTimeout(JsonObject integration, string pointer, string routeKey)
    {
        if (!integration.TryGetPropertyValue("timeoutInMillis", out var node) || node is null)
        {
            return IntegrationDefinition.MaxTimeout;
        }

        string at = ImportSession.Pointer(pointer, "timeoutInMillis");
        if (!int.TryParse(ImportSession.Text(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out int millis)
            || millis < IntegrationDefinition.MinTimeout.TotalMilliseconds
            || millis > IntegrationDefinition.MaxTimeout.TotalMilliseconds)
        {
            session.Warn("timeout-out-of-range", at, $"timeoutInMillis '{ImportSession.Text(node)}' of '{routeKey}' is outside 50 to 30000; the default, 30000, is used.");
            return IntegrationDefinition.MaxTimeout;
        }

        return TimeSpan.FromMilliseconds(millis);
    }

    private ConnectionType ReadConnectionType(JsonObject integration, string pointer)
    {
        string? text = session.RequireText(integration, "connectionType", pointer, "cfn-intrinsic-unresolved");
        if (text is not null && text.Equals("VPC_LINK", StringComparison.OrdinalIgnoreCase))
        {
            session.Info("vpc-link-unresolved", ImportSession.Pointer(pointer, "connectionType"), "The integration connects through a VPC link; the gateway has none and calls the URI directly.");
            return ConnectionType.VpcLink;
        }

        return ConnectionType.Internet;
    }

    private string? ReadTls(JsonObject integration, string pointer)
    {
        if (integration["tlsConfig"] is not JsonObject tls)
        {
            return null;
        }

        string tlsPointer = ImportSession.Pointer(pointer, "tlsConfig");
        if (tls.ContainsKey("insecureSkipVerification"))
        {
            session.Info("rest-only-field-ignored", ImportSession.Pointer(tlsPointer, "insecureSkipVerification"), "'insecureSkipVerification' applies to REST APIs only; ignored.");
        }

        return session.RequireText(tls, "serverNameToVerify", tlsPointer, "cfn-intrinsic-unresolved");
    }

    private Dictionary<string, string> ReadRequestParameters(JsonObject integration, string pointer, string? subtype)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (integration["requestParameters"] is not JsonObject map)
        {
            return parameters;
        }

        string mapPointer = ImportSession.Pointer(pointer, "requestParameters");
        foreach (var (key, value) in map)
        {
            string at = ImportSession.Pointer(mapPointer, key);
            if (subtype is null && key.StartsWith("integration.", StringComparison.Ordinal))
            {
                session.Warn("parameter-mapping-rest-style", at, $"'{key}' is a REST API mapping; HTTP APIs write append|overwrite|remove:header.name, querystring.name or overwrite:path. Dropped.");
                continue;
            }

            if (ImportSession.Text(value) is { } text)
            {
                parameters[key] = text;
            }
            else
            {
                session.Error("parameter-mapping-invalid", at, $"The value of '{key}' must be a string.");
            }
        }

        return parameters;
    }

    private Dictionary<string, IReadOnlyDictionary<string, string>> ReadResponseParameters(JsonObject integration, string pointer)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (integration["responseParameters"] is not JsonObject map)
        {
            return result;
        }

        string mapPointer = ImportSession.Pointer(pointer, "responseParameters");
        foreach (var (status, mappings) in map)
        {
            string statusPointer = ImportSession.Pointer(mapPointer, status);
            if (mappings is not JsonObject entries)
            {
                session.Error("parameter-mapping-invalid", statusPointer, $"The response mappings of status '{status}' must be an object of mapping keys to values.");
                continue;
            }

            var forStatus = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in entries)
            {
                if (ImportSession.Text(value) is { } text)
                {
                    forStatus[key] = text;
                }
                else
                {
                    session.Error("parameter-mapping-invalid", ImportSession.Pointer(statusPointer, key), $"The value of '{key}' must be a string.");
                }
            }

            result[status] = forStatus;
        }

        return result;
    }

    /// <summary>Checks every mapping with the core's own rules, one at a time so that each error names its member.</summary>
    private void CheckMappings(IntegrationDefinition definition, string pointer)
    {
        foreach (var (key, value) in definition.RequestParameters)
        {
            var single = definition with { RequestParameters = new Dictionary<string, string> { [key] = value }, ResponseParameters = new Dictionary<string, IReadOnlyDictionary<string, string>>() };
            Report(single, ImportSession.Pointer(ImportSession.Pointer(pointer, "requestParameters"), key));
        }

        foreach (var (status, mappings) in definition.ResponseParameters)
        {
            foreach (var (key, value) in mappings)
            {
                var single = definition with
                {
                    RequestParameters = new Dictionary<string, string>(),
                    ResponseParameters = new Dictionary<string, IReadOnlyDictionary<string, string>> { [status] = new Dictionary<string, string> { [key] = value } },
                };
                Report(single, ImportSession.Pointer(ImportSession.Pointer(ImportSession.Pointer(pointer, "responseParameters"), status), key));
            }
        }

        void Report(IntegrationDefinition single, string at)
        {
            var errors = new List<ValidationError>();
            _ = ParameterMapping.Compile("import", single, single.IntegrationType, errors);
            foreach (var error in errors)
            {
                session.Error("parameter-mapping-invalid", at, error.Message);
            }
        }
    }
}
