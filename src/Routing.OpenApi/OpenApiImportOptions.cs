using System.Text.Json.Nodes;
using Routing.Definitions;

namespace Routing.OpenApi;

/// <summary>What to do with the base path of a definition's server URL (API Gateway's <c>basepath</c> import parameter).</summary>
public enum OpenApiBasePathMode
{
    /// <summary>The base path is left out of the routes (API Gateway's default).</summary>
    Ignore,

    /// <summary>The whole base path is put before every route's path.</summary>
    Prepend,

    /// <summary>The base path's first segment is dropped and the rest put before every route's path.</summary>
    Split,
}

/// <summary>The options of an import, with API Gateway's meanings and defaults.</summary>
public sealed record OpenApiImportOptions
{
    /// <summary>What to do with the base path (<c>basepath</c>).</summary>
    /// <value>The default value is <see cref="OpenApiBasePathMode.Ignore"/>.</value>
    public OpenApiBasePathMode BasePath { get; init; }

    /// <summary>Whether a warning fails the import as an error does (<c>failOnWarnings</c>).</summary>
    /// <value>The default value is <see langword="false"/>: the API is imported and the warnings returned.</value>
    public bool FailOnWarnings { get; init; }

    /// <summary>The value of <c>${AWS::AccountId}</c> in the definition; a definition that uses it without one is refused.</summary>
    public string? AwsAccountId { get; init; }

    /// <summary>The value of <c>${AWS::Region}</c>; a definition that uses it without one is refused.</summary>
    public string? AwsRegion { get; init; }

    /// <summary>The value of <c>${AWS::Partition}</c>.</summary>
    /// <value>The default value is <c>aws</c>.</value>
    public string AwsPartition { get; init; } = "aws";

    /// <summary>The API's name when the definition has no <c>info.title</c> (what CloudFormation or Terraform send beside the body).</summary>
    public string? Name { get; init; }

    /// <summary>The quotas the imported API must keep (routes, integrations, authorizers); over one, the import is refused.</summary>
    /// <value>The default value is <see cref="ApiQuotas.Aws"/>: 300 routes, 300 integrations, 10 authorizers.</value>
    public ApiQuotas Quotas { get; init; } = ApiQuotas.Aws;

    /// <summary>
    /// Resolves a CloudFormation intrinsic (<c>{"Fn::Sub": ...}</c>, <c>{"Ref": ...}</c>) found in the definition, given
    /// its JSON pointer and the intrinsic object, to the string CloudFormation would put there; <see langword="null"/>
    /// leaves it unresolved, which refuses the import. Applied before anything else is read.
    /// </summary>
    public Func<string, JsonObject, string?>? IntrinsicResolver { get; init; }
}
