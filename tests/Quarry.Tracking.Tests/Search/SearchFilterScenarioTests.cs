using Quarry.Tracking.Search;
using static Quarry.Tracking.Tests.Search.SearchScenarioHelpers;

namespace Quarry.Tracking.Tests.Search;

/// <summary>mlflow-search.md §6 filter scenarios S1, S3–S12 on the in-memory evaluator.</summary>
public class SearchFilterScenarioTests
{
    private static readonly RunView[] S1Runs =
    [
        new("R0") { Status = "FAILED", Metrics = Metrics(("key1", 121)), Params = Map(("my_param", "A")) },
        new("R1") { Status = "FINISHED", Metrics = Metrics(("key1", 123)), Params = Map(("my_param", "A")), Tags = Map(("tag1", "C")) },
        new("R2") { Status = "FAILED", Metrics = Metrics(("key1", 125)), Params = Map(("my_param", "B")), Tags = Map(("tag1", "D")) },
    ];

    [Theory]
    [InlineData("", new[] { "R0", "R1", "R2" })]
    [InlineData("attributes.status = 'FAILED'", new[] { "R0", "R2" })]
    [InlineData("metrics.key1 = 123", new[] { "R1" })]
    [InlineData("metrics.key1 != 123", new[] { "R0", "R2" })]
    [InlineData("metrics.key1 >= 123", new[] { "R1", "R2" })]
    [InlineData("params.my_param = 'A'", new[] { "R0", "R1" })]
    [InlineData("tags.tag1 = 'D'", new[] { "R2" })]
    [InlineData("tags.tag1 != 'D'", new[] { "R1" })]
    [InlineData("params.my_param = 'A' AND attributes.status = 'FAILED'", new[] { "R0" })]
    public void S1_correct_filtering(string filter, string[] expected) => Assert.Equal(expected, Ids(S1Runs, filter));

    [Theory]
    [InlineData("attribute.start_time >= 0", new[] { "a", "b", "c" })]
    [InlineData("attribute.start_time > 1", new[] { "c" })]
    [InlineData("attribute.start_time = 2", new[] { "c" })]
    public void S3_filter_by_start_time(string filter, string[] expected)
    {
        RunView[] runs = [new("a") { StartTime = 0 }, new("b") { StartTime = 1 }, new("c") { StartTime = 2 }];
        Assert.Equal(expected, Ids(runs, filter));
    }

    private static readonly RunView[] S4Runs =
    [
        new("r1") { Params = Map(("generic_param", "p_val"), ("generic_2", "some value"), ("p_a", "abc")) },
        new("r2") { Params = Map(("generic_param", "p_val"), ("generic_2", "another value"), ("p_b", "ABC")) },
    ];

    [Theory]
    [InlineData("params.generic_param = 'p_val'", new[] { "r1", "r2" })]
    [InlineData("params.generic_2 = 'some value'", new[] { "r1" })]
    [InlineData("params.generic_param != 'p_val'", new string[0])]
    [InlineData("params.generic_param != 'wrong_val'", new[] { "r1", "r2" })]
    [InlineData("params.p_a = 'ABC'", new string[0])]
    [InlineData("params.p_a != 'ABC'", new[] { "r1" })]
    [InlineData("params.generic_2 LIKE '%other%'", new[] { "r2" })]
    [InlineData("params.generic_2 LIKE 'other%'", new string[0])]
    [InlineData("params.generic_2 LIKE '%other'", new string[0])]
    [InlineData("params.generic_2 LIKE 'other'", new string[0])]
    [InlineData("params.generic_2 LIKE '%Other%'", new string[0])]
    [InlineData("params.generic_2 ILIKE '%Other%'", new[] { "r2" })]
    [InlineData("params.generic_2 LIKE 'some valu_'", new[] { "r1" })]
    [InlineData("params.generic_2 LIKE 'some val_'", new string[0])]
    public void S4_search_params(string filter, string[] expected) => Assert.Equal(expected, Ids(S4Runs, filter));

