using System.Text.Json.Serialization;

namespace Routing.Integrations.Lambda;

/// <summary>
/// Source-generated JSON metadata for the payload format 2.0 models (<see cref="PayloadV2Request"/>,
/// <see cref="PayloadV2Response"/>), trimming- and AOT-safe. <see langword="null"/> members are not written.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PayloadV2Request))]
[JsonSerializable(typeof(PayloadV2Response))]
public sealed partial class PayloadJsonContext : JsonSerializerContext;
