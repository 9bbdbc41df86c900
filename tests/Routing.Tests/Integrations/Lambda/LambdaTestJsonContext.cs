using System.Text.Json.Serialization;

namespace Routing.Tests.Integrations.Lambda;

/// <summary>A handler's own event type: only the members it reads.</summary>
public sealed class GreetingEvent
{
    [JsonPropertyName("rawPath")]
    public string? RawPath { get; set; }

    [JsonPropertyName("pathParameters")]
    public Dictionary<string, string>? PathParameters { get; set; }
}

/// <summary>Source-generated metadata for the typed-handler tests.</summary>
[JsonSerializable(typeof(GreetingEvent))]
[JsonSerializable(typeof(string))]
internal sealed partial class LambdaTestJsonContext : JsonSerializerContext;
