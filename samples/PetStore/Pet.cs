using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PetStore;

/// <summary>A pet as the API returns it.</summary>
public sealed record Pet(int Id, string Name, string Type);

/// <summary>The body of <c>POST /pets</c>.</summary>
public sealed record NewPet(string? Name, string? Type);

/// <summary>An error body, shaped like API Gateway's own: <c>{"message":"..."}</c>.</summary>
public sealed record ErrorMessage(string Message);

/// <summary>What the <c>$default</c> route answers: the stage that served it and the routes to try.</summary>
public sealed record ApiIndex(string Stage, string? Env, IReadOnlyList<string> Routes);

/// <summary>What <c>GET /admin/stats</c> answers: how many pets there are, and who the authorizer let in.</summary>
public sealed record AdminStats(int Pets, string? CheckedBy);

/// <summary>What the legacy backend answers: the request exactly as the proxy forwarded it.</summary>
public sealed record LegacyEcho(string Backend, string Method, string Path, string Query, string? ForwardedFor);

/// <summary>Source-generated JSON for the sample's types, camelCase as JavaScript clients expect.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Pet))]
[JsonSerializable(typeof(IReadOnlyList<Pet>))]
[JsonSerializable(typeof(NewPet))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(ApiIndex))]
[JsonSerializable(typeof(LegacyEcho))]
[JsonSerializable(typeof(AdminStats))]
public sealed partial class PetStoreJsonContext : JsonSerializerContext
{
    /// <summary>For response bodies: JSON read by API clients, never embedded in HTML, so <c>"</c> and <c>+</c> stay as they are.</summary>
    public static PetStoreJsonContext Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
