using Routing.Matching;
using Routing.Routes;

namespace Routing.Tests.Matching;

public sealed class RouteTableTests
{
    private static readonly string[] AwsExampleRoutes =
    [
        "GET /pets/dog/1",
        "GET /pets/dog/{id}",
        "GET /pets/{proxy+}",
        "ANY /{proxy+}",
        "$default",
    ];

    // ---- selection ----

    [Theory]
    [InlineData("GET", "/pets/dog/1", "GET /pets/dog/1", "")]
    [InlineData("GET", "/pets/dog/2", "GET /pets/dog/{id}", "id=2")]
    [InlineData("GET", "/pets/cat/1", "GET /pets/{proxy+}", "proxy=cat/1")]
    [InlineData("POST", "/test/5", "ANY /{proxy+}", "proxy=test/5")]
    [InlineData("POST", "/pets/dog/1", "ANY /{proxy+}", "proxy=pets/dog/1")]
    [InlineData("GET", "/pets/dog", "GET /pets/{proxy+}", "proxy=dog")]
    [InlineData("GET", "/pets", "ANY /{proxy+}", "proxy=pets")]
    [InlineData("GET", "/pets/", "ANY /{proxy+}", "proxy=pets/")]
    [InlineData("GET", "/", "$default", "")]
    [InlineData("OPTIONS", "/", "$default", "")]
    [InlineData("PROPFIND", "/pets/dog/1", "ANY /{proxy+}", "proxy=pets/dog/1")]
    public void TryMatch_AwsWorkedExample_SelectsDocumentedRoute(string method, string path, string expected, string parameters)
    {
        // Arrange
        var table = RouteTable.Create(AwsExampleRoutes);

        // Act
        var result = Match(table, method, path);

        // Assert
        Assert.NotNull(result);
        Assert.Equal(expected, result.Value.Key);
        Assert.Equal(parameters, result.Value.Parameters);
    }

    [Fact]
    public void TryMatch_MethodMismatchOnSpecificPath_FallsThroughToLessSpecificRoute()
    {
        // Arrange: localstack #9207, OPTIONS /{proxy+} must catch OPTIONS /zap when only POST /zap exists.
        var table = RouteTable.Create("POST /zap", "OPTIONS /{proxy+}");

        // Act
        var options = Match(table, "OPTIONS", "/zap");
        var post = Match(table, "POST", "/zap");
        var get = Match(table, "GET", "/zap");

        // Assert
        Assert.Equal("OPTIONS /{proxy+}", options?.Key);
        Assert.Equal("POST /zap", post?.Key);
        Assert.Null(get);
    }

    [Fact]
    public void TryMatch_MethodMismatchOnLiteral_FallsThroughToParameterRoute()
    {
        // Arrange
        var table = RouteTable.Create("POST /pets/dog", "GET /pets/{id}");

        // Act
        var result = Match(table, "GET", "/pets/dog");

        // Assert
        Assert.Equal("GET /pets/{id}", result?.Key);
        Assert.Equal("id=dog", result?.Parameters);
    }

    [Theory]
    [InlineData("GET", "GET /pets")]
    [InlineData("POST", "ANY /pets")]
    [InlineData("DELETE", "ANY /pets")]
    public void TryMatch_SamePathSpecificMethodAndAny_SpecificMethodWins(string method, string expected)
    {
        // Arrange: ANY first, so insertion order cannot be what decides.
        var table = RouteTable.Create("ANY /pets", "GET /pets");

        // Act
        var result = Match(table, method, "/pets");

        // Assert
        Assert.Equal(expected, result?.Key);
    }

    [Theory]
    [InlineData("GET", "GET /pets/{id}", "id=dog")]
    [InlineData("POST", "ANY /pets/dog", "")]
    public void TryMatch_NonGreedyAnyLiteralVersusMethodParameter_MethodWinsFirst(string method, string expected, string parameters)
    {
        // Arrange: RS-045 (disputed), following R3: in tier 1 the exact method outranks path specificity.
        var table = RouteTable.Create("ANY /pets/dog", "GET /pets/{id}");

        // Act
        var result = Match(table, method, "/pets/dog");

        // Assert
        Assert.Equal(expected, result?.Key);
        Assert.Equal(parameters, result?.Parameters);
    }

