using Quarry.Tracking.Search;
using static Quarry.Tracking.Tests.Search.SearchScenarioHelpers;

namespace Quarry.Tracking.Tests.Search;

/// <summary>LIKE / ILIKE wildcard rules (mlflow-search.md §1.2).</summary>
public class LikeMatchingTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "ABC", false)]
    [InlineData("abc", "a%", true)]
    [InlineData("abc", "%c", true)]
    [InlineData("abc", "%b%", true)]
    [InlineData("abc", "%", true)]
    [InlineData("", "%", true)]
    [InlineData("", "_", false)]
    [InlineData("abc", "a_c", true)]
    [InlineData("abc", "a_", false)]
    [InlineData("abc", "___", true)]
    [InlineData("aXbXc", "a%b%c", true)]
    [InlineData("abcbc", "%bc", true)]
    [InlineData("abcd", "%bc", false)]
    [InlineData("a.c", "a.c", true)]
    [InlineData("abc", "a.c", false)]
    [InlineData("a(b)c+", "a(b)c+", true)]
    [InlineData("line1\nline2", "line1%", true)]
    public void Like_is_case_sensitive_with_percent_and_underscore(string value, string pattern, bool expected) =>
        Assert.Equal(expected, SearchFilter.Parse($"params.p LIKE '{pattern}'").Matches(new RunView("r") { Params = Map(("p", value)) }));

    [Theory]
    [InlineData("Classifier", "classif%", true)]
    [InlineData("CLASSIFIER", "%Ifi_r", true)]
    [InlineData("regressor", "classif%", false)]
    public void ILike_ignores_case(string value, string pattern, bool expected) =>
        Assert.Equal(expected, SearchFilter.Parse($"tags.task ILIKE '{pattern}'").Matches(new RunView("r") { Tags = Map(("task", value)) }));

    [Fact]
    public void Like_with_many_wildcards_on_a_long_value_is_fast()
    {
        var run = new RunView("r") { Params = Map(("p", new string('a', 20_000))) };
        Assert.False(SearchFilter.Parse("params.p LIKE '%a%a%a%a%a%a%b'").Matches(run));
    }
}
