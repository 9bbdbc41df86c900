using System.Net;
using System.Text;
using System.Text.Json;
using Routing.Apis;

namespace Routing.Samples.Tests;

public sealed class PetStoreSampleTests(PetStoreFixture fixture) : IClassFixture<PetStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => fixture.Client;

    [Fact]
    public void Start_UrlsArgument_BindsThatAddressAndNotTheDefaultPort()
    {
        Assert.Equal("127.0.0.1", fixture.App.Url.Host);
        Assert.NotEqual(5080, fixture.App.Url.Port);
        Assert.NotEqual(0, fixture.App.Url.Port);
        Assert.Equal("127.0.0.1", fixture.App.LegacyUrl.Host);
        Assert.NotEqual(fixture.App.Url.Port, fixture.App.LegacyUrl.Port);
    }

    [Fact]
    public void WriteWelcome_PrintsTheBoundUrlAndTheCurlCommands()
    {
        // Arrange
        using var output = new StringWriter();
        string url = fixture.App.Url.GetLeftPart(UriPartial.Authority);

        // Act
        fixture.App.WriteWelcome(output);

        // Assert
        string text = output.ToString();
        Assert.Contains("gateway: " + url, text, StringComparison.Ordinal);
        Assert.Contains($"  curl {url}/pets{Environment.NewLine}", text, StringComparison.Ordinal);
        Assert.Contains($"  curl {url}/prod/pets/1{Environment.NewLine}", text, StringComparison.Ordinal);
        Assert.Contains($$"""  curl -X POST {{url}}/pets -H 'content-type: application/json' -d '{"name":"Rex","type":"dog"}'""", text, StringComparison.Ordinal);
        Assert.Contains($"  curl '{url}/legacy/orders?status=open'", text, StringComparison.Ordinal);
        Assert.All(fixture.App.CurlCommands, command => Assert.Contains("  " + command + Environment.NewLine, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CurlCommands_EachWorksAsPrinted()
    {
        // Arrange
        var commands = fixture.App.CurlCommands.Select(CurlCommand.Parse).ToList();

        // Act
        var statuses = new List<HttpStatusCode>();
        foreach (var command in commands)
        {
            using var request = command.ToRequest();
            using var response = await Client.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
        }

        // Assert
        Assert.Equal(
            [
                HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK,
                HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.TooManyRequests,
            ],
            statuses);
    }

    [Fact]
    public async Task GetPets_ListsTheSeededPetsFromTheLambdaHandler()
    {
        // Act
        using var response = await Client.GetAsync("/pets", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(16, Assert.Single(response.Headers.GetValues(HttpApiDispatcher.RequestIdHeader)).Length);
        using var pets = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var seeded = pets.RootElement.EnumerateArray().Take(3).Select(static p => p.GetRawText());
        Assert.Equal(
            [
                """{"id":1,"name":"Fido","type":"dog"}""",
                """{"id":2,"name":"Whiskers","type":"cat"}""",
                """{"id":3,"name":"Bubbles","type":"fish"}""",
            ],
            seeded);
    }

    [Fact]
    public async Task GetPets_TypeQuery_FiltersThroughQueryStringParameters()
    {
        // Act
        string body = await Client.GetStringAsync("/pets?type=fish", Ct);

        // Assert
        Assert.Equal("""[{"id":3,"name":"Bubbles","type":"fish"}]""", body);
    }

    [Theory]
    [InlineData("/pets/1")]
    [InlineData("/prod/pets/1")]
    public async Task GetPet_KnownId_ReturnsThePetInEitherStage(string path)
    {
        // Act
        using var response = await Client.GetAsync(path, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"id":1,"name":"Fido","type":"dog"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/pets/999", "Pet 999 not found")]
    [InlineData("/prod/pets/fido", "Pet fido not found")]
    public async Task GetPet_UnknownId_Returns404JsonFromTheHandler(string path, string message)
    {
        // Act
        using var response = await Client.GetAsync(path, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($$"""{"message":"{{message}}"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task PostPet_ValidJson_Returns201WithLocationAndThePetCanBeRead()
    {
        // Arrange
        using var content = new StringContent("""{"name":"Rex","type":"dog"}""", Encoding.UTF8, "application/json");

        // Act
        using var created = await Client.PostAsync("/pets", content, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var pet = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct));
        int id = pet.RootElement.GetProperty("id").GetInt32();
        Assert.True(id > 3);
        Assert.Equal("Rex", pet.RootElement.GetProperty("name").GetString());
        Assert.Equal("dog", pet.RootElement.GetProperty("type").GetString());
        Assert.Equal($"/pets/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(pet.RootElement.GetRawText(), await Client.GetStringAsync($"/prod/pets/{id}", Ct));
    }

    [Fact]
    public async Task PostPet_ProdStage_LocationKeepsTheStage()
    {
        // Arrange
        using var content = new StringContent("""{"name":"Tweety","type":"bird"}""", Encoding.UTF8, "application/json");

        // Act
        using var created = await Client.PostAsync("/prod/pets", content, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("/prod/pets/", created.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "The body must be JSON such as {\"name\":\"Rex\",\"type\":\"dog\"}")]
    [InlineData("", "The body must be JSON such as {\"name\":\"Rex\",\"type\":\"dog\"}")]
    [InlineData("""{"name":"Rex"}""", "A pet needs a name and a type.")]
    [InlineData("""{"name":" ","type":"dog"}""", "A pet needs a name and a type.")]
    [InlineData("null", "A pet needs a name and a type.")]
    public async Task PostPet_InvalidBody_Returns400(string body, string message)
    {
        // Arrange
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        // Act
        using var response = await Client.PostAsync("/pets", content, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(message, error.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Legacy_Get_IsProxiedToTheBackendWithPathAndQuery()
    {
        // Act
        using var response = await Client.GetAsync("/legacy/orders?status=open", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(response.Headers.GetValues(HttpApiDispatcher.RequestIdHeader));
        Assert.Equal(
            """{"backend":"legacy","method":"GET","path":"/orders","query":"?status=open","forwardedFor":"127.0.0.1"}""",
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Legacy_AnyMethodInProdStage_IsProxiedWithoutTheStageSegment()
    {
        // Act
        using var response = await Client.DeleteAsync("/prod/legacy/orders/7/items%20x", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("DELETE", echo.RootElement.GetProperty("method").GetString());
        Assert.Equal("/orders/7/items x", echo.RootElement.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("/prod", "prod", "prod")]
    [InlineData("/prod/", "prod", "prod")]
    [InlineData("/", "$default", "dev")]
    public async Task IndexRoute_AnswersTheStageAndItsVariable(string path, string stage, string env)
    {
        // Act
        using var response = await Client.GetAsync(path, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            $$"""{"stage":"{{stage}}","env":"{{env}}","routes":["GET /pets","GET /pets/{id}","POST /pets","GET /admin/stats","ANY /legacy/{proxy+}"]}""",
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/no/such/route")]
    [InlineData("/prod/no/such/route")]
    public async Task UnknownPath_GetsApiGatewaysNotFound(string path)
    {
        // Act
        using var response = await Client.GetAsync(path, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync(Ct));
    }
}
