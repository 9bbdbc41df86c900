using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Routing.OpenApi.Configuration;

/// <summary>
/// Resolves the CloudFormation intrinsics of a SAM or CloudFormation definition body to local stand-ins, as
/// <c>sam local</c> does, so that the body can be served without deploying the stack: <c>Ref</c> gives the logical id (or
/// the pseudo parameter's value), <c>Fn::GetAtt [X, Arn]</c> gives a Lambda function ARN whose name is the logical id
/// (so a Lambda integration calls the function named <c>X</c>), a URL or endpoint attribute gives
/// <c>https://x.invalid/</c> (a host that never resolves), <c>Fn::Sub</c> and <c>Fn::Join</c> are applied.
/// Anything else stays unresolved, and the import reports it.
/// </summary>
internal sealed partial class CloudFormationPlaceholders(string region, string accountId, string partition)
{
    public string? Resolve(string pointer, JsonObject intrinsic) => Value(intrinsic);

    private string? Value(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue(out string? text):
                return text;
            case JsonObject { Count: 1 } intrinsic:
                var (name, argument) = intrinsic.First();
                return name switch
                {
                    "Ref" => argument is JsonValue reference && reference.TryGetValue(out string? id) ? Ref(id) : null,
                    "Fn::GetAtt" => GetAtt(argument),
                    "Fn::Sub" => Sub(argument),
                    "Fn::Join" => Join(argument),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private string Ref(string id) => id switch
    {
        "AWS::Region" => region,
        "AWS::AccountId" => accountId,
        "AWS::Partition" => partition,
        "AWS::StackName" => "local",
        "AWS::URLSuffix" => "amazonaws.com",
        _ => id,
    };

    private string? GetAtt(JsonNode? argument)
    {
        string? target = argument switch
        {
            JsonArray { Count: 2 } pair => Value(pair[0]) is { } id && Value(pair[1]) is { } attribute ? id + "." + attribute : null,
            JsonValue => Value(argument),
            _ => null,
        };
        return target is null ? null : Attribute(target);
    }

    private string Attribute(string target)
    {
        int dot = target.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return Ref(target);
        }

        string id = target[..dot], attribute = target[(dot + 1)..];
        if (attribute == "Arn")
        {
            return $"arn:{partition}:lambda:{region}:{accountId}:function:{id}";
        }

        // A URL or endpoint attribute (an AppSync GraphQLUrl, say) gets a host that never resolves: the route is served, and its call fails.
        return attribute.EndsWith("Url", StringComparison.OrdinalIgnoreCase) || attribute.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase)
            ? $"https://{id.ToLowerInvariant()}.invalid/"
            : id;
    }

    private string? Sub(JsonNode? argument)
    {
        string? template;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (argument)
        {
            case JsonValue:
                template = Value(argument);
                break;
            case JsonArray { Count: 2 } pair when pair[1] is JsonObject given:
                template = Value(pair[0]);
                foreach (var (key, value) in given)
                {
                    variables[key] = Value(value);
                }

                break;
            default:
                return null;
        }

        if (template is null)
        {
            return null;
        }

        bool unresolved = false;
        string result = Placeholder().Replace(template, match =>
        {
            string key = match.Groups["key"].Value;
            if (key.StartsWith("stageVariables.", StringComparison.Ordinal))
            {
                return match.Value;
            }

            if (variables.TryGetValue(key, out string? given))
            {
                unresolved |= given is null;
                return given ?? match.Value;
            }

            return key.Contains("::", StringComparison.Ordinal) ? Ref(key) : Attribute(key);
        });
        return unresolved ? null : result;
    }

    private string? Join(JsonNode? argument)
    {
        if (argument is not JsonArray { Count: 2 } pair || Value(pair[0]) is not { } separator || pair[1] is not JsonArray parts)
        {
            return null;
        }

        var text = new StringBuilder();
        for (int i = 0; i < parts.Count; i++)
        {
            if (Value(parts[i]) is not { } part)
            {
                return null;
            }

            text.Append(i > 0 ? separator : string.Empty).Append(part);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\$\{(?<key>[^}!][^}]*)\}")]
    private static partial Regex Placeholder();
}
