using Routing.Routes;

namespace Routing.Tests.Routes;

public sealed class RouteKeyTests
{
    // ---- valid keys ----

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    [InlineData("ANY")]
    public void Parse_EachRouteMethod_KeepsMethodAndPath(string method)
    {
        // Arrange
        string text = method + " /pets";

        // Act
        var key = RouteKey.Parse(text);

        // Assert
        Assert.Equal(text, key.Value);
        Assert.Equal(method, key.Method);
        Assert.Equal("/pets", key.Path);
        Assert.Equal(new[] { new RouteSegment(RouteSegmentKind.Literal, "pets") }, key.Segments);
        Assert.Equal(method == "ANY", key.IsAnyMethod);
        Assert.False(key.IsDefault);
    }

    [Fact]
    public void Parse_RootPath_HasNoSegments()
    {
        // Act
        var key = RouteKey.Parse("GET /");

        // Assert
        Assert.Equal("/", key.Path);
        Assert.Empty(key.Segments);
        Assert.False(key.IsGreedy);
        Assert.Equal(0, key.ParameterCount);
    }

    [Fact]
    public void Parse_Default_ReturnsSharedDefaultKey()
    {
        // Act
        var key = RouteKey.Parse("$default");

        // Assert
        Assert.Same(RouteKey.Default, key);
        Assert.True(key.IsDefault);
        Assert.Equal("$default", key.Value);
        Assert.Equal(string.Empty, key.Method);
        Assert.Equal(string.Empty, key.Path);
        Assert.Empty(key.Segments);
        Assert.False(key.IsAnyMethod);
        Assert.False(key.IsGreedy);
    }

    [Theory]
    [InlineData("GET /v1.0/files", "v1.0")]
    [InlineData("GET /urn:isbn/files", "urn:isbn")]
    [InlineData("GET /rate_limit/files", "rate_limit")]
    [InlineData("GET /access-keys/files", "access-keys")]
    [InlineData("GET /A-z_0.9:x/files", "A-z_0.9:x")]
    [InlineData("GET /.well-known/files", ".well-known")]
    [InlineData("GET /.../files", "...")]
    public void Parse_LiteralWithPunctuation_IsLiteralSegment(string text, string literal)
    {
        // Act
        var key = RouteKey.Parse(text);

        // Assert
        Assert.Equal(new RouteSegment(RouteSegmentKind.Literal, literal), key.Segments[0]);
        Assert.Equal(new RouteSegment(RouteSegmentKind.Literal, "files"), key.Segments[1]);
    }

    [Theory]
    [InlineData("ANY /{proxy+}", "proxy")]
    [InlineData("GET /files/{path+}", "path")]
    [InlineData("GET /files/{a.b:c-d_e+}", "a.b:c-d_e")]
    [InlineData("GET /files/{x+}", "x")]
    public void Parse_GreedyWithAnyName_IsGreedyLastSegment(string text, string name)
    {
        // Act
        var key = RouteKey.Parse(text);

        // Assert
        Assert.True(key.IsGreedy);
        Assert.Equal(new RouteSegment(RouteSegmentKind.Greedy, name), key.Segments[^1]);
    }

    [Fact]
    public void Parse_ParametersAndGreedy_CountsVariables()
    {
        // Act
        var key = RouteKey.Parse("GET /orgs/{org}/repos/{repo}/contents/{path+}");

        // Assert
        Assert.Equal(
            new[]
            {
                new RouteSegment(RouteSegmentKind.Literal, "orgs"),
                new RouteSegment(RouteSegmentKind.Parameter, "org"),
                new RouteSegment(RouteSegmentKind.Literal, "repos"),
                new RouteSegment(RouteSegmentKind.Parameter, "repo"),
                new RouteSegment(RouteSegmentKind.Literal, "contents"),
                new RouteSegment(RouteSegmentKind.Greedy, "path"),
            },
            key.Segments);
        Assert.Equal(3, key.ParameterCount);
    }

    [Fact]
    public void Parse_ExactlyMaxSegments_IsValid()
    {
        // Arrange
        string text = "GET " + string.Concat(Enumerable.Repeat("/a", RouteKey.MaxSegments));

        // Act
        var key = RouteKey.Parse(text);

        // Assert
        Assert.Equal(128, key.Segments.Count);
    }

    [Fact]
    public void TryParse_ValidKey_ReturnsTrueAndNoError()
    {
        // Act
        bool ok = RouteKey.TryParse("GET /pets/{id}", out var key, out string? error);

        // Assert
        Assert.True(ok);
        Assert.NotNull(key);
        Assert.Null(error);
    }

