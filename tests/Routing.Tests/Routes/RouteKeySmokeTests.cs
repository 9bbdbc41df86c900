using Routing.Routes;

namespace Routing.Tests.Routes;

public sealed class RouteKeySmokeTests
{
    [Fact]
    public void Parse_ParameterRoute_HasSegments()
    {
        var key = RouteKey.Parse("GET /pets/{id}");

        Assert.Equal("GET", key.Method);
        Assert.Equal(2, key.Segments.Count);
        Assert.Equal(new RouteSegment(RouteSegmentKind.Parameter, "id"), key.Segments[1]);
    }
}
