namespace Routing.Definitions;

/// <summary>How the gateway reaches an integration's backend, as API Gateway's <c>connectionType</c>.</summary>
public enum ConnectionType
{
    /// <summary><c>INTERNET</c>: over the network the host can reach.</summary>
    Internet,

    /// <summary><c>VPC_LINK</c>: through a VPC link. Recorded for import and export; the backend is reached as with <see cref="Internet"/>.</summary>
    VpcLink,
}
