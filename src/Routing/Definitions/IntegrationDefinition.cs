using Routing.Pipeline;




namespace Routing.Definitions;

/// <summary>An integration of an API definition: what serves the routes that name it, and how.</summary>
public sealed record IntegrationDefinition
{
    /// <summary>The shortest integration timeout API Gateway allows.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest integration timeout API Gateway allows, and the default.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The integration that serves requests.</summary>
    public required IIntegration Integration { get; init; }

    /// <summary>How long the integration may take before the client gets API Gateway's timeout answer.</summary>
    /// <value>The default value is 30 seconds, API Gateway's default and maximum.</value>
    public TimeSpan Timeout { get; init; } = MaxTimeout;

    /// <summary>Request parameter mappings (<c>overwrite:header.x</c> to a value), as API Gateway's <c>requestParameters</c>.</summary>
    public IReadOnlyDictionary<string, string> RequestParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Response parameter mappings per integration status code, as API Gateway's <c>responseParameters</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ResponseParameters { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();
}
