using Quarry.Core;
using Quarry.Tracking.Search;

namespace Quarry.Tracking.Tests.Search;

/// <summary>mlflow-search.md §4, examples 1–23 (valid filters): parse result.</summary>
public class SearchFilterParseTests
{
    private static Comparison Single(string filter)
    {
        var f = SearchFilter.Parse(filter);
        return Assert.Single(f.Clauses);
    }

    private static void AssertClause(Comparison c, EntityKind kind, string key, Comparator op, string text)
    {
        Assert.Equal(kind, c.Kind);
        Assert.Equal(key, c.Key);
        Assert.Equal(op, c.Op);
        Assert.Equal(text, c.Value.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t ")]
    public void Parse_empty_or_whitespace_matches_everything(string? filter)
    {
        var f = SearchFilter.Parse(filter);
        Assert.Empty(f.Clauses);
        Assert.True(f.Matches(new RunView("r")));
    }

    [Fact]
    public void Ex01_metric_ge_float()
    {
        var c = Single("metric.acc >= 0.94");
        AssertClause(c, EntityKind.Metric, "acc", Comparator.GreaterOrEqual, "0.94");
        Assert.Equal(SearchValueKind.Number, c.Value.Kind);
        Assert.Equal(0.94, c.Value.Number);
    }

    [Fact]
    public void Ex02_no_spaces_needed() =>
        AssertClause(Single("metric.acc>=100"), EntityKind.Metric, "acc", Comparator.GreaterOrEqual, "100");

    [Fact]
    public void Ex03_param_not_equal_single_quoted()
    {
        var c = Single("params.m!='tf'");
        AssertClause(c, EntityKind.Param, "m", Comparator.NotEqual, "tf");
        Assert.Equal(SearchValueKind.String, c.Value.Kind);
    }

    [Fact]
    public void Ex04_quoted_key_and_double_quoted_value() =>
        AssertClause(Single("params.\"m\"!=\"tf\""), EntityKind.Param, "m", Comparator.NotEqual, "tf");

    [Fact]
    public void Ex05_double_quoted_key_with_space() =>
        AssertClause(Single("metric.\"legit name\" >= 0.243"), EntityKind.Metric, "legit name", Comparator.GreaterOrEqual, "0.243");

    [Fact]
    public void Ex06_keys_are_case_sensitive() =>
        AssertClause(Single("metrics.XYZ = 3"), EntityKind.Metric, "XYZ", Comparator.Equal, "3");

    [Theory]
    [InlineData("metrics.\"X-Y-Z\" = 3", "X-Y-Z")]
    [InlineData("metrics.\"X//Y#$$@&Z\" = 3", "X//Y#$$@&Z")]
    public void Ex07_keys_with_punctuation(string filter, string key) =>
        AssertClause(Single(filter), EntityKind.Metric, key, Comparator.Equal, "3");

    [Fact]
    public void Ex08_param_equals() =>
        AssertClause(Single("params.model = 'LinearRegression'"), EntityKind.Param, "model", Comparator.Equal, "LinearRegression");

    [Fact]
    public void Ex09_lowercase_and_joins_two_clauses()
    {
        var f = SearchFilter.Parse("metrics.rmse < 1 and params.model_class = 'LR'");
        Assert.Equal(2, f.Clauses.Count);
        AssertClause(f.Clauses[0], EntityKind.Metric, "rmse", Comparator.Less, "1");
        AssertClause(f.Clauses[1], EntityKind.Param, "model_class", Comparator.Equal, "LR");
    }

    [Fact]
    public void Ex10_backticked_entity() =>
        AssertClause(Single("`metric`.a >= 0.1"), EntityKind.Metric, "a", Comparator.GreaterOrEqual, "0.1");

    [Theory]
    [InlineData("tags.version = 'commit-hash'", "version", "commit-hash")]
    [InlineData("`tags`.source_name = 'a notebook'", "source_name", "a notebook")]
    public void Ex11_tags(string filter, string key, string value) =>
        AssertClause(Single(filter), EntityKind.Tag, key, Comparator.Equal, value);

    [Fact]
    public void Ex12_dots_in_quoted_key() =>
        AssertClause(Single("metrics.\"accuracy.2.0\" > 5"), EntityKind.Metric, "accuracy.2.0", Comparator.Greater, "5");

    [Fact]
    public void Ex13_backticked_and_quoted_keys()
    {
        AssertClause(Single("metrics.`spacey name` > 5"), EntityKind.Metric, "spacey name", Comparator.Greater, "5");
        AssertClause(Single("params.\"p.a.r.a.m\" != \"a\""), EntityKind.Param, "p.a.r.a.m", Comparator.NotEqual, "a");
        AssertClause(Single("tags.\"t.a.g\" = \"a\""), EntityKind.Tag, "t.a.g", Comparator.Equal, "a");
    }

    [Fact]
    public void Ex14_attributes()
    {
        AssertClause(Single("attribute.artifact_uri = '1/23/4'"), EntityKind.Attribute, "artifact_uri", Comparator.Equal, "1/23/4");
        AssertClause(Single("attribute.start_time >= 1234"), EntityKind.Attribute, "start_time", Comparator.GreaterOrEqual, "1234");
    }

    [Fact]
    public void Ex15_run_alias_is_attribute() =>
        AssertClause(Single("run.status = 'RUNNING'"), EntityKind.Attribute, "status", Comparator.Equal, "RUNNING");

    [Fact]
    public void Ex16_bare_attribute()
    {
        AssertClause(Single("status = 'FINISHED'"), EntityKind.Attribute, "status", Comparator.Equal, "FINISHED");
        AssertClause(Single("run_name = 'bouncy-boar-498'"), EntityKind.Attribute, "run_name", Comparator.Equal, "bouncy-boar-498");
    }

    [Fact]
    public void Ex17_single_quote_inside_double_quotes() =>
        AssertClause(Single("params.m = \"L'Hosp\""), EntityKind.Param, "m", Comparator.Equal, "L'Hosp");

    [Fact]
    public void Ex18_like_and_ilike()
    {
        AssertClause(Single("tags.task ILIKE \"classif%\""), EntityKind.Tag, "task", Comparator.ILike, "classif%");
        AssertClause(Single("params.solver LIKE \"l%\""), EntityKind.Param, "solver", Comparator.Like, "l%");
        AssertClause(Single("params.solver like 'l%'"), EntityKind.Param, "solver", Comparator.Like, "l%");
    }

    [Fact]
    public void Ex19_backticked_tag_keys_with_dots()
    {
        AssertClause(Single("tags.`mlflow.source.name` = \"scratch.py\""), EntityKind.Tag, "mlflow.source.name", Comparator.Equal, "scratch.py");
        AssertClause(Single("tags.`mlflow.runName` = 'run_name2'"), EntityKind.Tag, "mlflow.runName", Comparator.Equal, "run_name2");
    }

    [Theory]
    [InlineData("attributes.run_id IN ('a1b2', 'c3d4')", Comparator.In, new[] { "a1b2", "c3d4" })]
    [InlineData("attributes.run_id IN ('a1b2','c3d4')", Comparator.In, new[] { "a1b2", "c3d4" })]
    [InlineData("attributes.run_id in (  'a1b2' ,   'c3d4'  )", Comparator.In, new[] { "a1b2", "c3d4" })]
    [InlineData("attributes.run_id NOT IN ('a1b2')", Comparator.NotIn, new[] { "a1b2" })]
    [InlineData("attributes.run_id not in ('a1b2', 'UPPER')", Comparator.NotIn, new[] { "a1b2" })]
    public void Ex20_run_id_lists(string filter, Comparator op, string[] items)
    {
        var c = Single(filter);
        Assert.Equal(EntityKind.Attribute, c.Kind);
        Assert.Equal("run_id", c.Key);
        Assert.Equal(op, c.Op);
        Assert.Equal(SearchValueKind.List, c.Value.Kind);
        Assert.Equal(items, c.Value.Items);
    }

    [Fact]
    public void Ex21_created_and_run_name_aliases()
    {
        AssertClause(Single("attributes.created > 1664067852747"), EntityKind.Attribute, "start_time", Comparator.Greater, "1664067852747");
        AssertClause(Single("attributes.`Run name` = 'x'"), EntityKind.Attribute, "run_name", Comparator.Equal, "x");
    }

    [Fact]
    public void Ex22_datasets()
    {
        var c = Single("datasets.digest IN ('s8ds293b', 'jks834s2')");
        Assert.Equal((EntityKind.Dataset, "digest", Comparator.In), (c.Kind, c.Key, c.Op));
        Assert.Equal(["s8ds293b", "jks834s2"], c.Value.Items);
        AssertClause(Single("dataset.context = 'train'"), EntityKind.Dataset, "context", Comparator.Equal, "train");
        AssertClause(Single("datasets.name ILIKE 'Name%'"), EntityKind.Dataset, "name", Comparator.ILike, "Name%");
    }

    [Fact]
    public void Ex23_uppercase_and_mixed_entities()
    {
        var f = SearchFilter.Parse("metrics.foobar = 40 AND run_name = \"bouncy-boar-498\"");
        Assert.Equal(2, f.Clauses.Count);
        AssertClause(f.Clauses[0], EntityKind.Metric, "foobar", Comparator.Equal, "40");
        AssertClause(f.Clauses[1], EntityKind.Attribute, "run_name", Comparator.Equal, "bouncy-boar-498");
    }

    [Theory]
    [InlineData("metrics.a > 1e-3", 1e-3)]
    [InlineData("metrics.a > -12.0", -12.0)]
    [InlineData("metrics.a > 2.5E+4", 2.5e4)]
    [InlineData("metrics.a > .5", 0.5)]
    public void Parse_numbers_including_scientific_notation(string filter, double expected) =>
        Assert.Equal(expected, Single(filter).Value.Number);

    [Fact]
    public void Parse_error_is_QuarryException_InvalidParameter()
    {
        var ex = Assert.Throws<QuarryException>(() => SearchFilter.Parse("metrics.a >"));
        Assert.Equal(ErrorCode.InvalidParameter, ex.Code);
    }
}