    [Theory]
    [InlineData("tags.generic_tag = 'P_VAL'", new string[0])]
    [InlineData("tags.generic_tag != 'P_VAL'", new[] { "r1", "r2" })]
    [InlineData("tags.generic_2 ILIKE '%Other%' and tags.generic_tag = 'p_val'", new[] { "r2" })]
    [InlineData("tags.generic_2 ILIKE '%Other%' and tags.generic_tag ILIKE 'p_val'", new[] { "r2" })]
    public void S5_search_tags(string filter, string[] expected)
    {
        RunView[] runs =
        [
            new("r1") { Tags = Map(("generic_tag", "p_val"), ("generic_2", "some value"), ("p_a", "abc")) },
            new("r2") { Tags = Map(("generic_tag", "p_val"), ("generic_2", "another value"), ("p_b", "ABC")) },
        ];
        Assert.Equal(expected, Ids(runs, filter));
    }

    private static readonly RunView[] S6Runs =
    [
        new("r1")
        {
            Metrics = RunView.LatestMetrics(
            [
                new MetricPoint("common", 1.0, 1, 0), new MetricPoint("measure_a", 1.0, 1, 0), new MetricPoint("m_a", 2.0, 2, 0),
            ]),
        },
        new("r2")
        {
            Metrics = RunView.LatestMetrics(
            [
                new MetricPoint("common", 1.0, 1, 0), new MetricPoint("measure_a", 200, 2, 0), new MetricPoint("measure_a", 400, 3, 0),
                new MetricPoint("m_b", 3.0, 2, 0), new MetricPoint("m_b", 4.0, 8, 0), new MetricPoint("m_b", 8.0, 3, 0),
            ]),
        },
    ];

    [Theory]
    [InlineData("metrics.common = 1.0", new[] { "r1", "r2" })]
    [InlineData("metrics.common > 0.0", new[] { "r1", "r2" })]
    [InlineData("metrics.common <= 4.0", new[] { "r1", "r2" })]
    [InlineData("metrics.common != 1.0", new string[0])]
    [InlineData("metrics.measure_a < 50.0", new[] { "r1" })]
    [InlineData("metrics.measure_a > 50.0", new[] { "r2" })]
    [InlineData("metrics.measure_a = 400.0", new[] { "r2" })]
    [InlineData("metrics.measure_a = 1.0", new[] { "r1" })]
    [InlineData("metrics.measure_a != -12.0", new[] { "r1", "r2" })]
    [InlineData("metrics.m_b > 5.0", new string[0])]
    [InlineData("metrics.m_b = 4.0", new[] { "r2" })]
    public void S6_search_metrics_latest_value(string filter, string[] expected) => Assert.Equal(expected, Ids(S6Runs, filter));

    [Fact]
    public void LatestMetrics_prefers_step_then_timestamp_then_value()
    {
        var latest = RunView.LatestMetrics(
        [
            new MetricPoint("a", 5, 100, 1), new MetricPoint("a", 1, 1, 2),
            new MetricPoint("b", 1, 5, 0), new MetricPoint("b", 3, 5, 0), new MetricPoint("b", 2, 5, 0),
        ]);
        Assert.Equal(1, latest["a"]);
        Assert.Equal(3, latest["b"]);
    }

    private const string Uri1 = "file:///tmp/mlruns/1/a1b2c3d4/artifacts";

    private static readonly RunView[] S7Runs =
    [
        new("a1b2c3d4") { Status = "RUNNING", ArtifactUri = Uri1 },
        new("e5f6a7b8") { Status = "FAILED", ArtifactUri = "file:///tmp/mlruns/2/e5f6a7b8/artifacts" },
    ];

