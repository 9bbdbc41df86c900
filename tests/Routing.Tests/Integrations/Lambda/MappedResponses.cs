using Routing.Http;
using Routing.Pipeline;

namespace Routing.Tests.Integrations.Lambda;

/// <summary>What the client gets for a mapped output: the response, or the gateway's answer when the mapper refuses it.</summary>
internal static class MappedResponses
{
    public static GatewayResponse Answer(Func<GatewayResponse> map)
    {
        try
        {
            return map();
        }
        catch (IntegrationException e)
        {
            return GatewayErrors.Create(e.Kind);
        }
    }
}
