using Routing.Deployments;

namespace Routing.Tests.Deployments;

public sealed class StageSelectorTests
{
    private static readonly string[] DevProdDefault = ["dev", "prod", "$default"];

    [Theory]
    [InlineData("/dev/pets", "dev", 0, "/pets")]
    [InlineData("/prod/pets/dog/1", "prod", 1, "/pets/dog/1")]
    [InlineData("/dev/pets/", "dev", 0, "/pets/")]
    [InlineData("/dev//pets", "dev", 0, "//pets")]
    [InlineData("/dev/dev", "dev", 0, "/dev")]
    public void TrySelect_FirstSegmentNamesStage_SelectsStageAndStripsSegment(string path, string stage, int index, string routingPath)
    {
        // Arrange
        var selector = new StageSelector(DevProdDefault);

        // Act
        bool found = selector.TrySelect(path, out var match);

        // Assert
        Assert.True(found);
        Assert.Equal(stage, match.StageName);
        Assert.Equal(index, match.StageIndex);
        Assert.False(match.IsDefaultStage);
        Assert.Equal(routingPath, match.RoutingPath.ToString());
    }

    [Theory]
    [InlineData("/dev")]
    [InlineData("/dev/")]
    public void TrySelect_StageSegmentOnly_RoutingPathIsRoot(string path)
    {
        // Arrange
        var selector = new StageSelector(DevProdDefault);

        // Act
        bool found = selector.TrySelect(path, out var match);

        // Assert
        Assert.True(found);
        Assert.Equal("dev", match.StageName);
        Assert.Equal("/", match.RoutingPath.ToString());
    }

    [Theory]
    [InlineData("/development/pets")]
    [InlineData("/de/pets")]
    [InlineData("/devx")]
    [InlineData("/dev.json")]
    public void TrySelect_SegmentOnlySharesPrefixWithStage_DoesNotSelectStage(string path)
    {
        // Arrange
        var selector = new StageSelector(DevProdDefault);

        // Act
        bool found = selector.TrySelect(path, out var match);

        // Assert
        Assert.True(found);
        Assert.Equal("$default", match.StageName);
        Assert.Equal(path, match.RoutingPath.ToString());
    }

    [Theory]
    [InlineData("/Dev/pets")]
    [InlineData("/DEV/pets")]
    [InlineData("/PROD")]
    public void TrySelect_StageNameCaseDiffers_DoesNotSelectStage(string path)
    {
        // Arrange
        var selector = new StageSelector(DevProdDefault);

        // Act
        bool found = selector.TrySelect(path, out var match);

        // Assert
        Assert.True(found);
        Assert.True(match.IsDefaultStage);
        Assert.Equal(path, match.RoutingPath.ToString());
    }

    [Fact]
    public void TrySelect_StagesDifferingOnlyInCase_AreSeparateStages()
    {
        // Arrange
        var selector = new StageSelector(["dev", "Dev"]);

        // Act
        bool lower = selector.TrySelect("/dev/a", out var lowerMatch);
        string lowerName = lowerMatch.StageName;
        bool upper = selector.TrySelect("/Dev/a", out var upperMatch);

        // Assert
        Assert.True(lower);
        Assert.Equal("dev", lowerName);
        Assert.True(upper);
        Assert.Equal("Dev", upperMatch.StageName);
        Assert.Equal(1, upperMatch.StageIndex);
    }

    [Theory]
    [InlineData("/pets/dog")]
    [InlineData("/")]
    [InlineData("/pets/")]
    public void TrySelect_NoStageNamed_FallsBackToDefaultWithWholePath(string path)
    {
        // Arrange
        var selector = new StageSelector(DevProdDefault);

        // Act
        bool found = selector.TrySelect(path, out var match);

        // Assert
        Assert.True(found);
        Assert.Equal("$default", match.StageName);
        Assert.Equal(2, match.StageIndex);
        Assert.True(match.IsDefaultStage);
        Assert.Equal(path, match.RoutingPath.ToString());
    }

    [Fact]
    public void TrySelect_ExplicitStageAndDefault_ExplicitStageWins()
    {
        // Arrange: AWS-SEMANTICS 3.4, stage 'pets' beside $default.
        var selector = new StageSelector(["$default", "pets"]);

        // Act
        bool found = selector.TrySelect("/pets/dog", out var match);

        // Assert
        Assert.True(found);
        Assert.Equal("pets", match.StageName);
        Assert.Equal(1, match.StageIndex);
        Assert.Equal("/dog", match.RoutingPath.ToString());
    }

    [Theory]
    [InlineData("/pets")]
    [InlineData("/")]
    [InlineData("//dev")]
    [InlineData("/Dev")]
    public void TrySelect_NoStageNamedAndNoDefault_ReturnsFalse(string path)
    {
        // Arrange
        var selector = new StageSelector(["dev", "prod"]);

        // Act
        bool found = selector.TrySelect(path, out var match);

        // Assert
        Assert.False(found);
        Assert.Null(match.StageName);
        Assert.False(selector.HasDefaultStage);
    }

