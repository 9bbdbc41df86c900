using Routing.Http;

namespace Routing.Tests.Http;

public sealed class RequestTargetTests
{
    // ---- decoding ----

    [Theory]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/coffee/%E2%98%95", "/coffee/\u2615")]
    [InlineData("/coffee/%e2%98%95%20Coffee", "/coffee/\u2615 Coffee")]
    [InlineData("/users/****%20Doe/orders/Summer%20Sale%202023", "/users/**** Doe/orders/Summer Sale 2023")]
    [InlineData("/smile/%F0%9F%98%80", "/smile/\U0001F600")]
    [InlineData("/a%41%7a", "/aAz")]
    [InlineData("/a+b", "/a+b")]
    [InlineData("/a%2Bb", "/a+b")]
    [InlineData("/x/%3Bjsessionid", "/x/;jsessionid")]
    [InlineData("/a%3Fb", "/a?b")]
    [InlineData("/a%25b", "/a%b")]
    public void Parse_PercentEscapes_DecodedOnceAsUtf8(string target, string expected)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("/a%2Fb")]
    [InlineData("/a%2fb")]
    [InlineData("/a%5Cb")]
    [InlineData("/a%5cb")]
    [InlineData("/a%00b")]
    [InlineData("/a%0Ab")]
    [InlineData("/a%1F")]
    [InlineData("/a%7F")]
    [InlineData("/public/..%2fadmin")]
    public void Parse_DecodedSlashBackslashOrControl_BadRequest(string target)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.BadRequest, status);
        Assert.Equal(string.Empty, path);
    }

    [Theory]
    [InlineData("/a%zz")]
    [InlineData("/a%")]
    [InlineData("/a%2")]
    [InlineData("/a%2/b")]
    [InlineData("/a%G0")]
    [InlineData("/a%%20")]
    public void Parse_MalformedEscape_BadRequest(string target)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.BadRequest, status);
    }

    [Theory]
    [InlineData("/a%E2%98", "truncated three-byte sequence at the end")]
    [InlineData("/a%E2%98/b", "truncated three-byte sequence before '/'")]
    [InlineData("/a%E2%98x", "truncated three-byte sequence before a character")]
    [InlineData("/a%C0%AF", "overlong '/'")]
    [InlineData("/a%C1%81", "overlong 'A'")]
    [InlineData("/a%E0%80%AF", "three-byte overlong '/'")]
    [InlineData("/a%ED%A0%80", "UTF-16 surrogate")]
    [InlineData("/a%F4%90%80%80", "above U+10FFFF")]
    [InlineData("/a%80", "lone continuation byte")]
    [InlineData("/a%FF", "never valid in UTF-8")]
    [InlineData("/a%E2%28%A1", "bad continuation byte")]
    public void Parse_InvalidUtf8_BadRequest(string target, string why)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.True(status == RequestTargetStatus.BadRequest, $"{target} ({why}): {status}");
    }

    // ---- dot segments ----

    [Theory]
    [InlineData("/a/./b", "/a/b")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("/a/b/.", "/a/b/")]
    [InlineData("/pets/%2e", "/pets/")]
    [InlineData("/pets/%2E%2E/admin", "/admin")]
    [InlineData("/public/%2e%2e/admin", "/admin")]
    [InlineData("/.", "/")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/../b/", "/b/")]
    [InlineData("/a/.../b", "/a/.../b")]
    [InlineData("/a/.b/..c", "/a/.b/..c")]
    public void Parse_DotSegments_ResolvedPerRfc3986(string target, string expected)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("/..")]
    [InlineData("/../a")]
    [InlineData("/%2e%2e")]
    [InlineData("/a/../..")]
    [InlineData("/./..")]
    public void Parse_DotDotAboveRoot_BadRequest(string target)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.BadRequest, status);
    }

    [Theory]
    [InlineData("/..;x/")]
    [InlineData("/a/..;x/b")]
    [InlineData("/a/.;x")]
    [InlineData("/a/%2e%2e;jsessionid=1/b")]
    public void Parse_DotSegmentWithParameters_BadRequest(string target)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.BadRequest, status);
    }

    [Theory]
    [InlineData("/admin;jsessionid=abc", "/admin;jsessionid=abc")]
    [InlineData("/a;x/b", "/a;x/b")]
    public void Parse_SemicolonInOrdinarySegment_KeptAsData(string target, string expected)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("/pets/%252e%252e/admin", "/pets/%2e%2e/admin")]
    [InlineData("/a/%252F", "/a/%2F")]
    [InlineData("/a/%2525", "/a/%25")]
    public void Parse_DoubleEncoded_DecodedOnlyOnceAndKeptAsData(string target, string expected)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("//a//b/", "//a//b/")]
    [InlineData("//", "//")]
    [InlineData("/pets/", "/pets/")]
    [InlineData("/", "/")]
    public void Parse_EmptySegmentsAndTrailingSlash_Kept(string target, string expected)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(expected, path);
    }

    // ---- query ----

    [Theory]
    [InlineData("/a?x=%20&y=a+b", "/a", "x=%20&y=a+b")]
    [InlineData("/a?x=%zz", "/a", "x=%zz")]
    [InlineData("/a?", "/a", "")]
    [InlineData("/a", "/a", "")]
    [InlineData("/a?b?c", "/a", "b?c")]
    [InlineData("/a%3Fb?c", "/a?b", "c")]
    [InlineData("/a%20b?q=%2F..%2F", "/a b", "q=%2F..%2F")]
    [InlineData("/?x=1", "/", "x=1")]
    public void Parse_QueryString_SplitAtFirstQuestionMarkAndNeverDecoded(string target, string expectedPath, string expectedQuery)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out string query);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(expectedPath, path);
        Assert.Equal(expectedQuery, query);
    }

    [Fact]
    public void Parse_LongQueryString_DoesNotCountTowardsPathLimit()
    {
        // Arrange
        string target = "/a?q=" + new string('x', RequestTarget.MaxPathLength * 2);

        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out string query);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal("/a", path);
        Assert.Equal(target[3..], query);
    }

    // ---- request-target forms ----

    [Theory]
    [InlineData("http://evil.example/pets?x=1", "/pets", "x=1")]
    [InlineData("HTTPS://h.example:8443/a/%20b", "/a/ b", "")]
    [InlineData("http://h.example", "/", "")]
    [InlineData("http://h.example?x=1", "/", "x=1")]
    [InlineData("http://user@h.example/a/../b", "/b", "")]
    public void Parse_AbsoluteForm_ReducedToPath(string target, string expectedPath, string expectedQuery)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out string query);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(expectedPath, path);
        Assert.Equal(expectedQuery, query);
    }

    [Theory]
    [InlineData("http://h.example#x/pets", "'#' starts a fragment: a URI parser reads the path as empty, not /pets")]
    [InlineData("http://h.example\\@evil.example/pets", "WHATWG URL parsers read '\\' as '/', giving the path /@evil.example/pets")]
    [InlineData("http://h example/pets", "raw space")]
    [InlineData("http://caf\u00e9.example/pets", "raw non-ASCII")]
    [InlineData("http://h.example\r\nX-Injected: 1/pets", "raw control characters")]
    public void Parse_AbsoluteFormWithForbiddenCharacterInAuthority_BadRequest(string target, string why)
    {
        // Arrange: pipeline step 2 refuses these characters anywhere in the request-target; reducing the
        // absolute form to its path must not skip the part that is thrown away.

        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.True(status == RequestTargetStatus.BadRequest, $"{why}: got {status} with path '{path}'");
    }

    [Theory]
    [InlineData("ftp://h.example/a")]
    [InlineData("pets/1")]
    [InlineData("h.example:443")]
    [InlineData("")]
    public void Parse_UnsupportedTargetForm_BadRequest(string target)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.BadRequest, status);
    }

    [Theory]
    [InlineData("OPTIONS", nameof(RequestTargetStatus.NotFound))]
    [InlineData("GET", nameof(RequestTargetStatus.BadRequest))]
    [InlineData("POST", nameof(RequestTargetStatus.BadRequest))]
    public void Parse_AsteriskForm_NotFoundOnlyForOptions(string method, string expected)
    {
        // Act
        var status = RequestTarget.Parse(method, "*", out string path, out _);

        // Assert
        Assert.Equal(expected, status.ToString());
        Assert.Equal(string.Empty, path);
    }

    [Fact]
    public void Parse_ConnectAuthorityForm_NotFound()
    {
        // Act
        var status = RequestTarget.Parse("CONNECT", "h.example:443", out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.NotFound, status);
    }

    // ---- methods ----

    [Theory]
    [InlineData("get")]
    [InlineData("Get")]
    [InlineData("pOST")]
    [InlineData("")]
    [InlineData("GET ")]
    [InlineData("G(T")]
    [InlineData("GET\u00c9")]
    public void Parse_MethodNotUpperCaseToken_BadRequest(string method)
    {
        // Act
        var status = RequestTarget.Parse(method, "/pets", out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.BadRequest, status);
    }

    [Fact]
    public void Parse_MethodOfMaxLengthPlusOne_BadRequest()
    {
        // Arrange
        string method = new('X', RequestTarget.MaxMethodLength + 1);

        // Act
        var status = RequestTarget.Parse(method, "/pets", out _, out _);

        // Assert
        Assert.Equal(33, method.Length);
        Assert.Equal(RequestTargetStatus.BadRequest, status);
    }

    [Theory]
    [InlineData("PROPFIND")]
    [InlineData("M-SEARCH")]
    [InlineData("ANY")]
    [InlineData("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    public void Parse_UnknownUpperCaseToken_Ok(string method)
    {
        // Act
        var status = RequestTarget.Parse(method, "/pets", out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal("/pets", path);
    }

    [Theory]
    [InlineData("CONNECT")]
    [InlineData("TRACE")]
    public void Parse_ConnectOrTrace_NotFound(string method)
    {
        // Act
        var status = RequestTarget.Parse(method, "/pets", out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.NotFound, status);
        Assert.Equal(string.Empty, path);
    }

    [Theory]
    [InlineData("GET", nameof(RequestTargetStatus.Ok))]
    [InlineData("OPTIONS", nameof(RequestTargetStatus.Ok))]
    [InlineData("CONNECT", nameof(RequestTargetStatus.NotFound))]
    [InlineData("TRACE", nameof(RequestTargetStatus.NotFound))]
    [InlineData("trace", nameof(RequestTargetStatus.BadRequest))]
    [InlineData("", nameof(RequestTargetStatus.BadRequest))]
    public void CheckMethod_Method_ReturnsStatus(string method, string expected)
    {
        // Act
        var status = RequestTarget.CheckMethod(method);

        // Assert
        Assert.Equal(expected, status.ToString());
    }

    // ---- limits ----

    [Fact]
    public void Parse_PathOfMaxLength_Ok()
    {
        // Arrange
        string target = "/" + new string('a', RequestTarget.MaxPathLength - 1);

        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(target, path);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("%zz")]
    [InlineData("%2F")]
    [InlineData("..")]
    [InlineData(" ")]
    [InlineData("\\")]
    public void Parse_PathOverMaxLength_UriTooLongEvenWithBadContent(string filler)
    {
        // Arrange
        string target = "/" + string.Concat(Enumerable.Repeat(filler, (RequestTarget.MaxPathLength / filler.Length) + 1));

        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.True(target.Length > RequestTarget.MaxPathLength);
        Assert.Equal(RequestTargetStatus.UriTooLong, status);
        Assert.Equal(string.Empty, path);
    }

    [Fact]
    public void Parse_DotDotSegmentsOverMaxLength_UriTooLong()
    {
        // Arrange: RT-154, 50,000 '/..' segments.
        string target = "/prod" + string.Concat(Enumerable.Repeat("/..", 50_000));

        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.UriTooLong, status);
    }

    [Fact]
    public void Parse_MaxSegments_Ok()
    {
        // Arrange
        string target = string.Concat(Enumerable.Repeat("/s", RequestTarget.MaxSegments));

        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(target, path);
    }

    [Theory]
    [InlineData("/s", 129)]
    [InlineData("/s", 4_000)]
    [InlineData("/", 129)]
    [InlineData("/", 5_000)]
    public void Parse_MoreThanMaxSegments_UriTooLong(string segment, int count)
    {
        // Arrange
        string target = string.Concat(Enumerable.Repeat(segment, count));

        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.UriTooLong, status);
    }

    [Fact]
    public void Parse_SlashesBeforeLiteral_EmptySegmentsCountTowardsLimit()
    {
        // Arrange: RT-104, 5,000 slashes then 'pets'.
        string target = "/prod" + new string('/', 5_000) + "pets";

        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.UriTooLong, status);
    }

    [Fact]
    public void Parse_SegmentsOverLimitBeforeDotResolution_CountedAfterResolution()
    {
        // Arrange: 129 segments as sent; 128 once '/x/..' resolves to a trailing '/' (an empty segment, which counts).
        string kept = string.Concat(Enumerable.Repeat("/s", RequestTarget.MaxSegments - 1));
        string target = kept + "/x/..";

        // Act
        var status = RequestTarget.Parse("GET", target, out string path, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.Ok, status);
        Assert.Equal(kept + "/", path);
    }

    // ---- raw characters ----

    [Theory]
    [InlineData("/a b")]
    [InlineData("/a#b")]
    [InlineData("/a#")]
    [InlineData("/a\\b")]
    [InlineData("/caf\u00e9")]
    [InlineData("/\u2615")]
    [InlineData("/a\tb")]
    [InlineData("/a\0b")]
    [InlineData("/a\u007f")]
    [InlineData("/a\r\nX: y")]
    [InlineData("/a?q=x y")]
    [InlineData("/a?q=caf\u00e9")]
    public void Parse_RawCharacterNotAllowedInTarget_BadRequest(string target)
    {
        // Act
        var status = RequestTarget.Parse("GET", target, out _, out _);

        // Assert
        Assert.Equal(RequestTargetStatus.BadRequest, status);
    }

    // ---- span API ----

    [Fact]
    public void Parse_SpanOverload_ExposesRawPathDecodedPathAndQuery()
    {
        // Arrange
        char[] buffer = new char[64];

        // Act
        var target = RequestTarget.Parse("GET", "/a%20b/./c?q=%20", buffer);

        // Assert
        Assert.True(target.IsValid);
        Assert.Equal(RequestTargetStatus.Ok, target.Status);
        Assert.Equal("/a%20b/./c", target.RawPath.ToString());
        Assert.Equal("/a b/c", target.Path.ToString());
        Assert.Equal("q=%20", target.Query.ToString());
    }

    [Fact]
    public void Parse_SpanOverloadFailure_PathIsEmpty()
    {
        // Arrange
        char[] buffer = new char[64];

        // Act
        var target = RequestTarget.Parse("GET", "/a%2Fb", buffer);

        // Assert
        Assert.False(target.IsValid);
        Assert.Equal(RequestTargetStatus.BadRequest, target.Status);
        Assert.True(target.Path.IsEmpty);
    }

    [Fact]
    public void Parse_BufferSmallerThanPath_ThrowsArgumentException()
    {
        // Act
        var ex = Assert.Throws<ArgumentException>(() => RequestTarget.Parse("GET", "/abcde", new char[2]).Status);

        // Assert
        Assert.Equal("buffer", ex.ParamName);
        Assert.Equal("The buffer holds 2 characters; the path needs 6. (Parameter 'buffer')", ex.Message);
    }

    [Fact]
    public void Parse_NullArguments_ThrowArgumentNull()
    {
        // Act
        var nullMethod = Assert.Throws<ArgumentNullException>(() => RequestTarget.Parse(null!, "/", out _, out _));
        var nullTarget = Assert.Throws<ArgumentNullException>(() => RequestTarget.Parse("GET", null!, out _, out _));

        // Assert
        Assert.Equal("method", nullMethod.ParamName);
        Assert.Equal("rawTarget", nullTarget.ParamName);
    }
}
