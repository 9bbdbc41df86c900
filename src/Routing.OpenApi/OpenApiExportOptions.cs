namespace Routing.OpenApi;

/// <summary>The text format of an export (API Gateway's <c>outputType</c>).</summary>
public enum OpenApiOutputType
{
    /// <summary>JSON, indented.</summary>
    Json,

    /// <summary>YAML.</summary>
    Yaml,
}

/// <summary>The options of an export, with <c>aws apigatewayv2 export-api</c>'s meanings and defaults.</summary>
public sealed record OpenApiExportOptions
{
    /// <summary>JSON or YAML (<c>outputType</c>).</summary>
    /// <value>The default value is <see cref="OpenApiOutputType.Json"/>.</value>
    public OpenApiOutputType OutputType { get; init; }

    /// <summary>Whether the <c>x-amazon-apigateway-*</c> extensions, security schemes and security requirements are written (<c>includeExtensions</c>).</summary>
    /// <value>The default value is <see langword="true"/>; without them the file has paths, operations, parameters and responses only.</value>
    public bool IncludeExtensions { get; init; } = true;

    /// <summary>
    /// The stage whose deployment is exported (<c>stageName</c>) when exporting an <c>HttpApi</c>; the latest draft when
    /// <see langword="null"/>. It is also the default of the <c>basePath</c> server variable.
    /// </summary>
    public string? StageName { get; init; }

    /// <summary>The server URL written under <c>servers</c>, which must contain <c>{basePath}</c> to use the variable.</summary>
    /// <value>The default value is <c>/{basePath}</c>: the gateway has no host name of its own.</value>
    public string ServerUrl { get; init; } = "/{basePath}";

    /// <summary>
    /// The <c>info.version</c> written for an API without a version. API Gateway writes the time of the export
    /// (<c>2023-08-16 15:47:17UTC</c>); the default keeps exports identical from one run to the next.
    /// </summary>
    /// <value>The default value is <c>1.0</c>.</value>
    public string VersionWhenUnset { get; init; } = "1.0";
}
