using Routing.Definitions;
using Routing.Pipeline;


namespace Routing.AspNetCore;

/// <summary>
/// Settings of the ASP.NET Core hosting of an HTTP API. The delegate given to
/// <c>services.AddHttpApiRouting(...)</c> fills them; they are frozen when the API is first resolved.
/// </summary>
public sealed class HttpApiRoutingOptions
{
    private bool _passThroughUnmatched;
    private ApiIdentity? _identity;
    private TimeProvider? _timeProvider;
    private ApiQuotas _quotas = ApiQuotas.Aws;

    /// <summary>
    /// Whether <c>app.UseHttpApi()</c> hands a request that no stage or route takes to the next middleware, so the API
    /// can sit in front of the host's own middleware. When <see langword="false"/>, such a request gets API Gateway's
    /// 404 <c>{"message":"Not Found"}</c>. When <see langword="true"/>, a request the gateway cannot read as its own (a
    /// malformed or ambiguous target such as <c>%2F</c> in the path, a method it never routes) goes on too, unjudged.
    /// The gateway always tries first, so its routes win over the host's endpoints on the same path.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool PassThroughUnmatched
    {
        get => _passThroughUnmatched;
        set
        {
            ThrowIfFrozen();
            _passThroughUnmatched = value;
        }
    }

    /// <summary>The API's identity as reported in payload events; ignored when an existing <see cref="Apis.HttpApi"/> is registered.</summary>
    /// <value>The default value is <see langword="null"/>: the identity of <see cref="Apis.HttpApiOptions"/>.</value>
    public ApiIdentity? Identity
    {
        get => _identity;
        set
        {
            ThrowIfFrozen();
            _identity = value;
        }
    }

    /// <summary>The clock for deployment and request times; ignored when an existing <see cref="Apis.HttpApi"/> is registered.</summary>
    /// <value>The default value is <see langword="null"/>: the <see cref="TimeProvider"/> registered in the service
    /// provider, else <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider
    {
        get => _timeProvider;
        set
        {
            ThrowIfFrozen();
            _timeProvider = value;
        }
    }

    /// <summary>The API Gateway quotas the API enforces; ignored when an existing <see cref="Apis.HttpApi"/> is registered.</summary>
    /// <value>The default value is <see cref="ApiQuotas.Aws"/>.</value>
    public ApiQuotas Quotas
    {
        get => _quotas;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            ThrowIfFrozen();
            _quotas = value;
        }
    }

    /// <summary>Whether the options were frozen (the API has been built from them).</summary>
    public bool IsFrozen { get; private set; }

    internal void Freeze() => IsFrozen = true;

    private void ThrowIfFrozen()
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException(
                "The HTTP API routing options are frozen: the API was already built from them. Change them in the delegate given to AddHttpApiRouting.");
        }
    }
}
