using Routing.Apis;
using Routing.Cors;
using Routing.Definitions;
using Routing.Integrations;

namespace Routing.Tests.Cors;

public sealed partial class CorsPolicyTests
{
    private const string OriginHint = " Write an origin as scheme://host[:port], e.g. 'https://app.example.com'.";

    [Fact]
    public void Validate_CredentialsWithWildcardOrigin_RefusedWithAwsMessage()
    {
        // Arrange
        var configuration = new CorsConfiguration { AllowOrigins = ["*"], AllowMethods = ["GET"], AllowCredentials = true };

        // Act
        var errors = CorsPolicy.Validate(configuration);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("cors.allowCredentials", error.Path);
        Assert.Equal(
            "allow-credentials is not supported if 'allow-origin' is *. List the origins that may send credentials, or set AllowCredentials to false.",
            error.Message);
    }

    [Theory]
    [InlineData("https://*")]
    [InlineData("http://*")]
    public void Validate_CredentialsWithSchemeWildcard_Refused(string origin)
    {
        // Arrange
        var configuration = new CorsConfiguration { AllowOrigins = [CorsTestData.App, origin], AllowCredentials = true };

        // Act
        var errors = CorsPolicy.Validate(configuration);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("cors.allowCredentials", error.Path);
        Assert.Equal(
            $"allow-credentials is not supported if 'allow-origin' is {origin}: it admits every origin of that scheme, which with credentials is as open as '*'. List the origins that may send credentials, or set AllowCredentials to false.",
            error.Message);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://*")]
    [InlineData("http://*")]
    public void Validate_WildcardOriginsWithoutCredentials_Accepted(string origin)
    {
        // Act
        var errors = CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [origin], AllowMethods = ["*"], AllowHeaders = ["*"], ExposeHeaders = ["*"] });