    [Theory]
    [InlineData("attribute.status != 'blah'", new[] { "a1b2c3d4", "e5f6a7b8" })]
    [InlineData("attribute.status = 'RUNNING'", new[] { "a1b2c3d4" })]
    [InlineData("attribute.status = 'FAILED'", new[] { "e5f6a7b8" })]
    [InlineData("attribute.status != 'SCHEDULED'", new[] { "a1b2c3d4", "e5f6a7b8" })]
    [InlineData("attr.artifact_uri = '" + Uri1 + "'", new[] { "a1b2c3d4" })]
    [InlineData("attr.artifact_uri = 'FILE:///TMP/MLRUNS/1/A1B2C3D4/ARTIFACTS'", new string[0])]
    [InlineData("attribute.artifact_uri LIKE '%a1b2c3d4%'", new[] { "a1b2c3d4" })]
    [InlineData("attribute.artifact_uri LIKE '%A1B2C3D4%'", new string[0])]
    [InlineData("attribute.artifact_uri ILIKE '%A1B2C3D4%'", new[] { "a1b2c3d4" })]
    public void S7_search_attributes(string filter, string[] expected) => Assert.Equal(expected, Ids(S7Runs, filter));

    [Fact]
    public void S7_experiment_id_is_not_filterable() =>
        Assert.Throws<Quarry.Core.QuarryException>(() => SearchFilter.Parse("attribute.experiment_id = '1'"));

