using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Routing.Integrations.Lambda;

namespace PetStore;

/// <summary>
/// The pet store's functions, written as AWS Lambda functions behind an HTTP API (payload format 2.0): each reads
/// the event (path parameters, query string, body, stage variables) and returns a status code, headers and a body.
/// </summary>
public sealed class PetHandlers(PetRepository pets)
{
    private static readonly PetStoreJsonContext Json = PetStoreJsonContext.Api;

    /// <summary><c>GET /pets</c>, or <c>GET /pets?type=dog</c>.</summary>
    public ValueTask<PayloadV2Response> ListPets(PayloadV2Request request, CancellationToken cancellationToken)
    {
        IEnumerable<Pet> result = pets.List();
        if (request.QueryStringParameters?.TryGetValue("type", out string? type) == true)
        {
            result = result.Where(pet => pet.Type == type);
        }

        return Respond(200, [.. result], Json.IReadOnlyListPet);
    }

    /// <summary><c>GET /pets/{id}</c>: the pet, or 404.</summary>
    public ValueTask<PayloadV2Response> GetPet(PayloadV2Request request, CancellationToken cancellationToken)
    {
        string? id = null;
        request.PathParameters?.TryGetValue("id", out id);
        return int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && pets.Find(number) is { } pet
            ? Respond(200, pet, Json.Pet)
            : Error(404, $"Pet {id} not found");
    }

    /// <summary><c>POST /pets</c> with <c>{"name":"Rex","type":"dog"}</c>: 201 and the new pet, or 400.</summary>
    public ValueTask<PayloadV2Response> CreatePet(PayloadV2Request request, CancellationToken cancellationToken)
    {
        NewPet? body;
        try
        {
            body = JsonSerializer.Deserialize(request.GetBodyBytes(), Json.NewPet);
        }
        catch (JsonException)
        {
            return Error(400, """The body must be JSON such as {"name":"Rex","type":"dog"}""");
        }

        if (string.IsNullOrWhiteSpace(body?.Name) || string.IsNullOrWhiteSpace(body.Type))
        {
            return Error(400, "A pet needs a name and a type.");
        }

        var pet = pets.Add(body.Name, body.Type);
        return Respond(201, pet, Json.Pet, location: $"{request.RawPath}/{pet.Id}");
    }

    /// <summary>
    /// <c>GET /admin/stats</c>, behind the Lambda authorizer: the number of pets and the user the authorizer let in,
    /// read from <c>requestContext.authorizer.lambda</c>.
    /// </summary>
    public ValueTask<PayloadV2Response> AdminStats(PayloadV2Request request, CancellationToken cancellationToken)
    {
        string? user = null;
        if (request.RequestContext?.Authorizer?.Lambda?.TryGetValue("user", out var value) == true)
        {
            user = value.GetString();
        }

        return Respond(200, new AdminStats(pets.List().Count, user), Json.AdminStats);
    }

    /// <summary>The <c>$default</c> route (every request no other route takes): the stage, its <c>env</c> variable and the routes.</summary>
    public static ValueTask<PayloadV2Response> Index(PayloadV2Request request, CancellationToken cancellationToken)
    {
        string? env = null;
        request.StageVariables?.TryGetValue("env", out env);
        var index = new ApiIndex(
            request.RequestContext?.Stage ?? "$default",
            env,
            ["GET /pets", "GET /pets/{id}", "POST /pets", "GET /admin/stats", "ANY /legacy/{proxy+}"]);
        return Respond(200, index, Json.ApiIndex);
    }

    private static ValueTask<PayloadV2Response> Error(int statusCode, string message) =>
        Respond(statusCode, new ErrorMessage(message), Json.ErrorMessage);

    private static ValueTask<PayloadV2Response> Respond<T>(int statusCode, T body, JsonTypeInfo<T> typeInfo, string? location = null)
    {
        var headers = new Dictionary<string, string> { ["content-type"] = "application/json" };
        if (location is not null)
        {
            headers["location"] = location;
        }

        return ValueTask.FromResult(new PayloadV2Response
        {
            StatusCode = statusCode,
            Headers = headers,
            Body = JsonSerializer.Serialize(body, typeInfo),
        });
    }
}
