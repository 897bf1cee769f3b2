using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Search;

namespace Quarry.Tracking.Tests.Search;

/// <summary>SqlSearchCompiler on a real SQLite database: every §6 scenario gives the in-memory evaluator's ids in its order.</summary>
public class SqlSearchCompilerTests
{
    public static TheoryData<string> ScenarioNames => [.. SqlSearchScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_on_sqlite_matches_in_memory(string name)
    {
        using var db = SqlSearchDatabase.Sqlite();
        SqlSearchDifferential.AssertScenario(db, SqlSearchScenarios.All.Single(s => s.Name == name));
    }

    [Fact]
    public void Random_runs_and_filters_on_sqlite_match_in_memory()
    {
        using var db = SqlSearchDatabase.Sqlite();
        SqlSearchDifferential.AssertRandom(db, seed: 20261122, rounds: 8, queriesPerRound: 60);
    }

    [Theory]
    [InlineData("params.p = 'x'' OR ''1''=''1'")]
    [InlineData("params.p = \"x' OR '1'='1\"")]
    [InlineData("tags.`t' OR '1'='1` = 'x'")]
    [InlineData("attributes.run_id IN ('x'') OR 1=1 --', 'y')")]
    [InlineData("params.p LIKE \"%' OR '1'='1\"")]
    public void Quotes_in_values_and_keys_are_data_not_sql(string filter)
    {
        using var db = SqlSearchDatabase.Sqlite();
        RunView[] runs =
        [
            new("a") { RunName = "a", UserId = "u", ArtifactUri = "x", Params = new Dictionary<string, string> { ["p"] = "x' OR '1'='1" } },
            new("b") { RunName = "b", UserId = "u", ArtifactUri = "x", Params = new Dictionary<string, string> { ["p"] = "y" } },
        ];
        db.Insert(runs);
        SearchFilter parsed;
        try { parsed = SearchFilter.Parse(filter); }
        catch (QuarryException) { return; } // rejected by the parser: nothing reaches SQL
        var expected = OrderBy.Sort(parsed.Filter(runs), []).Select(r => r.RunId).ToArray();
        Assert.Equal(expected, db.Search(parsed, []));
        var q = SqlSearchCompiler.Compile(parsed, [], SqlDialect.Sqlite);
        Assert.DoesNotContain("'1'", q.Where, StringComparison.Ordinal);
        Assert.DoesNotContain("OR", q.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void Injection_value_matches_only_the_run_holding_it()
    {
        using var db = SqlSearchDatabase.Sqlite();
        db.Insert(
        [
            new("a") { RunName = "a", UserId = "u", ArtifactUri = "x", Params = new Dictionary<string, string> { ["p"] = "x' OR '1'='1" } },
            new("b") { RunName = "b", UserId = "u", ArtifactUri = "x", Params = new Dictionary<string, string> { ["p"] = "y" } },
        ]);
        Assert.Equal(["a"], db.Search("params.p = \"x' OR '1'='1\""));
        Assert.Empty(db.Search("params.p = \"y' OR '1'='1\""));
    }

    [Fact]
    public void Every_literal_and_key_is_a_parameter()
    {
        var q = SqlSearchCompiler.Compile(
            SearchFilter.Parse("metrics.acc >= 0.5 AND params.model LIKE 'L%' AND tags.t = 'v' AND run_id IN ('ab', 'cd')"),
            OrderBy.Parse(["metrics.loss DESC", "params.lr"]), SqlDialect.Sqlite);
        foreach (var literal in new[] { "acc", "0.5", "model", "L%", "L*", "'v'", "ab", "cd", "loss", "lr" })
        {
            Assert.DoesNotContain(literal, q.Where.Replace("q_", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain(literal, q.OrderBy.Replace("q_", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        Assert.Contains(q.Parameters, p => p.Value is "acc");
        Assert.Contains(q.Parameters, p => p.Value is 0.5);
        Assert.Contains(q.Parameters, p => p.Value is "L*");
        Assert.All(q.Parameters, p => Assert.Matches("^p[0-9]+$", p.Key));
    }

    [Fact]
    public void Dataset_filters_are_parameterised_exists_over_the_inputs_tables()
    {
        var q = SqlSearchCompiler.Compile(SearchFilter.Parse("dataset.name = 'prices' AND datasets.context IN ('train', 'eval')"), [], SqlDialect.Sqlite);
        Assert.Contains("FROM run_inputs q_i JOIN datasets q_d", q.Where, StringComparison.Ordinal);
        Assert.Contains("FROM run_input_tags q_c", q.Where, StringComparison.Ordinal);
        Assert.DoesNotContain("prices", q.Where, StringComparison.Ordinal);
        Assert.DoesNotContain("train", q.Where, StringComparison.Ordinal);
        Assert.Equal(["prices", "mlflow.data.context", "train", "eval"], q.Parameters.Select(p => p.Value));
    }

    [Theory]
    [InlineData("r; DROP TABLE runs")]
    [InlineData("1r")]
    [InlineData("")]
    [InlineData("q_m")]
    public void Unsafe_run_alias_throws_InvalidParameter(string alias)
    {
        var e = Assert.Throws<QuarryException>(() => SqlSearchCompiler.Compile(SearchFilter.All, [], SqlDialect.Sqlite, alias));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
    }

    [Fact]
    public void Empty_filter_and_order_give_the_tiebreak()
    {
        var q = SqlSearchCompiler.Compile(SearchFilter.All, [], SqlDialect.Sqlite, "runs0");
        Assert.Equal("1 = 1", q.Where);
        Assert.Equal("runs0.start_time DESC, runs0.run_uuid ASC", q.OrderBy);
        Assert.Equal("", q.Joins);
        Assert.Empty(q.Parameters);
    }

    [Fact]
    public void Metric_param_and_tag_sort_keys_come_from_one_left_join_each()
    {
        var q = SqlSearchCompiler.Compile(SearchFilter.All, OrderBy.Parse(["metrics.sharpe DESC", "params.lr", "tags.team DESC"]), SqlDialect.Sqlite, "r");
        Assert.Equal("LEFT JOIN latest_metrics q_o0 ON q_o0.run_uuid = r.run_uuid AND q_o0.key = @p0 "
            + "LEFT JOIN params q_o1 ON q_o1.run_uuid = r.run_uuid AND q_o1.key = @p1 "
            + "LEFT JOIN tags q_o2 ON q_o2.run_uuid = r.run_uuid AND q_o2.key = @p2", q.Joins);
        Assert.StartsWith("COALESCE(q_o0.is_nan, 2) ASC, q_o0.value DESC, CASE WHEN q_o1.value IS NULL THEN 1 ELSE 0 END ASC", q.OrderBy, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", q.OrderBy, StringComparison.Ordinal);
        Assert.Equal(["sharpe", "lr", "team"], q.Parameters.Select(p => (string)p.Value));
    }
}
