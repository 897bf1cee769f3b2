using Quarry.Core;
using Quarry.Tracking.Search;

namespace Quarry.Tracking.Tests.Search;

/// <summary>mlflow-search.md §4, examples 24–36 (invalid filters), §1 rejections, and error positions.</summary>
public class SearchFilterErrorTests
{
    private static string Fail(string filter)
    {
        var ex = Assert.Throws<QuarryException>(() => SearchFilter.Parse(filter));
        Assert.Equal(ErrorCode.InvalidParameter, ex.Code);
        Assert.StartsWith("Invalid filter at position ", ex.Message, StringComparison.Ordinal);
        return ex.Message;
    }

    private static void AssertFails(string filter, string fragment) =>
        Assert.Contains(fragment, Fail(filter), StringComparison.Ordinal);

    [Fact]
    public void Ex24_semicolon_is_multiple_expressions() =>
        AssertFails("metric.acc >= 0.94; metrics.rmse < 1", "Search filter contained multiple expression");

    [Theory]
    [InlineData("m.acc >= 0.94")]
    [InlineData("p.model >= 'LR'")]
    [InlineData("attri.x != 1")]
    [InlineData("a.x != 1")]
    public void Ex25_unknown_entity(string filter) => AssertFails(filter, "Invalid entity type");

    [Theory]
    [InlineData("acc >= 0.94")]
    [InlineData("model >= 'LR'")]
    public void Ex26_bare_non_attribute_name(string filter) => AssertFails(filter, "Invalid attribute key");

    [Theory]
    [InlineData("metrics.A > 0.1 OR params.B = 'LR'")]
    [InlineData("metrics.A > 0.1 NAND params.B = 'LR'")]
    [InlineData("metrics.A > 0.1 AND (params.B = 'LR')")]
    [InlineData("`metrics.A > 0.1")]
    [InlineData("foo is null")]
    [InlineData("params.acc LR !=")]
    [InlineData("metric.acc !=")]
    [InlineData("attribute.status IS 'RUNNING'")]
    [InlineData("tags.acc = = 'LR'")]
    [InlineData("params.acc = 'LR")]
    public void Ex27_invalid_clauses(string filter) => AssertFails(filter, "Invalid clause(s) in filter string");

    [Theory]
    [InlineData("attribute.start != 1")]
    [InlineData("attribute.experiment_id != 1")]
    [InlineData("attribute.lifecycle_stage = 'ACTIVE'")]
    [InlineData("attribute.name != 1")]
    [InlineData("attribute.run_uuid = 'a'")]
    [InlineData("attribute.time = 1")]
    [InlineData("attribute._status = 'a'")]
    public void Ex28_invalid_attribute_keys(string filter) => AssertFails(filter, "Invalid attribute key");

    [Theory]
    [InlineData("metric.model = 'LR'")]
    [InlineData("metric.model = '5'")]
    [InlineData("metrics.acc != metrics.acc")]
    public void Ex29_metric_needs_number(string filter) => AssertFails(filter, "Expected numeric value type for metric");

    [Theory]
    [InlineData("params.acc = 5")]
    [InlineData("tags.acc = 5")]
    public void Ex30_param_tag_need_quoted_string(string filter) => AssertFails(filter, "Expected a quoted string value for");

    [Theory]
    [InlineData("params.acc = LR")]
    [InlineData("params.acc = `LR`")]
    [InlineData("attribute.status = true")]
    public void Ex31_unquoted_values(string filter) =>
        AssertFails(filter, "is either not quoted or unidentified quote types");

    [Theory]
    [InlineData("1.0 > metrics.acc")]
    [InlineData("1=1")]
    public void Ex32_value_on_the_left(string filter) => AssertFails(filter, "Expected 'Identifier' found");

    [Fact]
    public void Ex33_status_needs_string() =>
        AssertFails("attribute.status = 1", "Expected a quoted string value for attributes");

    [Fact]
    public void Ex34_only_run_id_takes_a_list() =>
        AssertFails("attributes.run_name IN ('foo','bar')", "Only the 'run_id' attribute supports comparison with a list");

