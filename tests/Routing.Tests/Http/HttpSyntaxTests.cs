using Routing.Http;

namespace Routing.Tests.Http;

public sealed class HttpSyntaxTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("70", 70L)]
    [InlineData(" 70\t", 70L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void TryParseContentLength_Digits_AreALength(string value, long expected)
    {
        Assert.True(HttpSyntax.TryParseContentLength(value, out long length));
        Assert.Equal(expected, length);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("+70")]
    [InlineData("-1")]
    [InlineData("70,70")]
    [InlineData("7 0")]
    [InlineData("0x46")]
    [InlineData("9223372036854775808")]
    [InlineData("\u0667\u0660")]
    public void TryParseContentLength_AnythingElse_IsRefused(string value)
    {
        Assert.False(HttpSyntax.TryParseContentLength(value, out _));
    }
}
