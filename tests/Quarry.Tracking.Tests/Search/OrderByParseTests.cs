using Quarry.Core;
using Quarry.Tracking.Search;

namespace Quarry.Tracking.Tests.Search;

/// <summary>mlflow-search.md §2 and the order_by vectors of §4.</summary>
public class OrderByParseTests
{
    private static OrderClause One(string item) => Assert.Single(OrderBy.Parse([item]));

    [Theory]
    [InlineData("metrics.`Mean Square Error`", EntityKind.Metric, "Mean Square Error", true)]
    [InlineData("metrics.`Mean Square Error` ASC", EntityKind.Metric, "Mean Square Error", true)]
    [InlineData("metrics.`Mean Square Error` DESC", EntityKind.Metric, "Mean Square Error", false)]
    [InlineData("params.my_param aSc", EntityKind.Param, "my_param", true)]
    [InlineData("tags.tag1    DESC", EntityKind.Tag, "tag1", false)]
    [InlineData("attributes.created ASC", EntityKind.Attribute, "start_time", true)]
    [InlineData("attributes.Created desc", EntityKind.Attribute, "start_time", false)]
    [InlineData("metrics.\"key1\"  desc", EntityKind.Metric, "key1", false)]
    [InlineData("param.metric desc", EntityKind.Param, "metric", false)]
    [InlineData("status", EntityKind.Attribute, "status", true)]
    [InlineData("attribute.end_time", EntityKind.Attribute, "end_time", true)]
    [InlineData("attributes.`Run name`", EntityKind.Attribute, "run_name", true)]
    public void Parse_valid_items(string item, EntityKind kind, string key, bool ascending) =>
        Assert.Equal(new OrderClause(kind, key, ascending), One(item));

    [Fact]
    public void Parse_null_or_empty_list_gives_no_clauses()
    {
        Assert.Empty(OrderBy.Parse(null));
        Assert.Empty(OrderBy.Parse([]));
    }

    [Fact]
    public void Parse_keeps_list_order() =>
        Assert.Equal(
            [new OrderClause(EntityKind.Param, "my_param", true), new OrderClause(EntityKind.Attribute, "status", false)],
            OrderBy.Parse(["params.my_param aSc", "attributes.status   DESC"]));

    [Theory]
    [InlineData("m.acc", "Invalid entity type")]
    [InlineData("acc", "Invalid attribute key")]
    [InlineData("`metrics.A", "unterminated backtick")]
    [InlineData("`metrics.A`", "Invalid entity type")]
    [InlineData("metrics.A != 1", "expected ASC, DESC or the end of the clause")]
    [InlineData("params.my_param ", "trailing whitespace")]
    [InlineData("attribute.start", "Invalid attribute key 'start'")]
    [InlineData("attribute.experiment_id", "Invalid attribute key 'experiment_id'")]
    [InlineData("metrics.X ACS", "Invalid ordering key 'ACS'")]
    [InlineData("metrics.X decs", "Invalid ordering key 'decs'")]
    [InlineData("metrics.X ASC DESC", "expected ASC, DESC or the end of the clause")]
    [InlineData("datasets.name", "datasets cannot be used in order_by")]
    [InlineData("", "the clause is empty")]
    public void Parse_invalid_items(string item, string fragment)
    {
        var ex = Assert.Throws<QuarryException>(() => OrderBy.Parse([item]));
        Assert.Equal(ErrorCode.InvalidParameter, ex.Code);
        Assert.StartsWith($"Invalid order_by clause '{item}' at position ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics.a", "metrics.a DESC")]
    [InlineData("attributes.created", "attributes.start_time DESC")]
    [InlineData("params.p", "param.p")]
    public void Parse_same_field_twice_is_an_error(string first, string second)
    {
        var ex = Assert.Throws<QuarryException>(() => OrderBy.Parse([first, second]));
        Assert.Equal(ErrorCode.InvalidParameter, ex.Code);
        Assert.Contains("`order_by` contains duplicate fields", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_error_position_points_at_the_direction_typo()
    {
        var ex = Assert.Throws<QuarryException>(() => OrderBy.Parse(["metrics.X ACS"]));
        Assert.StartsWith("Invalid order_by clause 'metrics.X ACS' at position 10: Invalid ordering key 'ACS'", ex.Message, StringComparison.Ordinal);
    }
}