    // ---- invalid keys, full messages ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_MissingKey_ThrowsRouteKeyIsRequired(string? text)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal("Route key is required: give 'METHOD /path' (for example 'GET /pets') or '$default'.", ex.Message);
        Assert.Contains("Route key is required", ex.Message, StringComparison.Ordinal);
        Assert.Equal(text, ex.RouteKey);
    }

    [Theory]
    [InlineData("get /pets", "get", "GET")]
    [InlineData("Post /pets", "Post", "POST")]
    [InlineData("any /{proxy+}", "any", "ANY")]
    [InlineData("options /", "options", "OPTIONS")]
    public void Parse_LowerCaseMethod_MessageNamesUpperCaseFix(string text, string method, string upper)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal($"Route key '{text}': the method '{method}' must be upper case: use '{upper}'.", ex.Message);
        Assert.Equal(text, ex.RouteKey);
    }

    [Theory]
    [InlineData("PROPFIND /pets", "PROPFIND")]
    [InlineData("CONNECT /pets", "CONNECT")]
    [InlineData("TRACE /pets", "TRACE")]
    [InlineData("FETCH /pets", "FETCH")]
    public void Parse_UnknownMethod_MessageListsRouteMethods(string text, string method)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': '{method}' is not a route method; use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.",
            ex.Message);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("/pets")]
    [InlineData(" GET /pets")]
    [InlineData("default")]
    [InlineData("$DEFAULT")]
    public void Parse_NoMethodPathShape_MessageShowsShape(string text)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal($"Route key '{text}' must be 'METHOD /path' (one space between them) or '$default'.", ex.Message);
    }

    [Theory]
    [InlineData("GET pets", "pets")]
    [InlineData("GET ", "")]
    [InlineData("GET  /pets", " /pets")]
    public void Parse_PathWithoutLeadingSlash_MessageAsksForSlash(string text, string path)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal($"Route key '{text}': the path '{path}' must start with '/'.", ex.Message);
    }

    [Theory]
    [InlineData("GET /pets/", "/pets")]
    [InlineData("GET /pets/{id}/", "/pets/{id}")]
    [InlineData("GET /pets//", "/pets")]
    public void Parse_TrailingSlash_MessageSuggestsPathWithoutIt(string text, string fixedPath)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': One or more path parts appear to be invalid: the path must not end with '/'; use '{fixedPath}'.",
            ex.Message);
    }

    [Theory]
    [InlineData("GET //pets", 1)]
    [InlineData("GET /pets//dogs", 2)]
    public void Parse_DoubledSlash_MessageNamesEmptySegment(string text, int segment)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': One or more path parts appear to be invalid: segment {segment} '' is empty: remove the doubled '/'.",
            ex.Message);
    }

    [Theory]
    [InlineData("GET /events/{eventId}.json", 2, "{eventId}.json")]
    [InlineData("GET /a/x{id}", 2, "x{id}")]
    [InlineData("GET /{}", 1, "{}")]
    [InlineData("GET /{+}", 1, "{+}")]
    [InlineData("GET /{id", 1, "{id")]
    [InlineData("GET /id}", 1, "id}")]
    [InlineData("GET /{a/b}", 1, "{a")] // '/' splits the name: the first segment is the unterminated "{a"
    public void Parse_VariableNotWholeSegment_PathPartsInvalid(string text, int segment, string part)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': One or more path parts appear to be invalid: segment {segment} '{part}' is not a whole-segment variable: write '{{name}}' or '{{name+}}' as the entire segment.",
            ex.Message);
    }

    [Fact]
    public void Parse_BraceInsideLiteral_PathPartsInvalid()
    {
        // Arrange
        const string text = "GET /files/a{b";

        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            "Route key 'GET /files/a{b': One or more path parts appear to be invalid: segment 2 'a{b' mixes a variable with literal text: a variable must be the whole segment, e.g. '/files/{name}' rather than '/files/{name}.json'.",
            ex.Message);
    }

    [Fact]
    public void Parse_GreedyNotLast_MessageSaysMustBeLast()
    {
        // Arrange
        const string text = "GET /{proxy+}/pets";

        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal("Route key 'GET /{proxy+}/pets': the greedy variable '{proxy+}' must be the last segment of the path.", ex.Message);
        Assert.Equal(text, ex.RouteKey);
    }

    [Fact]
    public void Parse_TwoGreedyVariables_MessageSaysFirstMustBeLast()
    {
        // Arrange
        const string text = "GET /{a+}/{b+}";

        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal("Route key 'GET /{a+}/{b+}': the greedy variable '{a+}' must be the last segment of the path.", ex.Message);
    }

    [Theory]
    [InlineData("GET /a/{id}/b/{id}", "id")]
    [InlineData("GET /a/{id}/{id+}", "id")]
    public void Parse_DuplicateParameterName_MessageNamesParameter(string text, string name)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': the parameter name '{name}' is used twice; give each path parameter its own name.",
            ex.Message);
    }

    [Theory]
    [InlineData("GET /pets/a@b", 2, "a@b", '@')]
    [InlineData("GET /~user", 1, "~user", '~')]
    [InlineData("GET /a%20b", 1, "a%20b", '%')]
    [InlineData("GET /a+b", 1, "a+b", '+')]
    [InlineData("GET /*", 1, "*", '*')]
    [InlineData("GET /a b", 1, "a b", ' ')]
    [InlineData("GET /caf\u00e9", 1, "caf\u00e9", '\u00e9')]
    [InlineData("GET /a?x=1", 1, "a?x=1", '?')]
    public void Parse_BadLiteralCharacter_MessageNamesCharacter(string text, int segment, string part, char bad)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': One or more path parts appear to be invalid: segment {segment} '{part}' has the character '{bad}'; literal segments use only letters, digits, '.', ':', '_' and '-'.",
            ex.Message);
    }

    [Theory]
    [InlineData("GET /{a b}", "{a b}", ' ')]
    [InlineData("GET /{a@b}", "{a@b}", '@')]
    [InlineData("GET /{a+b}", "{a+b}", '+')]
    [InlineData("GET /{a++}", "{a++}", '+')]
    public void Parse_BadParameterNameCharacter_MessageNamesCharacter(string text, string part, char bad)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': One or more path parts appear to be invalid: segment 1 '{part}' has the character '{bad}' in its variable name; names use letters, digits, '_', '.', ':' and '-'.",
            ex.Message);
    }

    [Theory]
    [InlineData("GET /a/./b", 2, ".")]
    [InlineData("GET /a/../b", 2, "..")]
    [InlineData("GET /..", 1, "..")]
    public void Parse_DotSegmentLiteral_MessageSaysRemoveIt(string text, int segment, string part)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(
            $"Route key '{text}': One or more path parts appear to be invalid: segment {segment} '{part}' is a dot segment, which request paths never contain after normalization; remove it.",
            ex.Message);
    }

    [Fact]
    public void Parse_MoreThanMaxSegments_MessageGivesCountAndLimit()
    {
        // Arrange
        string text = "GET " + string.Concat(Enumerable.Repeat("/a", RouteKey.MaxSegments + 1));

        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal($"Route key '{text}': the path has 129 segments; at most 128 are allowed.", ex.Message);
    }

    [Fact]
    public void Parse_InvalidKey_ExceptionCarriesKeyAndIsFormatException()
    {
        // Arrange
        const string text = "GET /pets/";

        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Assert
        Assert.Equal(text, ex.RouteKey);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("get /pets")]
    [InlineData("GET /pets/")]
    [InlineData("GET /{proxy+}/x")]
    public void TryParse_InvalidKey_ReturnsFalseWithSameMessageAsParse(string? text)
    {
        // Arrange
        var thrown = Assert.Throws<RouteKeyException>(() => RouteKey.Parse(text));

        // Act
        bool ok = RouteKey.TryParse(text, out var key, out string? error);
        bool okShort = RouteKey.TryParse(text, out var keyShort);

        // Assert
        Assert.False(ok);
        Assert.False(okShort);
        Assert.Null(key);
        Assert.Null(keyShort);
        Assert.Equal(thrown.Message, error);
    }

    // ---- equality ----

    [Fact]
    public void Equals_SameText_AreEqualWithSameHash()
    {
        // Arrange
        var a = RouteKey.Parse("GET /pets/{id}");
        var b = RouteKey.Parse("GET /pets/{id}");

        // Act
        bool equal = a.Equals(b);

        // Assert
        Assert.True(equal);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotSame(a, b);
    }

    [Theory]
    [InlineData("GET /pets/{id}", "GET /pets/{petId}")]
    [InlineData("GET /pets", "ANY /pets")]
    [InlineData("GET /pets", "GET /Pets")]
    [InlineData("GET /pets/{id}", "GET /pets/{id+}")]
    public void Equals_DifferentText_AreNotEqual(string left, string right)
    {
        // Arrange
        var a = RouteKey.Parse(left);
        var b = RouteKey.Parse(right);

        // Act
        bool equal = a.Equals(b);

        // Assert
        Assert.False(equal);
        Assert.False(a.Equals((object)b));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object?)left));
    }

    [Fact]
    public void ToString_AnyKey_ReturnsTextAsWritten()
    {
        // Arrange
        var key = RouteKey.Parse("DELETE /users/{user}/events/{rest+}");

        // Act
        string text = key.ToString();

        // Assert
        Assert.Equal("DELETE /users/{user}/events/{rest+}", text);
    }
}
