using System.Globalization;

namespace Routing.Definitions;

/// <summary>
/// The API Gateway quotas the gateway enforces when it validates a definition or a stage, with AWS's default values.
/// AWS raises some of them per account on request (routes, stages, authorizers); here each is an option, so a host
/// that needs more sets it, and every refusal names the option to raise.
/// </summary>
/// <remarks>
/// Set them with <c>HttpApiOptions.Quotas</c>, e.g. <c>Quotas = ApiQuotas.Aws with { RoutesPerApi = 1000 }</c>.
/// Every value must be at least 1.
/// </remarks>
public sealed record ApiQuotas
{
    /// <summary>AWS's default quotas for HTTP APIs.</summary>
    public static ApiQuotas Aws { get; } = new();

    /// <summary>The most routes an API may have.</summary>
    /// <value>The default value is 300 (AWS's default; raisable there).</value>
    public int RoutesPerApi { get; init => field = AtLeastOne(value); } = 300;

    /// <summary>The most integrations an API may have.</summary>
    /// <value>The default value is 300 (AWS's quota).</value>
    public int IntegrationsPerApi { get; init => field = AtLeastOne(value); } = 300;

    /// <summary>The most stages an API may have.</summary>
    /// <value>The default value is 10 (AWS's default; raisable there).</value>
    public int StagesPerApi { get; init => field = AtLeastOne(value); } = 10;

    /// <summary>The most authorizers an API may have.</summary>
    /// <value>The default value is 10 (AWS's default; raisable there).</value>
    public int AuthorizersPerApi { get; init => field = AtLeastOne(value); } = 10;

    /// <summary>The most variables a stage may have.</summary>
    /// <value>The default value is 100 (AWS's quota).</value>
    public int StageVariablesPerStage { get; init => field = AtLeastOne(value); } = 100;

    /// <summary>The most authorization scopes a route may list.</summary>
    /// <value>The default value is 10 (AWS's quota).</value>
    public int ScopesPerRoute { get; init => field = AtLeastOne(value); } = 10;

    /// <summary>The most audiences a JWT authorizer may list.</summary>
    /// <value>The default value is 50 (AWS's quota).</value>
    public int AudiencesPerAuthorizer { get; init => field = AtLeastOne(value); } = 50;

    /// <summary>The message of a refusal: what has how many, the quota, and the option that raises it.</summary>
    /// <param name="subject">What exceeds it, e.g. "The API" or "Route 'GET /pets'".</param>
    /// <param name="count">How many it has.</param>
    /// <param name="things">What it has too many of, e.g. "routes".</param>
    /// <param name="quota">The quota's value.</param>
    /// <param name="option">The name of the property that raises it.</param>
    /// <returns>The message.</returns>
    internal static string Exceeded(string subject, int count, string things, int quota, string option)
        => string.Create(CultureInfo.InvariantCulture,
            $"{subject} has {count} {things}; at most {quota} are allowed (API Gateway's quota; set Quotas.{option} in HttpApiOptions, or HttpApiRoutingOptions in ASP.NET Core, to allow more).");

    private static int AtLeastOne(int value, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
        => value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "A quota must be at least 1.");
}