        // Assert
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_StrictConfiguration_Accepted()
    {
        // Act
        var errors = CorsPolicy.Validate(CorsTestData.Strict);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("https://app.example.com/", "has a path, a trailing '/', a query or a fragment; an origin ends after the host and port")]
    [InlineData("https://app.example.com/login", "has a path, a trailing '/', a query or a fragment; an origin ends after the host and port")]
    [InlineData("https://app.example.com?x=1", "has a path, a trailing '/', a query or a fragment; an origin ends after the host and port")]
    [InlineData("app.example.com", "has no scheme")]
    [InlineData("//app.example.com", "has no scheme")]
    [InlineData("https://*.example.com", "is a pattern; the only wildcards are '*', 'https://*' and 'http://*' (there are no subdomain or partial patterns), so list each origin")]
    [InlineData("https://*.com", "is a pattern; the only wildcards are '*', 'https://*' and 'http://*' (there are no subdomain or partial patterns), so list each origin")]
    [InlineData("*.example.com", "is a pattern; the only wildcards are '*', 'https://*' and 'http://*' (there are no subdomain or partial patterns), so list each origin")]
    [InlineData("https://app.example.com.*", "is a pattern; the only wildcards are '*', 'https://*' and 'http://*' (there are no subdomain or partial patterns), so list each origin")]
    [InlineData("ftp://*", "is a pattern; the only wildcards are '*', 'https://*' and 'http://*' (there are no subdomain or partial patterns), so list each origin")]
    [InlineData("https://user@app.example.com", "has user information ('@') before the host")]
    [InlineData("https://", "has no valid host")]
    [InlineData("https://app..example.com", "has no valid host")]
    [InlineData("https://app.example.com.", "has no valid host")]
    [InlineData("https://[zz]", "has no valid host")]
    [InlineData("https://app.example.com:0", "has a port that is not a number from 1 to 65535")]
    [InlineData("https://app.example.com:65536", "has a port that is not a number from 1 to 65535")]
    [InlineData("https://app.example.com:", "has a port that is not a number from 1 to 65535")]
    [InlineData("https://app.example.com:8o", "has a port that is not a number from 1 to 65535")]
    [InlineData("https://app example.com", "contains white space, a control character or a non-ASCII character (write an internationalized host in its xn-- form)")]
    [InlineData("https://bücher.example", "contains white space, a control character or a non-ASCII character (write an internationalized host in its xn-- form)")]
    [InlineData("", "is empty")]
    public void Validate_MalformedOrigin_NamesTheValue(string origin, string problem)
    {
        // Act
        var errors = CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [CorsTestData.App, origin] });

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal("cors.allowOrigins[1]", error.Path);
        Assert.Equal($"CORS origin '{origin}' {problem}.{OriginHint}", error.Message);
    }

    [Fact]
    public void Validate_OverlongOrigin_Refused()
    {
        // Arrange
        string origin = "https://" + new string('a', 60) + string.Concat(Enumerable.Repeat(".example", 130));

        // Act
        var error = Assert.Single(CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [origin] }));

        // Assert
        Assert.Equal($"CORS origin '{origin}' is longer than 1024 characters.{OriginHint}", error.Message);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("NULL")]
    public void Validate_NullOrigin_Refused(string origin)
    {
        // Act
        var error = Assert.Single(CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [origin] }));

        // Assert
        Assert.Equal("cors.allowOrigins[0]", error.Path);
        Assert.Equal(
            $"CORS origin '{origin}' is never allowed: sandboxed iframes, file: and data: documents and redirected requests all send 'Origin: null', so allowing it admits any of them. List real origins.",
            error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("https://[::1]:8443")]
    [InlineData("capacitor://localhost")]
    [InlineData("chrome-extension://abcdefghijklmnop")]
    [InlineData("https://xn--bcher-kva.example")]
    [InlineData("https://App.Example.com")]
    public void Validate_WellFormedOrigin_Accepted(string origin)
    {
        // Act
        var errors = CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [origin] });

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(86401)]
    [InlineData(int.MaxValue)]
    public void Validate_MaxAgeOutOfRange_Refused(int maxAge)
    {
        // Act
        var error = Assert.Single(CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [CorsTestData.App], MaxAge = maxAge }));

        // Assert
        Assert.Equal("cors.maxAge", error.Path);
        Assert.Equal(
            $"CORS maxAge {maxAge} is out of range; use -1 to 86400 seconds (-1 tells browsers not to cache), or leave it unset.",
            error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(86400)]
    public void Validate_MaxAgeInRange_Accepted(int maxAge)
    {
        // Act
        var errors = CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [CorsTestData.App], MaxAge = maxAge });

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("GET POST", "CORS allowMethods entry 'GET POST' is not a valid method name (letters, digits and !#$%&'*+-.^_`|~ only, no spaces, commas or colons).")]
    [InlineData("GET,POST", "CORS allowMethods entry 'GET,POST' is not a valid method name (letters, digits and !#$%&'*+-.^_`|~ only, no spaces, commas or colons). List each method as its own entry.")]
    [InlineData("patch", "CORS allowMethods entry 'patch' is not upper case; methods are case-sensitive and browsers send them upper case: write 'PATCH'.")]
    [InlineData("", "CORS allowMethods has an empty method name at index 1; remove it.")]
    public void Validate_BadMethod_NamesTheValue(string method, string message)
    {
        // Act
        var error = Assert.Single(CorsPolicy.Validate(new CorsConfiguration { AllowOrigins = [CorsTestData.App], AllowMethods = ["GET", method] }));

        // Assert
        Assert.Equal("cors.allowMethods[1]", error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_OverlongMethod_Refused()
    {
        // Arrange
        string method = new('M', 65);

        // Act
        var error = Assert.Single(CorsPolicy.Validate(new CorsConfiguration { AllowMethods = [method] }));

        // Assert
        Assert.Equal($"CORS allowMethods entry '{method}' is longer than 64 characters.", error.Message);
    }

    [Theory]
    [InlineData("allowHeaders", "content-type, authorization", " List each header as its own entry.")]
    [InlineData("allowHeaders", "x foo", "")]
    [InlineData("exposeHeaders", "x-id:1", "")]
    [InlineData("exposeHeaders", "x-é", "")]
    public void Validate_BadHeaderName_NamesTheValue(string field, string header, string hint)
    {
        // Arrange
        var configuration = field == "allowHeaders"
            ? new CorsConfiguration { AllowHeaders = [header] }
            : new CorsConfiguration { ExposeHeaders = [header] };

        // Act
        var error = Assert.Single(CorsPolicy.Validate(configuration));

        // Assert
        Assert.Equal($"cors.{field}[0]", error.Path);
        Assert.Equal($"CORS {field} entry '{header}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only, no spaces, commas or colons).{hint}", error.Message);
    }

    [Theory]
    [InlineData("allowMethods", "Access-Control-Allow-Methods")]
    [InlineData("allowHeaders", "Access-Control-Allow-Headers")]
    [InlineData("exposeHeaders", "Access-Control-Expose-Headers")]
    public void Validate_WildcardListWithCredentials_Refused(string field, string header)
    {
        // Arrange
        var configuration = new CorsConfiguration
        {
            AllowOrigins = [CorsTestData.App],
            AllowCredentials = true,
            AllowMethods = field == "allowMethods" ? ["*"] : ["GET"],
            AllowHeaders = field == "allowHeaders" ? ["*"] : ["content-type"],
            ExposeHeaders = field == "exposeHeaders" ? ["*"] : [],
        };

        // Act
        var error = Assert.Single(CorsPolicy.Validate(configuration));

        // Assert
        Assert.Equal("cors.allowCredentials", error.Path);
        Assert.Equal(
            $"CORS {field} '*' cannot be used with allow-credentials: browsers read '*' in {header} literally on credentialed requests, so it would allow nothing. List the names, or set AllowCredentials to false.",
            error.Message);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        // Arrange
        var configuration = new CorsConfiguration
        {
            AllowOrigins = ["*", "null", "https://a.example/"],
            AllowMethods = ["get"],
            AllowHeaders = ["a b"],
            MaxAge = 90000,
            AllowCredentials = true,
        };

        // Act
        var paths = CorsPolicy.Validate(configuration).Select(static e => e.Path);

        // Assert
        Assert.Equal(
            ["cors.allowOrigins[1]", "cors.allowOrigins[2]", "cors.allowMethods[0]", "cors.allowHeaders[0]", "cors.maxAge", "cors.allowCredentials"],
            paths);
    }

    [Fact]
    public void Validate_NullLists_Refused()
    {
        // Arrange
        var configuration = new CorsConfiguration { AllowOrigins = null!, ExposeHeaders = null! };

        // Act
        var messages = CorsPolicy.Validate(configuration).Select(static e => e.Message);

        // Assert
        Assert.Equal(["CORS allowOrigins is null; use an empty list to allow no origin.", "CORS exposeHeaders is null; use an empty list."], messages);
    }

    [Fact]
    public void Constructor_InvalidConfiguration_ThrowsWithEveryError()
    {
        // Act
        var exception = Assert.Throws<HttpApiValidationException>(() => new CorsPolicy(new CorsConfiguration { AllowOrigins = ["*"], AllowCredentials = true, MaxAge = -5 }));

        // Assert
        Assert.Equal(["cors.maxAge", "cors.allowCredentials"], exception.Errors.Select(static e => e.Path));
    }

    [Fact]
    public void Deploy_InvalidCors_RefusedWithTheApiErrors()
    {
        // Arrange
        var definition = new HttpApiDefinition { Cors = new CorsConfiguration { AllowOrigins = ["https://*"], AllowCredentials = true } };
        definition.Integrations.Add("mock", new IntegrationDefinition { Integration = new MockIntegration(200) });
        definition.Routes.Add(new RouteDefinition { RouteKey = "GET /pets", IntegrationId = "mock" });
        var api = new HttpApi(definition);

        // Act
        var exception = Assert.Throws<HttpApiValidationException>(() => api.Deploy());

        // Assert
        var error = Assert.Single(exception.Errors);
        Assert.Equal("cors.allowCredentials", error.Path);
        Assert.StartsWith("allow-credentials is not supported if 'allow-origin' is https://*", error.Message, StringComparison.Ordinal);
    }
}
