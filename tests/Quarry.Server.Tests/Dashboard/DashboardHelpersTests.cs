using Microsoft.AspNetCore.Http;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Dashboard.Html;
using Quarry.Server.Dashboard.Pages;

namespace Quarry.Server.Tests.Dashboard;

public sealed class DashboardHelpersTests
{
    [Fact]
    public void Html_holes_are_encoded_and_raw_markup_is_not()
    {
        var h = new HtmlWriter();
        string name = "<script>alert('x')</script> & \"co\"";
        h.Add($"""<a title="{name}">{name}</a>{new RawHtml("<b>ok</b>")}{42}""");
        Assert.Equal("<a title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</a><b>ok</b>42",
            h.ToString());
    }

    [Theory]
    [InlineData("sharpe", 2.0, 1.0, true)]
    [InlineData("sharpe", -1.0, 1.0, false)]
    [InlineData("max_drawdown", -0.1, -0.3, true)] // Quarry's drawdowns are ≤ 0: −0.10 beats −0.30
    [InlineData("max_drawdown", 0.1, 0.3, true)] // positive magnitudes too
    [InlineData("volatility", 0.1, 0.2, true)]
    [InlineData("val_loss", 0.5, 0.4, false)]
    [InlineData("sharpe", double.NaN, 1.0, false)]
    [InlineData("sharpe", 1.0, double.NaN, true)]
    public void Better_follows_the_servers_metric_goal(string key, double a, double b, bool better) =>
        Assert.Equal(better, MetricDirection.IsBetter(key, a, b));

    [Fact]
    public void The_best_of_a_range_and_the_best_first_order_depend_on_the_metric()
    {
        Assert.Equal(2.5, MetricDirection.BestOfRange("sharpe", -0.3, 2.5));
        Assert.Equal(-0.02, MetricDirection.BestOfRange("max_drawdown", -0.4, -0.02));
        Assert.Equal(0.1, MetricDirection.BestOfRange("volatility", 0.1, 0.3));
        Assert.True(MetricDirection.BestFirstDescending("sharpe", null));
        Assert.True(MetricDirection.BestFirstDescending("max_drawdown", -0.2));
        Assert.False(MetricDirection.BestFirstDescending("max_drawdown", 0.2));
        Assert.False(MetricDirection.BestFirstDescending("volatility", 0.2));
        Assert.Equal(1.0, MetricDirection.Best("loss", [3.0, double.NaN, 1.0, 2.0]));
        Assert.Null(MetricDirection.Best("loss", [double.NaN]));
    }

    [Theory]
    [InlineData("sharpe", "metrics.sharpe")]
    [InlineData("benchmark.sharpe", "metrics.`benchmark.sharpe`")]
    [InlineData("my metric-1", "metrics.`my metric-1`")]
    [InlineData("odd`key", "metrics.\"odd`key\"")]
    public void Identifiers_are_quoted_when_the_key_needs_it(string key, string expected) =>
        Assert.Equal(expected, SearchSyntax.Identifier("metrics", key));

    [Fact]
    public void Quoted_identifiers_parse_back_to_the_same_key()
    {
        foreach (var key in new[] { "benchmark.sharpe", "my metric-1", "odd`key" })
        {
            var clauses = Quarry.Tracking.Search.OrderBy.Parse([SearchSyntax.Order("metrics", key, true)]);
            Assert.Equal(key, Assert.Single(clauses).Key);
        }
    }

    [Fact]
    public void Paging_keeps_a_trail_of_tokens_so_previous_goes_back_one_page()
    {
        var first = new RunsView("7") { Size = 25 };
        var second = first.Next("T1");
        var third = second.Next("T2");
        Assert.Equal((0L, 25L, 50L), (first.Offset, second.Offset, third.Offset));
        Assert.Equal("T1", third.Previous.Page);
        Assert.Equal(25, third.Previous.Offset);
        Assert.Null(second.Previous.Page);
        Assert.Equal("/experiments/7?size=25&page=T2&trail=T1", third.Href());
    }

    [Fact]
    public void A_view_reads_back_from_its_own_url()
    {
        var view = new RunsView("3")
        {
            Filter = "metrics.sharpe > 1 and tags.symbol = 'SPY'", OrderBy = "metrics.sharpe DESC", Metrics = ["sharpe", "cagr"],
            Params = [], Tags = ["symbol"], Size = 100, Selected = ["a", "b"],
        }.Next("eyJvZmZzZXQiOiAxMDB9");
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(view.Href()[view.Href().IndexOf('?', StringComparison.Ordinal)..]);
        var back = RunsView.From("3", context.Request);
        Assert.Equal(view.Filter, back.Filter);
        Assert.Equal(view.OrderBy, back.OrderBy);
        Assert.Equal(view.Metrics, back.Metrics);
        Assert.Equal(view.Params, back.Params);
        Assert.Equal(view.Tags, back.Tags);
        Assert.Equal(view.Page, back.Page);
        Assert.Equal(view.Size, back.Size);
        Assert.Equal(view.Selected, back.Selected);
        Assert.Equal(view.Href(), back.Href());
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(418140.34, "418,140.34")]
    [InlineData(1234567.0, "1,234,567")]
    [InlineData(12.345678, "12.3457")]
    [InlineData(-0.0214, "-0.0214")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-∞")]
    public void Numbers_are_written_compactly(double value, string expected) => Assert.Equal(expected, Display.Number(value));
}