    [Fact]
    public void TryMatch_NonGreedySameMethod_LiteralBeatsParameterLeftToRight()
    {
        // Arrange: at segment 1 the literal 'a' decides, although the other route has more literals after it.
        var table = RouteTable.Create("GET /{x}/b/c", "GET /a/{y}/{z}", "GET /a/b/{w}");

        // Act
        var abc = Match(table, "GET", "/a/b/c");
        var zbc = Match(table, "GET", "/z/b/c");
        var axc = Match(table, "GET", "/a/x/c");

        // Assert
        Assert.Equal("GET /a/b/{w}", abc?.Key);
        Assert.Equal("GET /{x}/b/c", zbc?.Key);
        Assert.Equal("GET /a/{y}/{z}", axc?.Key);
    }

    [Fact]
    public void TryMatch_AnyParameterVersusGetGreedy_NonGreedyTierWins()
    {
        // Arrange
        var table = RouteTable.Create("GET /a/{p+}", "ANY /a/{id}");

        // Act
        var one = Match(table, "GET", "/a/b");
        var two = Match(table, "GET", "/a/b/c");

        // Assert
        Assert.Equal("ANY /a/{id}", one?.Key);
        Assert.Equal("GET /a/{p+}", two?.Key);
    }

    [Theory]
    [InlineData("GET", "/a/b/c", "ANY /a/b/{p+}", "p=c")]
    [InlineData("GET", "/a/x/c", "GET /a/{p+}", "p=x/c")]
    [InlineData("POST", "/a/x", "ANY /a/{p+}", "p=x")]
    [InlineData("GET", "/a/x", "GET /a/{p+}", "p=x")]
    public void TryMatch_TwoGreedyRoutes_LongestPrefixFirstThenMethod(string method, string path, string expected, string parameters)
    {
        // Arrange: RS-074.
        var table = RouteTable.Create("GET /a/{p+}", "ANY /a/b/{p+}", "ANY /a/{p+}");

        // Act
        var result = Match(table, method, path);

        // Assert
        Assert.Equal(expected, result?.Key);
        Assert.Equal(parameters, result?.Parameters);
    }

    [Fact]
    public void TryMatch_GreedyLiteralVersusParameterPrefix_LiteralAtFirstDifferenceWins()
    {
        // Arrange
        var table = RouteTable.Create("GET /{x}/b/{p+}", "GET /a/{p+}", "GET /a/{y}/{p+}");

        // Act
        var abc = Match(table, "GET", "/a/b/c");
        var zbc = Match(table, "GET", "/z/b/c");
        var ab = Match(table, "GET", "/a/b");

        // Assert
        Assert.Equal("GET /a/{y}/{p+}", abc?.Key);
        Assert.Equal("p=c;y=b", abc?.Parameters);
        Assert.Equal("GET /{x}/b/{p+}", zbc?.Key);
        Assert.Equal("GET /a/{p+}", ab?.Key);
    }

    [Theory]
    [InlineData("ANY /{proxy+}", "/")]
    [InlineData("GET /pets/{proxy+}", "/pets/")]
    [InlineData("GET /pets/{proxy+}", "/pets")]
    public void TryMatch_EmptyGreedyRemainder_DoesNotMatch(string route, string path)
    {
        // Arrange
        var table = RouteTable.Create(route);

        // Act
        bool found = table.TryMatch("GET", path, out _);

        // Assert
        Assert.False(found);
    }

    [Theory]
    [InlineData("GET /pets/{id}", "/pets/")]
    [InlineData("GET /pets/{id}", "/pets//")]
    [InlineData("GET /{a}/{b}", "//x")]
    [InlineData("GET /{a}/{b}", "/x/")]
    [InlineData("GET /a/{id}/b", "/a//b")]
    [InlineData("GET /{id}", "//")]
    public void TryMatch_EmptySegment_NeverBindsParameter(string route, string path)
    {
        // Arrange
        var table = RouteTable.Create(route);

        // Act
        bool found = table.TryMatch("GET", path, out _);

        // Assert
        Assert.False(found);
    }

    [Theory]
    [InlineData("/pets/")]
    [InlineData("//pets")]
    public void TryMatch_TrailingOrDoubledSlash_DoesNotMatchLiteralRoute(string path)
    {
        // Arrange
        var table = RouteTable.Create("GET /pets");

        // Act
        bool found = table.TryMatch("GET", path, out _);

        // Assert
        Assert.False(found);
    }

