namespace Routing.Definitions;

/// <summary>
/// The editable draft of an HTTP API: routes, integrations, authorizers and CORS, as data. Deploying validates it as
/// a whole (every problem reported at once) and compiles an immutable deployment; editing it afterwards changes
/// only the draft.
/// </summary>
public sealed class HttpApiDefinition
{
    /// <summary>The routes, in order.</summary>
    public List<RouteDefinition> Routes { get; } = [];

    /// <summary>The integrations, by id.</summary>
    public Dictionary<string, IntegrationDefinition> Integrations { get; } = new(StringComparer.Ordinal);

    /// <summary>The authorizers (<see cref="JwtAuthorizerDefinition"/>, <see cref="LambdaAuthorizerDefinition"/>), by id.</summary>
    public Dictionary<string, AuthorizerDefinition> Authorizers { get; } = new(StringComparer.Ordinal);

    /// <summary>The API's CORS configuration; <see langword="null"/> when CORS is not configured.</summary>
    public CorsConfiguration? Cors { get; set; }

    /// <summary>Where routes that require an API key find it (<c>apiKeySource</c>).</summary>
    /// <value>The default value is <see cref="ApiKeySource.Header"/>: the <c>x-api-key</c> header.</value>
    public ApiKeySource ApiKeySource { get; set; }

    /// <summary>The API's name (AWS's <c>name</c>; OpenAPI's <c>info.title</c>); <see langword="null"/> when unset.</summary>
    public string? Name { get; set; }

    /// <summary>The API's version label (<c>version</c>; <c>info.version</c>); <see langword="null"/> when unset.</summary>
    public string? Version { get; set; }

    /// <summary>The API's description (<c>description</c>; <c>info.description</c>); <see langword="null"/> when unset.</summary>
    public string? Description { get; set; }

    /// <summary>A copy of the draft (its parts are immutable records, so a shallow copy suffices).</summary>
    /// <returns>The copy.</returns>
    public HttpApiDefinition Clone()
    {
        var copy = new HttpApiDefinition();
        copy.ReplaceWith(this);
        return copy;
    }

    /// <summary>Makes this definition hold what another holds (a reimport or a reload replaces a draft this way).</summary>
    /// <param name="source">The definition to copy; its parts are immutable records, so they are shared.</param>
    internal void ReplaceWith(HttpApiDefinition source)
    {
        Routes.Clear();
        Routes.AddRange(source.Routes);
        Integrations.Clear();
        foreach (var (id, integration) in source.Integrations)
        {
            Integrations.Add(id, integration);
        }

        Authorizers.Clear();
        foreach (var (id, authorizer) in source.Authorizers)
        {
            Authorizers.Add(id, authorizer);
        }

        Cors = source.Cors;
        ApiKeySource = source.ApiKeySource;
        Name = source.Name;
        Version = source.Version;
        Description = source.Description;
    }
}
