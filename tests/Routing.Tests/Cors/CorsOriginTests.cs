using Routing.Cors;

namespace Routing.Tests.Cors;

public sealed class CorsOriginTests
{
    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("https://[::1]:8443")]
    [InlineData("https://[2001:db8::1]")]
    [InlineData("capacitor://localhost")]
    [InlineData("chrome-extension://abcdefghijklmnop")]
    [InlineData("https://xn--bcher-kva.example")]
    [InlineData("https://a_b.example:65535")]
    [InlineData("https://App.Example.COM")]
    public void Check_SerializedOrigin_Valid(string origin)
    {
        // Act
        var syntax = CorsOrigin.Check(origin);

        // Assert
        Assert.Equal(CorsOriginSyntax.Valid, syntax);
    }

    [Theory]
    [InlineData("", nameof(CorsOriginSyntax.Empty))]
    [InlineData("   ", nameof(CorsOriginSyntax.Empty))]
    [InlineData("https://a.example\r\nx: y", nameof(CorsOriginSyntax.BadCharacter))]
    [InlineData("https://a.example\0", nameof(CorsOriginSyntax.BadCharacter))]
    [InlineData("https://bücher.example", nameof(CorsOriginSyntax.BadCharacter))]
    [InlineData("https://*", nameof(CorsOriginSyntax.Pattern))]
    [InlineData("https://*.example.com", nameof(CorsOriginSyntax.Pattern))]
    [InlineData("null", nameof(CorsOriginSyntax.NoScheme))]
    [InlineData("1https://a.example", nameof(CorsOriginSyntax.NoScheme))]
    [InlineData("ht tp://a.example", nameof(CorsOriginSyntax.BadCharacter))]
    [InlineData("://a.example", nameof(CorsOriginSyntax.NoScheme))]
    [InlineData("https://a.example/", nameof(CorsOriginSyntax.Path))]
    [InlineData("https://a.example#x", nameof(CorsOriginSyntax.Path))]
    [InlineData("https://a.example@evil.example", nameof(CorsOriginSyntax.UserInfo))]
    [InlineData("https://", nameof(CorsOriginSyntax.BadHost))]
    [InlineData("https://.example", nameof(CorsOriginSyntax.BadHost))]
    [InlineData("https://a.example.", nameof(CorsOriginSyntax.BadHost))]
    [InlineData("https://a`.example", nameof(CorsOriginSyntax.BadHost))]
    [InlineData("https://[::1", nameof(CorsOriginSyntax.BadHost))]
    [InlineData("https://[::1]x", nameof(CorsOriginSyntax.BadHost))]
    [InlineData("https://[]", nameof(CorsOriginSyntax.BadHost))]
    [InlineData("https://[::1]:", nameof(CorsOriginSyntax.BadPort))]
    [InlineData("https://a.example:0", nameof(CorsOriginSyntax.BadPort))]
    [InlineData("https://a.example:123456", nameof(CorsOriginSyntax.BadPort))]
    [InlineData("https://a.example:-1", nameof(CorsOriginSyntax.BadPort))]
    [InlineData("https://a.example:80:80", nameof(CorsOriginSyntax.BadPort))]
    public void Check_NotAnOrigin_SaysWhy(string origin, string expected)
    {
        // Act
        var syntax = CorsOrigin.Check(origin);

        // Assert
        Assert.Equal(expected, syntax.ToString());
    }

    [Fact]
    public void Check_OverlongOrigin_TooLong()
    {
        // Arrange
        string origin = "https://" + string.Join('.', Enumerable.Repeat(new string('a', 60), 20));

        // Act
        var syntax = CorsOrigin.Check(origin);

        // Assert
        Assert.Equal(CorsOriginSyntax.TooLong, syntax);
    }

    [Fact]
    public void Check_LabelOver63Characters_BadHost()
    {
        // Act
        var syntax = CorsOrigin.Check("https://" + new string('a', 64) + ".example");

        // Assert
        Assert.Equal(CorsOriginSyntax.BadHost, syntax);
    }
}