    [Theory]
    [InlineData("//dev")]
    [InlineData("//dev/pets")]
    [InlineData("//")]
    public void TrySelect_EmptyFirstSegment_NeverNamesStage(string path)
    {
        // Arrange
        var selector = new StageSelector(DevProdDefault);

        // Act
        bool found = selector.TrySelect(path, out var match);

        // Assert
        Assert.True(found);
        Assert.True(match.IsDefaultStage);
        Assert.Equal(path, match.RoutingPath.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("dev/pets")]
    public void TrySelect_PathWithoutLeadingSlash_ReturnsFalse(string path)
    {
        // Arrange
        var selector = new StageSelector(DevProdDefault);

        // Act
        bool found = selector.TrySelect(path, out _);

        // Assert
        Assert.False(found);
    }

    [Fact]
    public void TrySelect_OnlyDefaultStage_ServesEveryPathUnchanged()
    {
        // Arrange
        var selector = new StageSelector(["$default"]);

        // Act
        bool found = selector.TrySelect("/dev/pets", out var match);

        // Assert
        Assert.True(found);
        Assert.True(match.IsDefaultStage);
        Assert.Equal(0, match.StageIndex);
        Assert.Equal("/dev/pets", match.RoutingPath.ToString());
    }

    [Fact]
    public void TrySelect_ManyStages_FindsEachByName()
    {
        // Arrange: more stages than the scan limit of the segment map.
        string[] names = [.. Enumerable.Range(0, 20).Select(static i => "stage" + i)];
        var selector = new StageSelector(names);

        // Act
        var selected = names.Select(name =>
        {
            bool found = selector.TrySelect("/" + name + "/x", out var match);
            return found ? $"{match.StageName}#{match.StageIndex}:{match.RoutingPath}" : "none";
        }).ToArray();

        // Assert
        Assert.Equal(names.Select(static (name, i) => $"{name}#{i}:/x"), selected);
    }

    [Fact]
    public void Constructor_Stages_KeepsNamesInOrder()
    {
        // Act
        var selector = new StageSelector(DevProdDefault);

        // Assert
        Assert.Equal(DevProdDefault, selector.StageNames);
        Assert.True(selector.HasDefaultStage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dev/pets")]
    [InlineData("my stage")]
    [InlineData("dev.1")]
    [InlineData("$dev")]
    [InlineData("$DEFAULT")]
    [InlineData("caf\u00e9")]
    public void Constructor_InvalidName_ThrowsNamingIt(string name)
    {
        // Act
        var ex = Assert.Throws<ArgumentException>(() => new StageSelector(["dev", name]));

        // Assert
        Assert.Equal("stageNames", ex.ParamName);
        Assert.Equal(
            $"Stage name '{name}' is not valid: use '$default' or 1 to 128 letters, digits, '-' and '_'. (Parameter 'stageNames')",
            ex.Message);
    }

    [Fact]
    public void Constructor_NameLongerThan128_Throws()
    {
        // Arrange
        string name = new('a', StageSelector.MaxStageNameLength + 1);

        // Act
        var ex = Assert.Throws<ArgumentException>(() => new StageSelector([name]));

        // Assert
        Assert.Equal(
            $"Stage name '{name}' is not valid: use '$default' or 1 to 128 letters, digits, '-' and '_'. (Parameter 'stageNames')",
            ex.Message);
    }

    [Fact]
    public void Constructor_NameOf128_IsValid()
    {
        // Arrange
        string name = new('a', StageSelector.MaxStageNameLength);

        // Act
        var selector = new StageSelector([name]);
        bool found = selector.TrySelect("/" + name + "/x", out var match);

        // Assert
        Assert.True(found);
        Assert.Equal(name, match.StageName);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("$default")]
    public void Constructor_DuplicateName_ThrowsNamingIt(string name)
    {
        // Act
        var ex = Assert.Throws<ArgumentException>(() => new StageSelector([name, "prod", name]));

        // Assert
        Assert.Equal("stageNames", ex.ParamName);
        Assert.Equal($"Stage name '{name}' appears twice; each stage needs its own name. (Parameter 'stageNames')", ex.Message);
    }

    [Fact]
    public void Constructor_NullName_Throws()
    {
        // Act
        var ex = Assert.Throws<ArgumentException>(() => new StageSelector(["dev", null!]));

        // Assert
        Assert.Equal("A stage name is null. (Parameter 'stageNames')", ex.Message);
    }

    [Fact]
    public void Constructor_NullSequence_ThrowsArgumentNull()
    {
        // Act
        var ex = Assert.Throws<ArgumentNullException>(() => new StageSelector(null!));

        // Assert
        Assert.Equal("stageNames", ex.ParamName);
    }

    [Theory]
    [InlineData("$default", true)]
    [InlineData("dev", true)]
    [InlineData("A-b_9", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("a/b", false)]
    [InlineData("default", true)]
    public void IsValidStageName_Name_ReturnsValidity(string? name, bool expected)
    {
        // Act
        bool valid = StageSelector.IsValidStageName(name);

        // Assert
        Assert.Equal(expected, valid);
    }
}
