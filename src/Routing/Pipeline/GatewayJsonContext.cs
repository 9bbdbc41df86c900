using System.Text.Json.Serialization;

namespace Routing.Pipeline;

/// <summary>Source-generated JSON metadata for the gateway's own bodies.</summary>
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