    [Fact]
    public void TryMatch_PathCaseDiffers_DoesNotMatch()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets", "GET /Users");

        // Act
        var upper = Match(table, "GET", "/Pets");
        var allUpper = Match(table, "GET", "/PETS");
        var lower = Match(table, "GET", "/users");
        var exact = Match(table, "GET", "/Users");

        // Assert
        Assert.Null(upper);
        Assert.Null(allUpper);
        Assert.Null(lower);
        Assert.Equal("GET /Users", exact?.Key);
    }

    [Fact]
    public void TryMatch_LiteralsDifferingOnlyInCase_AreSeparateRoutes()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets", "GET /Pets");

        // Act
        var lower = Match(table, "GET", "/pets");
        var upper = Match(table, "GET", "/Pets");

        // Assert
        Assert.Equal(0, lower?.Index);
        Assert.Equal(1, upper?.Index);
    }

    [Theory]
    [InlineData("PROPFIND")]
    [InlineData("get")]
    [InlineData("Get")]
    [InlineData("CONNECT")]
    [InlineData("")]
    public void TryMatch_UnknownMethod_OnlyReachesAny(string method)
    {
        // Arrange
        var table = RouteTable.Create("GET /pets", "ANY /pets", "GET /things");

        // Act
        var pets = Match(table, method, "/pets");
        var things = Match(table, method, "/things");

        // Assert
        Assert.Equal("ANY /pets", pets?.Key);
        Assert.Null(things);
    }

    [Fact]
    public void TryMatch_UnknownMethod_ReachesDefault()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets", "$default");

        // Act
        var result = Match(table, "PROPFIND", "/pets");

        // Assert
        Assert.Equal("$default", result?.Key);
    }

    [Fact]
    public void TryMatch_HeadWithOnlyGetRoute_DoesNotMatch()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets");

        // Act
        bool found = table.TryMatch("HEAD", "/pets", out _);

        // Assert
        Assert.False(found);
    }

    [Fact]
    public void TryMatch_NoCandidateWithDefault_SelectsDefault()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets", "$default", "ANY /users/{id}");

        // Act
        var result = Match(table, "DELETE", "/nothing/here");

        // Assert
        Assert.Equal("$default", result?.Key);
        Assert.Equal(1, result?.Index);
        Assert.Equal(string.Empty, result?.Parameters);
    }

    [Fact]
    public void TryMatch_NoCandidateWithoutDefault_ReturnsFalse()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets", "POST /users");

        // Act
        bool found = table.TryMatch("GET", "/users", out var match);

        // Assert
        Assert.False(found);
        Assert.Null(match.RouteKey);
    }

    [Fact]
    public void TryMatch_RootRoute_MatchesOnlySlash()
    {
        // Arrange
        var table = RouteTable.Create("GET /");

        // Act
        var root = Match(table, "GET", "/");
        var doubled = Match(table, "GET", "//");

        // Assert
        Assert.Equal("GET /", root?.Key);
        Assert.Null(doubled);
    }

    [Fact]
    public void TryMatch_EmptyTable_ReturnsFalse()
    {
        // Arrange
        var table = new RouteTableBuilder().Build();

        // Act
        bool found = table.TryMatch("GET", "/", out _);

        // Assert
        Assert.False(found);
        Assert.Empty(table.Routes);
    }

    [Fact]
    public void TryMatch_ManySiblingLiterals_FindsEachAndFallsBackToParameter()
    {
        // Arrange: more siblings than the segment map scans, so lookups go through the hashed map.
        string[] literals = [.. Enumerable.Range(0, 20).Select(static i => "item" + i)];
        var table = RouteTable.Create([.. literals.Select(static l => "GET /" + l + "/x"), "GET /{other}/x"]);

        // Act
        var selected = literals.Select(l => Match(table, "GET", "/" + l + "/x")?.Index ?? -1).ToArray();
        var nearMiss = Match(table, "GET", "/item20/x");
        var sameLengthMiss = Match(table, "GET", "/itemZ/x");

        // Assert
        Assert.Equal(Enumerable.Range(0, 20), selected);
        Assert.Equal("GET /{other}/x", nearMiss?.Key);
        Assert.Equal("other=item20", nearMiss?.Parameters);
        Assert.Equal("other=itemZ", sameLengthMiss?.Parameters);
    }

    // ---- parameters ----

    [Fact]
    public void TryMatch_ParametersAndGreedy_ExposesNamesAndValuesInPathOrder()
    {
        // Arrange
        var table = RouteTable.Create("GET /repos/{owner}/{repo}/contents/{path+}");

        // Act
        bool found = table.TryMatch("GET", "/repos/dotnet/runtime/contents/src/libraries/x.cs", out var match);

        // Assert
        Assert.True(found);
        Assert.Equal(0, match.RouteIndex);
        Assert.Equal("GET /repos/{owner}/{repo}/contents/{path+}", match.RouteKey.Value);
        Assert.Equal("/repos/dotnet/runtime/contents/src/libraries/x.cs", match.Path.ToString());
        Assert.Equal(3, match.ParameterCount);
        Assert.Equal("owner", match.GetParameterName(0));
        Assert.Equal("repo", match.GetParameterName(1));
        Assert.Equal("path", match.GetParameterName(2));
        Assert.Equal("dotnet", match.GetParameterValue(0).ToString());
        Assert.Equal("runtime", match.GetParameterValue(1).ToString());
        Assert.Equal("src/libraries/x.cs", match.GetParameterValue(2).ToString());
    }

    [Fact]
    public void TryMatch_GreedyValueWithEmptySegmentsAndTrailingSlash_KeepsThemVerbatim()
    {
        // Arrange
        var table = RouteTable.Create("ANY /files/{rest+}");

        // Act
        bool found = table.TryMatch("PUT", "/files/a//b/", out var match);

        // Assert
        Assert.True(found);
        Assert.Equal("a//b/", match.GetParameterValue(0).ToString());
    }

    [Fact]
    public void TryGetParameter_KnownAndUnknownNames_LooksUpOrdinally()
    {
        // Arrange
        var table = RouteTable.Create("GET /users/{user}/events/{event.id}");
        Assert.True(table.TryMatch("GET", "/users/octocat/events/42", out var match));

        // Act
        bool user = match.TryGetParameter("user", out var userValue);
        bool dotted = match.TryGetParameter("event.id", out var eventValue);
        bool wrongCase = match.TryGetParameter("User", out var wrongCaseValue);
        bool missing = match.TryGetParameter("org", out var missingValue);

        // Assert
        Assert.True(user);
        Assert.Equal("octocat", userValue.ToString());
        Assert.True(dotted);
        Assert.Equal("42", eventValue.ToString());
        Assert.False(wrongCase);
        Assert.True(wrongCaseValue.IsEmpty);
        Assert.False(missing);
        Assert.True(missingValue.IsEmpty);
    }

    [Fact]
    public void CreateParameterDictionary_MatchWithParameters_MapsNamesToValues()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets/{id}/toys/{toy+}");
        Assert.True(table.TryMatch("GET", "/pets/7/toys/ball/red", out var match));

        // Act
        var parameters = match.CreateParameterDictionary();

        // Assert
        Assert.Equal(2, parameters.Count);
        Assert.Equal("7", parameters["id"]);
        Assert.Equal("ball/red", parameters["toy"]);
    }

    [Fact]
    public void CreateParameterDictionary_DefaultOrLiteralRoute_IsEmpty()
    {
        // Arrange
        var table = RouteTable.Create("GET /pets", "$default");
        Assert.True(table.TryMatch("GET", "/pets", out var literal));
        var literalParameters = literal.CreateParameterDictionary();
        Assert.True(table.TryMatch("GET", "/other/path", out var fallback));

        // Act
        var defaultParameters = fallback.CreateParameterDictionary();

        // Assert
        Assert.Empty(literalParameters);
        Assert.Empty(defaultParameters);
        Assert.Equal(0, fallback.ParameterCount);
        Assert.True(fallback.RouteKey.IsDefault);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void GetParameterValue_IndexOutOfRange_Throws(int index)
    {
        // Arrange
        var table = RouteTable.Create("GET /pets/{id}");
        Assert.True(table.TryMatch("GET", "/pets/7", out var match));

        // Act
        ArgumentOutOfRangeException? caught = null;
        try
        {
            _ = match.GetParameterValue(index);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            caught = ex;
        }

        // Assert
        Assert.NotNull(caught);
        Assert.Equal("index", caught.ParamName);
    }

    [Fact]
    public void TryMatch_DecodedValuesInPath_ArePassedThroughUntouched()
    {
        // Arrange: the table receives the decoded routing path; it never decodes again.
        var table = RouteTable.Create("GET /users/{name}/orders/{order}");

        // Act
        var result = Match(table, "GET", "/users/**** Doe/orders/\u2615 %41");

        // Assert
        Assert.Equal("name=**** Doe;order=\u2615 %41", result?.Parameters);
    }

    // ---- building ----

    [Fact]
    public void Create_DuplicateKey_ThrowsWithFullMessage()
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteTable.Create("GET /pets", "POST /pets", "GET /pets"));

        // Assert
        Assert.Equal("Route key 'GET /pets' is defined twice; each route key may appear once in an API.", ex.Message);
        Assert.Equal("GET /pets", ex.RouteKey);
    }

    [Fact]
    public void Create_DefaultTwice_ThrowsWithFullMessage()
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteTable.Create("$default", "GET /", "$default"));

        // Assert
        Assert.Equal("Route key '$default' is defined twice; each route key may appear once in an API.", ex.Message);
    }

    [Theory]
    [InlineData("GET /pets/{id}", "GET /pets/{petId}")]
    [InlineData("GET /a/{x}/b/{p+}", "GET /a/{y}/b/{q+}")]
    [InlineData("ANY /{proxy+}", "ANY /{path+}")]
    public void Create_KeysDifferingOnlyInParameterNames_ThrowsConflict(string first, string second)
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteTable.Create(first, second));

        // Assert
        Assert.Equal(
            $"Route key '{second}' conflicts with '{first}': they differ only in parameter names. Use one name for the parameter at each position.",
            ex.Message);
        Assert.Equal(second, ex.RouteKey);
    }

    [Theory]
    [InlineData("GET /pets/{id}", "ANY /pets/{petId}")]
    [InlineData("GET /pets/{id}", "GET /pets/{id+}")]
    [InlineData("GET /pets/{id}", "GET /pets/id")]
    [InlineData("GET /pets/{id}", "GET /{pets}/{id}")]
    public void Create_KeysOfDifferentShape_DoNotConflict(string first, string second)
    {
        // Act
        var table = RouteTable.Create(first, second);

        // Assert
        Assert.Equal(new[] { first, second }, table.Routes.Select(static r => r.Value));
    }

    [Fact]
    public void Create_InvalidKeyText_ThrowsRouteKeyException()
    {
        // Act
        var ex = Assert.Throws<RouteKeyException>(() => RouteTable.Create("GET /pets", "get /users"));

        // Assert
        Assert.Equal("Route key 'get /users': the method 'get' must be upper case: use 'GET'.", ex.Message);
    }

    [Fact]
    public void Create_NullSequence_ThrowsArgumentNull()
    {
        // Act
        var ex = Assert.Throws<ArgumentNullException>(() => RouteTable.Create((IEnumerable<RouteKey>)null!));

        // Assert
        Assert.Equal("routeKeys", ex.ParamName);
    }

    [Fact]
    public void Builder_AddThenBuild_KeepsInsertionOrderAsRouteIndex()
    {
        // Arrange
        var builder = new RouteTableBuilder()
            .Add("ANY /{proxy+}")
            .Add(RouteKey.Parse("GET /pets/{id}"))
            .Add("$default");

        // Act
        var table = builder.Build();
        var pet = Match(table, "GET", "/pets/1");
        var other = Match(table, "GET", "/other");

        // Assert
        Assert.Equal(3, builder.Count);
        Assert.Equal(new[] { "ANY /{proxy+}", "GET /pets/{id}", "$default" }, table.Routes.Select(static r => r.Value));
        Assert.Equal(1, pet?.Index);
        Assert.Equal(0, other?.Index);
    }

    [Fact]
    public void Builder_DuplicateAdd_ThrowsAndKeepsEarlierRoutes()
    {
        // Arrange
        var builder = new RouteTableBuilder().Add("GET /pets/{id}");

        // Act
        var ex = Assert.Throws<RouteKeyException>(() => builder.Add("GET /pets/{name}"));
        var table = builder.Build();

        // Assert
        Assert.Equal(
            "Route key 'GET /pets/{name}' conflicts with 'GET /pets/{id}': they differ only in parameter names. Use one name for the parameter at each position.",
            ex.Message);
        Assert.Equal(new[] { "GET /pets/{id}" }, table.Routes.Select(static r => r.Value));
    }

    [Fact]
    public void Builder_BuildTwice_Throws()
    {
        // Arrange
        var builder = new RouteTableBuilder().Add("GET /pets");
        builder.Build();

        // Act
        var ex = Record.Exception(() => builder.Build());

        // Assert
        Assert.IsType<ObjectDisposedException>(ex);
    }

    [Fact]
    public void Builder_AddAfterBuild_Throws()
    {
        // Arrange
        var builder = new RouteTableBuilder().Add("GET /pets");
        builder.Build();

        // Act
        var ex = Record.Exception(() => builder.Add("GET /users"));

        // Assert
        Assert.IsType<ObjectDisposedException>(ex);
    }

    [Fact]
    public void Builder_AddNull_ThrowsArgumentNull()
    {
        // Arrange
        var builder = new RouteTableBuilder();

        // Act
        var ex = Assert.Throws<ArgumentNullException>(() => builder.Add((RouteKey)null!));

        // Assert
        Assert.Equal("routeKey", ex.ParamName);
    }

    // ---- hostile inputs ----

    public static TheoryData<string, string, string?> HostilePaths()
    {
        string huge = "/" + new string('a', 100 * 1024);
        string manySegments = string.Concat(Enumerable.Repeat("/a", 10_000));
        string manySlashes = new('/', 10_000);
        return new TheoryData<string, string, string?>
        {
            { "100 KB single segment", huge, "ANY /{proxy+}" },
            { "10,000 segments", manySegments, "GET /a/{p+}" },
            { "10,000 slashes", manySlashes, "ANY /{proxy+}" },
            { "NUL in segment", "/pets/\0", "GET /pets/{id}" },
            { "NUL alone", "\0", null },
            { "no leading slash", "pets/1", null },
            { "empty path", string.Empty, null },
            { "backslash", "\\pets", null },
            { "lone surrogate", "/pets/\ud800", "GET /pets/{id}" },
        };
    }

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public void TryMatch_HostilePath_NeverThrows(string description, string path, string? expected)
    {
        // Arrange
        var table = RouteTable.Create(
            "GET /pets/{id}", "GET /a/a/a/{x}/{y}", "GET /a/{p+}", "POST /a/a/{q+}", "ANY /{proxy+}", "GET /", "$default");

        // Act
        var ex = Record.Exception(() => table.TryMatch("GET", path, out _));
        var result = Match(table, "GET", path);

        // Assert
        Assert.Null(ex);
        // TryMatch's contract is a path starting with '/': anything else selects nothing, not even $default.
        Assert.True(expected == result?.Key, $"{description}: expected {expected ?? "no match"}, got {result?.Key ?? "no match"}");
    }

    [Fact]
    public void TryMatch_DeepRouteAndLongRequest_SelectsDeepRoute()
    {
        // Arrange: a 128-segment route against a 10,000-segment request and the exact 128-segment request.
        string deep = string.Concat(Enumerable.Repeat("/a", RouteKey.MaxSegments - 1)) + "/{rest+}";
        var table = RouteTable.Create("GET " + deep, "GET /{p+}");
        string exact = string.Concat(Enumerable.Repeat("/a", RouteKey.MaxSegments));
        string longer = string.Concat(Enumerable.Repeat("/a", 10_000));

        // Act
        var exactResult = Match(table, "GET", exact);
        var longerResult = Match(table, "GET", longer);

        // Assert
        Assert.Equal(0, exactResult?.Index);
        Assert.Equal("rest=a", exactResult?.Parameters);
        Assert.Equal(0, longerResult?.Index);
    }

    [Fact]
    public void TryMatch_ManyWideNodesWithTheSameLiterals_EachFindsItsOwnChild()
    {
        // Arrange: 40 parents, each with the same 20 literal children: 800 entries of one shared hash table, where
        // probe sequences keep passing entries of the same literal under other parents.
        string[] children = [.. Enumerable.Range(0, 20).Select(static c => "c" + c)];
        string[] keys = [.. Enumerable.Range(0, 40).SelectMany(p => children.Select(c => $"GET /p{p}/{c}"))];
        var table = RouteTable.Create(keys);

        // Act
        var selected = keys.Select(key => Match(table, "GET", key[4..])?.Key).ToArray();
        var misses = new[] { "/p0/c20", "/p40/c0", "/p1/c1x", "/c1" }.Select(path => Match(table, "GET", path)).ToArray();

        // Assert
        Assert.Equal(keys, selected);
        Assert.All(misses, static miss => Assert.Null(miss));
    }

    [Theory]
    [InlineData("/a/b/c/d/e", "GET /a/b/{x}/d/{y}")]
    [InlineData("/a/b/c/d", "GET /a/{proxy+}")] // the tail ends one segment short
    [InlineData("/a/b/c/x/e", "GET /a/{proxy+}")] // a literal of the tail differs
    [InlineData("/a/b/c/d/e/f", "GET /a/{proxy+}")] // the path goes on past the tail
    [InlineData("/a/b//d/e", "GET /a/{proxy+}")] // an empty segment where the tail has a parameter
    [InlineData("/a/b/c/d/e/", "GET /a/{proxy+}")]
    [InlineData("/a/z/q/r", "ANY /a/z/{rest+}")] // a greedy route's own tail
    [InlineData("/a/z", "GET /a/{proxy+}")]
    public void TryMatch_PathLeavesASingleRouteTail_FallsBackAsTheFullTrieWould(string path, string expected)
    {
        // Arrange: below /a, each of these routes is the only one on its branch, so its segments are a tail on one node.
        var table = RouteTable.Create("GET /a/{proxy+}", "GET /a/b/{x}/d/{y}", "ANY /a/z/{rest+}");

        // Act
        var match = Match(table, "GET", path);

        // Assert
        Assert.Equal(expected, match?.Key);
    }

    // ---- real tables ----

    [Theory]
    [InlineData("github-api")]
    [InlineData("gplus-api")]
    [InlineData("parse-api")]
    public void TryMatch_RecordedApiRequests_EachSelectsItsOwnRoute(string name)
    {
        // Arrange
        var (table, requests) = LoadTable(name);

        // Act
        var selected = requests.Select(r => Match(table, r.Method, r.Path)?.Index ?? -1).ToArray();

        // Assert
        Assert.Equal(Enumerable.Range(0, requests.Length), selected);
    }

    [Fact]
    public void TryMatch_GitHubTableAfterWarmUp_AllocatesNothing()
    {
        // Arrange
        var (table, requests) = LoadTable("github-api");
        (string, string)[] misses =
        [
            ("GET", "/nothing/here"), ("PROPFIND", "/events"), ("GET", "/users/octocat/events/orgs/github/extra"),
            ("GET", "/events/"), ("GET", "//events"), ("GET", "/"),
        ];
        for (int i = 0; i < 20; i++)
        {
            MatchMany(table, requests, 1_000);
            MatchMany(table, misses, 100);
        }

        _ = GC.GetAllocatedBytesForCurrentThread();

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        int hits = MatchMany(table, requests, 1_000);
        int missHits = MatchMany(table, misses, 100);
        long after = GC.GetAllocatedBytesForCurrentThread();

        // Assert: an allocation count, not a timing.
        Assert.Equal(before, after);
        Assert.Equal(1_000, hits);
        Assert.Equal(0, missHits);
    }

    private static int MatchMany(RouteTable table, (string Method, string Path)[] requests, int count)
    {
        int hits = 0;
        for (int i = 0; i < count; i++)
        {
            var (method, path) = requests[i % requests.Length];
            if (table.TryMatch(method, path, out var match) && match.ParameterCount >= 0)
            {
                hits++;
            }
        }

        return hits;
    }

    private static (RouteTable Table, (string Method, string Path)[] Requests) LoadTable(string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "data", "routes");
        var routes = File.ReadAllLines(Path.Combine(directory, name + ".txt")).Where(static l => l.Length > 0);
        var requests = File.ReadAllLines(Path.Combine(directory, name + ".requests.txt"))
            .Where(static l => l.Length > 0)
            .Select(static l =>
            {
                int space = l.IndexOf(' ', StringComparison.Ordinal);
                return (l[..space], l[(space + 1)..]);
            })
            .ToArray();
        return (RouteTable.Create(routes), requests);
    }

    private static (string Key, int Index, string Parameters)? Match(RouteTable table, string method, string path)
    {
        if (!table.TryMatch(method, path, out var match))
        {
            return null;
        }

        var parameters = match.CreateParameterDictionary()
            .OrderBy(static p => p.Key, StringComparer.Ordinal)
            .Select(static p => p.Key + "=" + p.Value);
        return (match.RouteKey.Value, match.RouteIndex, string.Join(';', parameters));
    }
}
