using Quarry.Core;
using Quarry.Tracking.Research;

namespace Quarry.Tracking.Tests.Research;

public class ExperimentNameTests
{
    [Fact]
    public void Build_and_parse_round_trip()
    {
        var name = ExperimentName.Build("Alpha", "Equities", "Momentum", "SmaCross");
        Assert.Equal("Alpha.Equities.Momentum.SmaCross", name.ToString());
        Assert.Equal(name, ExperimentName.Parse("Alpha.Equities.Momentum.SmaCross"));
    }

    [Theory]
    [InlineData("Alpha.Equities.Momentum", "has 3 part(s)")]
    [InlineData("Alpha.Equities.Momentum.Sma.Cross", "has 5 part(s)")]
    [InlineData("Alpha..Momentum.SmaCross", "the asset class is empty")]
    [InlineData("Alpha.Equities.Mean Reversion.Bollinger", "the strategy family 'Mean Reversion' may only contain")]
    [InlineData("", "has 1 part(s)")]
    public void Parse_rejects_malformed_names_saying_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<QuarryException>(() => ExperimentName.Parse(text));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains(expected, e.Message);
        Assert.False(ExperimentName.TryParse(text, out _, out var problem));
        Assert.Equal(e.Message, problem);
    }

    [Fact]
    public void Build_rejects_a_dot_inside_a_part_and_overlong_parts()
    {
        Assert.Contains("the strategy 'Sma.Cross'", Assert.Throws<QuarryException>(() => ExperimentName.Build("A", "B", "C", "Sma.Cross")).Message);
        Assert.Contains("longer than 64", Assert.Throws<QuarryException>(() => ExperimentName.Build(new string('p', 65), "B", "C", "D")).Message);
    }

    [Fact]
    public void Tags_cover_the_hierarchy_team_and_status()
    {
        var tags = ResearchTags.For(ExperimentName.Parse("Alpha.FX.Carry.G10Carry"), team: "macro", ResearchStatus.Testing);
        Assert.Equal("Alpha", tags["project"]);
        Assert.Equal("FX", tags["asset_class"]);
        Assert.Equal("Carry", tags["strategy_family"]);
        Assert.Equal("G10Carry", tags["strategy"]);
        Assert.Equal("macro", tags["team"]);
        Assert.Equal("testing", tags["status"]);
        Assert.False(ResearchTags.For(ExperimentName.Parse("A.B.C.D")).ContainsKey("team"));
        Assert.Equal("research", ResearchTags.For(ExperimentName.Parse("A.B.C.D"))["status"]);
    }

    [Theory]
    [InlineData("production", ResearchStatus.Production)]
    [InlineData("ARCHIVED", ResearchStatus.Archived)]
    public void Status_parses_case_insensitively(string text, ResearchStatus expected) =>
        Assert.Equal(expected, ResearchTags.ParseStatus(text));

    [Theory]
    [InlineData("live")]
    [InlineData("2")]
    public void Unknown_status_lists_the_valid_ones(string text) =>
        Assert.Contains("expected research, testing, production or archived", Assert.Throws<QuarryException>(() => ResearchTags.ParseStatus(text)).Message);
}
