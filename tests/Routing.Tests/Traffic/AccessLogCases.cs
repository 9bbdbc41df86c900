using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routing.Tests.Conformance;
using Routing.Traffic;

namespace Routing.Tests.Traffic;

/// <summary>Runs an <c>access-log</c> case: the format through <see cref="AccessLogFormat"/>, the facts as an <see cref="AccessLogEntry"/>.</summary>
internal static class AccessLogCases
{
    private static readonly HashSet<string> CaseFields = new(StringComparer.Ordinal)
    {
        "id", "title", "confidence", "sources", "notes", "alternatives", "kind", "expect", "format", "facts",
    };

    private static readonly HashSet<string> FactFields = new(StringComparer.Ordinal)
    {
        "requestId", "requestTimeEpoch", "accountId", "apiId", "domainName", "stage", "httpMethod", "path", "clientProtocol", "routeKey",
        "identity", "status", "responseLength", "responseLatency", "dataProcessed", "integration", "error", "authorizer", "customDomain", "clientCert",
    };

    public static ConformanceVerdict Run(ConformanceCase testCase)
    {
        var data = testCase.Data;
        var unhandled = TrafficCorpus.UnhandledInput(data, CaseFields);

        var actual = new JsonObject();
        if (!AccessLogFormat.TryParse((string?)data["format"], out var format, out string? error))
        {
            actual["valid"] = false;
            actual["error"] = "BadRequestException";
            actual["message"] = error;
        }
        else
        {
            actual["valid"] = true;
            if (data["facts"] is JsonObject facts)
            {
                actual["line"] = format.Render(Entry(facts, unhandled));
            }
        }

        var differences = new List<string>();
        TrafficCorpus.Compare(string.Empty, data["expect"] as JsonObject ?? [], actual, differences);

        return TrafficCorpus.Verdict(testCase, differences, unhandled, actual);
    }

    private static AccessLogEntry Entry(JsonObject facts, List<string> unhandled)
    {
        foreach (var (name, _) in facts)
        {
            if (!FactFields.Contains(name))
            {
                unhandled.Add($"fact '{name}' is not handled by the runner");
            }
        }

        var identity = facts["identity"] as JsonObject;
        var integration = facts["integration"] as JsonObject;
        var error = facts["error"] as JsonObject;
        var authorizer = facts["authorizer"] as JsonObject;
        var cert = facts["clientCert"] as JsonObject ?? facts["identity"]?["clientCert"] as JsonObject;
        return new AccessLogEntry
        {
            RequestId = Text(facts["requestId"]),
            RequestTime = (long?)facts["requestTimeEpoch"] is { } epoch ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : null,
            AccountId = Text(facts["accountId"]),
            ApiId = Text(facts["apiId"]),
            DomainName = Text(facts["domainName"]),
            Stage = Text(facts["stage"]),
            HttpMethod = Text(facts["httpMethod"]),
            Path = Text(facts["path"]),
            RouteKey = Text(facts["routeKey"]),
            SourceIp = Text(identity?["sourceIp"]),
            UserAgent = Text(identity?["userAgent"]),
            Status = (int?)facts["status"],
            ResponseLength = (long?)facts["responseLength"],
            ResponseLatency = (long?)facts["responseLatency"],
            DataProcessed = (long?)facts["dataProcessed"],
            IntegrationLatency = (long?)integration?["latency"],
            IntegrationStatus = (int?)integration?["status"],
            IntegrationServiceStatus = (int?)integration?["integrationStatus"],
            IntegrationError = Text(integration?["error"]),
            IntegrationRequestId = Text(integration?["requestId"]),
            ErrorMessage = Text(error?["message"]),
            ErrorResponseType = Text(error?["responseType"]),
            JwtClaims = Texts(authorizer?["jwtClaims"] as JsonObject),
            LambdaContext = Texts(authorizer?["lambdaContext"] as JsonObject),
            PrincipalId = Text(authorizer?["principalId"]),
            AuthorizerError = Text(authorizer?["error"]),
            BasePathMatched = Text(facts["customDomain"]?["basePathMatched"]),
            ClientCertSubject = Text(cert?["subjectDN"]),
            ClientCertIssuer = Text(cert?["issuerDN"]),
            ClientCertSerialNumber = Text(cert?["serialNumber"]),
            ClientCertPem = Text(cert?["clientCertPem"]),
            ClientCertNotBefore = Text(cert?["notBefore"]),
            ClientCertNotAfter = Text(cert?["notAfter"]),
        };
    }

    /// <summary>A fact as text: strings raw, numbers and booleans as JSON writes them.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private static Dictionary<string, string>? Texts(JsonObject? values) =>
        values?.Where(static p => p.Value is not null).ToDictionary(static p => p.Key, static p => Text(p.Value)!, StringComparer.Ordinal);
}