    [Theory]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0", new[] { "r1", "r2" })]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 1.0", new[] { "r1" })]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and params.p_a LIKE 'a%'", new[] { "r1" })]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and params.p_a LIKE 'A%'", new string[0])]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and params.p_a ILIKE 'A%'", new[] { "r1" })]
    [InlineData("params.random_bad_name = 'p_val' and metrics.common = 1.0", new string[0])]
    [InlineData("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 100.0", new string[0])]
    public void S8_search_full(string filter, string[] expected)
    {
        RunView[] runs =
        [
            new("r1") { Params = Map(("generic_param", "p_val"), ("p_a", "abc")), Metrics = Metrics(("common", 1), ("m_a", 2)) },
            new("r2") { Params = Map(("generic_param", "p_val"), ("p_b", "ABC")), Metrics = Metrics(("common", 1), ("m_b", 4)) },
        ];
        Assert.Equal(expected, Ids(runs, filter));
    }

    [Theory]
    [InlineData("attributes.run_name = 'run_name1'", new[] { "run1" })]
    [InlineData("attributes.`Run name` = 'run_name1'", new[] { "run1" })]
    [InlineData("attributes.`run name` = 'run_name2'", new[] { "run2" })]
    [InlineData("attributes.`Run Name` = 'run_name2'", new[] { "run2" })]
    [InlineData("tags.`mlflow.runName` = 'run_name2'", new[] { "run2" })]
    public void S9_search_by_run_name(string filter, string[] expected)
    {
        RunView[] runs =
        [
            new("run1") { RunName = "run_name1", Tags = Map(("mlflow.runName", "run_name1")) },
            new("run2") { RunName = "run_name2", Tags = Map(("mlflow.runName", "run_name2")) },
        ];
        Assert.Equal(expected, Ids(runs, filter));
    }

    [Fact]
    public void S9_run_name_follows_the_runName_tag_after_rename()
    {
        RunView[] runs =
        [
            new("run1") { RunName = "run_name1", Tags = Map(("mlflow.runName", "new_run_name1")) },
            new("run2") { RunName = "run_name2", Tags = Map(("mlflow.runName", "run_name2")) },
        ];
        Assert.Equal(["run1"], Ids(runs, "attributes.run_name = 'new_run_name1'"));
        // Without the tag, the run name column is used.
        Assert.Equal(["old"], Ids([new RunView("old") { RunName = "legacy" }], "run_name = 'legacy'"));
    }

    private static readonly RunView[] S10Runs =
    [
        new("0a1b") { StartTime = 1, RunName = "name1" },
        new("2c3d") { StartTime = 2, RunName = "name2" },
    ];

    [Theory]
    [InlineData("attributes.run_id = '0a1b'", new[] { "0a1b" })]
    [InlineData("attributes.run_id != '0a1b'", new[] { "2c3d" })]
    [InlineData("attributes.run_id IN ('0a1b')", new[] { "0a1b" })]
    [InlineData("run_name = 'name1' AND run_id IN ('0a1b')", new[] { "0a1b" })]
    [InlineData("attributes.run_id IN ('0a1b','2c3d')", new[] { "2c3d", "0a1b" })]
    [InlineData("attributes.run_id IN ( '0a1b' ,  '2c3d' )", new[] { "2c3d", "0a1b" })]
    [InlineData("attributes.run_id NOT IN ('0a1b', '2c3d')", new string[0])]
    [InlineData("attributes.run_id IN ('0A1B', '2c3d')", new[] { "2c3d" })]
    public void S10_search_by_run_id(string filter, string[] expected) => Assert.Equal(expected, SearchIds(S10Runs, filter));

    private static readonly RunView[] S11Runs =
    [
        new("run1") { RunName = "name", StartTime = 1 },
        new("run2") { RunName = "name", StartTime = 2 },
    ];

    [Theory]
    [InlineData("attributes.start_time DESC", new[] { "run2", "run1" })]
    [InlineData("attributes.created ASC", new[] { "run1", "run2" })]
    [InlineData("attributes.Created DESC", new[] { "run2", "run1" })]
    public void S11_start_time_alias_in_order_by(string orderBy, string[] expected) =>
        Assert.Equal(expected, SearchIds(S11Runs, "", orderBy));

    [Theory]
    [InlineData("attributes.start_time > 0", new[] { "run1", "run2" })]
    [InlineData("attributes.created > 1", new[] { "run2" })]
    [InlineData("attributes.Created > 2", new string[0])]
    public void S11_start_time_alias_in_filter(string filter, string[] expected) => Assert.Equal(expected, Ids(S11Runs, filter));

    [Theory]
    [InlineData("dataset.name = 'name1'", new[] { "run1", "run2" })]
    [InlineData("dataset.digest = 'digest2'", new[] { "run1", "run3" })]
    [InlineData("dataset.name = 'name4'", new string[0])]
    [InlineData("dataset.context = 'train'", new[] { "run1", "run2" })]
    [InlineData("dataset.context = 'test' and dataset.name = 'name2'", new[] { "run3" })]
    [InlineData("datasets.name IN ('name1','name2')", new[] { "run1", "run2", "run3" })]
    [InlineData("datasets.name LIKE 'Name%'", new string[0])]
    [InlineData("datasets.name ILIKE 'Name%'", new[] { "run1", "run2", "run3" })]
    [InlineData("datasets.context IN ('test','train')", new[] { "run1", "run2", "run3" })]
    [InlineData("datasets.context NOT IN ('test','train')", new[] { "run1", "run2" })]
    public void S12_search_datasets(string filter, string[] expected)
    {
        RunView[] runs =
        [
            new("run1") { StartTime = 1, Datasets = [new("name1", "digest1", "train"), new("name2", "digest2", "eval")] },
            new("run2") { StartTime = 3, Datasets = [new("name1", "digest1", "train"), new("name3", "digest3", "eval")] },
            new("run3") { StartTime = 2, Datasets = [new("name2", "digest2", "test")] },
        ];
        Assert.Equal(expected, Ids(runs, filter));
    }

    [Theory]
    [InlineData("metrics.x = 0")]
    [InlineData("metrics.x != 0")]
    [InlineData("metrics.x != 1")]
    [InlineData("metrics.x >= -1e308")]
    [InlineData("metrics.x < 1e308")]
    public void NaN_latest_value_never_satisfies_a_comparison(string filter) =>
        Assert.Empty(Ids([new RunView("n") { Metrics = Metrics(("x", double.NaN)) }], filter));

    [Fact]
    public void Missing_end_time_makes_the_comparison_false() =>
        Assert.Equal(["ended"], Ids([new RunView("open"), new RunView("ended") { EndTime = 5 }], "attributes.end_time != 1"));
}