    [Fact]
    public void Ex35_numeric_attribute_needs_number_and_dataset_needs_string()
    {
        AssertFails("attributes.start_time = 'now'", "Expected numeric value type for attribute 'start_time'");
        AssertFails("datasets.name = 40", "Expected a quoted string value for dataset");
    }

    [Theory]
    [InlineData("metrics.acc ~ 0.1")]
    [InlineData("metrics.acc ~= 0.1")]
    [InlineData("metrics.acc LIKE 0.1")]
    [InlineData("params.acc > 'a'")]
    [InlineData("params.acc < 'a'")]
    [InlineData("params.acc >= 'a'")]
    [InlineData("params.acc <= 'a'")]
    [InlineData("params.acc ~ 'a'")]
    [InlineData("params.acc IN ('a')")]
    [InlineData("tags.acc > 'a'")]
    [InlineData("tags.acc ~ 'a'")]
    [InlineData("attributes.status > 'a'")]
    [InlineData("attributes.run_id <= 'a'")]
    [InlineData("attributes.artifact_uri ~ 'a'")]
    [InlineData("attributes.start_time LIKE 1234")]
    [InlineData("attributes.end_time IN ('1')")]
    [InlineData("datasets.name > 'a'")]
    public void Ex36_bad_comparator_for_type(string filter) => AssertFails(filter, "Invalid comparator");

    [Theory]
    [InlineData("metrics.a IN (1)", "Invalid comparator 'IN'")]
    [InlineData("attributes.run_id IN 'a'", "IN requires a parenthesised list")]
    [InlineData("metrics.a = 1 AND", "expected an identifier")]
    [InlineData("metrics.a = 1 NOT params.b = 'x'", "Invalid clause(s)")]
    [InlineData("params.a = ('x')", "Invalid clause(s)")]
    [InlineData("params.a NOT 'x'", "NOT is only supported as NOT IN")]
    [InlineData("datasets.size = 'a'", "Invalid dataset key")]
    [InlineData("attributes.run_id IN ('a',)", "Invalid clause(s)")]
    [InlineData("attributes.run_id IN ('a' 'b')", "Invalid clause(s)")]
    [InlineData("attributes.run_id IN ('a', 5)", "Expected a quoted string value for attributes")]
    public void Other_rejections(string filter, string fragment) => AssertFails(filter, fragment);

    [Theory]
    // unterminated string: position of the opening quote
    [InlineData("params.acc = 'LR", 13, "unterminated single quote")]
    [InlineData("tags.t = \"abc", 9, "unterminated double quote")]
    [InlineData("`metrics.A > 0.1", 0, "unterminated backtick")]
    // missing value: position of the end of the input
    [InlineData("metric.acc !=", 13, "expected a value after 'metric.acc !='")]
    // missing comparator: position of the offending token
    [InlineData("metrics.sharpe sharpe", 15, "expected a comparator after 'metrics.sharpe', got 'sharpe'")]
    // unknown entity: position of the entity
    [InlineData("metrics.a = 1 and m.acc >= 0.94", 18, "Invalid entity type 'm'")]
    // bad comparator for type: position of the comparator
    [InlineData("params.model >= 'LR'", 13, "Invalid comparator '>=' not one of '=', '!=', 'LIKE', 'ILIKE' for param 'model'")]
    // trailing garbage: position of the first extra token
    [InlineData("metrics.a = 1 extra", 14, "expected AND or the end of the filter, got 'extra'")]
    [InlineData("metrics.a = 1)", 13, "got ')'")]
    // invalid attribute key: position of the key
    [InlineData("attribute.experiment_id != 1", 10, "Invalid attribute key 'experiment_id'")]
    // wrong value type: position of the value
    [InlineData("metric.model = 'LR'", 15, "Expected numeric value type for metric 'model'")]
    [InlineData("metric.acc >= 0.94; metrics.rmse < 1", 18, "Search filter contained multiple expression")]
    public void Error_message_names_the_position(string filter, int position, string fragment)
    {
        string message = Fail(filter);
        Assert.StartsWith($"Invalid filter at position {position}: ", message, StringComparison.Ordinal);
        Assert.Contains(fragment, message, StringComparison.Ordinal);
    }
}
