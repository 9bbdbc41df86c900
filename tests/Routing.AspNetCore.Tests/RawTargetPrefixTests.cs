using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Routing.AspNetCore.Tests;

public sealed class RawTargetPrefixTests
{
    [Theory]
    [InlineData("/api/pets", "/api", "/pets")]
    [InlineData("/api", "/api", "/")]
    [InlineData("/api/", "/api", "/")]
    [InlineData("/api?x=1", "/api", "/?x=1")]
    [InlineData("/api/pets/John%20Doe?q=%2F", "/api", "/pets/John%20Doe?q=%2F")]
    [InlineData("/api/%2e%2e/admin", "/api", "/%2e%2e/admin")]
    [InlineData("/v1/api/pets", "/v1/api", "/pets")]
    [InlineData("http://example.com/api/pets?q", "/api", "/pets?q")]
    [InlineData("HTTPS://example.com/api", "/api", "/")]
    [InlineData("/anything?x", "", "/anything?x")]
    [InlineData("*", "", "*")]
    public void TryStrip_UnderPrefix_ReturnsTheRawRest(string rawTarget, string prefix, string expected)
    {
        // Act
        bool under = RawTargetPrefix.TryStrip(rawTarget, prefix, out string remainder);

        // Assert
        Assert.True(under);
        Assert.Equal(expected, remainder);
    }

    [Theory]
    [InlineData("/apiX/pets")]
    [InlineData("/apix")]
    [InlineData("/API/pets")]
    [InlineData("/%61pi/pets")]
    [InlineData("/ap")]
    [InlineData("//api/pets")]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("example.com:443")]
    [InlineData("http://example.com")]
    [InlineData("ftp://example.com/api/pets")]
    [InlineData("/api;x/pets")]
    public void TryStrip_NotUnderPrefix_ReturnsFalse(string rawTarget)
    {
        // Act
        bool under = RawTargetPrefix.TryStrip(rawTarget, "/api", out _);

        // Assert
        Assert.False(under);
    }

    [Property(MaxTest = 500)]
    public Property TryStrip_OriginForm_UnderOnlyAtABoundaryAndTheRestKeepsItsBytes()
    {
        var rest = Gen.ArrayOf(Gen.Elements("/?%aA.;x2F-".ToCharArray())).Select(static c => new string(c));
        return Prop.ForAll(rest.ToArbitrary(), r =>
        {
            bool under = RawTargetPrefix.TryStrip("/api" + r, "/api", out string remainder);
            bool atBoundary = r.Length == 0 || r[0] is '/' or '?';
            string expected = r.Length == 0 ? "/" : r[0] == '?' ? "/" + r : r;
            return under == atBoundary && (!under || remainder == expected);
        });
    }

    [Theory]
    [InlineData("/", "")]
    [InlineData("/api", "/api")]
    [InlineData("/api/", "/api")]
    [InlineData("/v1/pets-api_2.x~", "/v1/pets-api_2.x~")]
    public void Normalize_ValidPrefix_ReturnsTheCanonicalForm(string prefix, string expected)
    {
        Assert.Equal(expected, RawTargetPrefix.Normalize(prefix));
    }
}
