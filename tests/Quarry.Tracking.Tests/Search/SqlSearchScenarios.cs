using Quarry.Tracking.Search;
using static Quarry.Tracking.Tests.Search.SearchScenarioHelpers;

namespace Quarry.Tracking.Tests.Search;

/// <summary>The mlflow-search.md §6 scenarios as (runs, filter, order_by) cases for differential SQL tests.</summary>
internal static class SqlSearchScenarios
{
    public sealed record Scenario(string Name, RunView[] Runs, (string Filter, string[] OrderBy)[] Cases);

    private static (string, string[]) F(string filter, params string[] orderBy) => (filter, orderBy);

    private static RunView Run(string id, string? name = null) =>
        new(id) { RunName = name ?? "run-" + id, UserId = "user", ArtifactUri = $"file:///artifacts/{id}" };

    public static IReadOnlyList<Scenario> All { get; } = Build();

    private static List<Scenario> Build()
    {
        var list = new List<Scenario>();
        RunView[] s1 =
        [
            Run("9") with { Status = "FAILED", StartTime = 0, Metrics = Metrics(("key1", 121)), Params = Map(("my_param", "A")) },
            Run("8") with { Status = "FINISHED", StartTime = 1, Metrics = Metrics(("key1", 123)), Params = Map(("my_param", "A")), Tags = Map(("tag1", "C")) },
            Run("7") with { Status = "FAILED", StartTime = 1, Metrics = Metrics(("key1", 125)), Params = Map(("my_param", "B")), Tags = Map(("tag1", "D")) },
        ];
        list.Add(new("S1", s1,
        [
            F(""), F("attributes.status = 'FAILED'"), F("metrics.key1 = 123"), F("metrics.key1 != 123"), F("metrics.key1 >= 123"),
            F("params.my_param = 'A'"), F("tags.tag1 = 'D'"), F("tags.tag1 != 'D'"), F("params.my_param = 'A' AND attributes.status = 'FAILED'"),
        ]));
        list.Add(new("S2", s1,
        [
            F(""), F("", "tags.noSuchTag"), F("", "attributes.status"), F("", "attributes.start_time"), F("", "metrics.key1 asc"),
            F("", "metrics.\"key1\"  desc"), F("", "params.my_param"), F("", "params.my_param aSc", "attributes.status  ASC"),
            F("", "params.my_param DESC", "attributes.status   DESC"), F("", "tags.tag1"), F("", "tags.tag1    DESC"),
        ]));
        list.Add(new("S3", [Run("a") with { StartTime = 0 }, Run("b") with { StartTime = 1 }, Run("c") with { StartTime = 2 }],
            [F("attribute.start_time >= 0"), F("attribute.start_time > 1"), F("attribute.start_time = 2")]));
        RunView[] s4 =
        [
            Run("r1") with { Params = Map(("generic_param", "p_val"), ("generic_2", "some value"), ("p_a", "abc")) },
            Run("r2") with { Params = Map(("generic_param", "p_val"), ("generic_2", "another value"), ("p_b", "ABC")) },
        ];
        list.Add(new("S4", s4,
        [
            F("params.generic_param = 'p_val'"), F("params.generic_2 = 'some value'"), F("params.generic_param != 'p_val'"),
            F("params.generic_param != 'wrong_val'"), F("params.p_a = 'ABC'"), F("params.p_a != 'ABC'"),
            F("params.generic_2 LIKE '%other%'"), F("params.generic_2 LIKE 'other%'"), F("params.generic_2 LIKE '%other'"),
            F("params.generic_2 LIKE 'other'"), F("params.generic_2 LIKE '%Other%'"), F("params.generic_2 ILIKE '%Other%'"),
            F("params.generic_2 LIKE 'some valu_'"), F("params.generic_2 LIKE 'some val_'"),
        ]));
        RunView[] s5 =
        [
            Run("r1") with { Tags = Map(("generic_tag", "p_val"), ("generic_2", "some value"), ("p_a", "abc")) },
            Run("r2") with { Tags = Map(("generic_tag", "p_val"), ("generic_2", "another value"), ("p_b", "ABC")) },
        ];
        list.Add(new("S5", s5,
        [
            F("tags.generic_tag = 'P_VAL'"), F("tags.generic_tag != 'P_VAL'"),
            F("tags.generic_2 ILIKE '%Other%' and tags.generic_tag = 'p_val'"),
            F("tags.generic_2 ILIKE '%Other%' and tags.generic_tag ILIKE 'p_val'"),
        ]));
        RunView[] s6 =
        [
            Run("r1") with { Metrics = Metrics(("common", 1.0), ("measure_a", 1.0), ("m_a", 2.0)) },
            Run("r2") with { Metrics = Metrics(("common", 1.0), ("measure_a", 400), ("m_b", 4.0)) },
        ];
        list.Add(new("S6", s6,
        [
            F("metrics.common = 1.0"), F("metrics.common > 0.0"), F("metrics.common <= 4.0"), F("metrics.common != 1.0"),
            F("metrics.measure_a < 50.0"), F("metrics.measure_a > 50.0"), F("metrics.measure_a = 400.0"), F("metrics.measure_a = 1.0"),
            F("metrics.measure_a != -12.0"), F("metrics.m_b > 5.0"), F("metrics.m_b = 4.0"),
        ]));
        RunView[] s7 = [Run("a1b2c3") with { StartTime = 1 }, Run("d4e5f6") with { Status = "FAILED", StartTime = 2 }];
        list.Add(new("S7", s7,
        [
            F("attribute.status != 'blah'"), F("attribute.status = 'RUNNING'"), F("attribute.status = 'FAILED'"),
            F("attribute.status != 'SCHEDULED'"), F("attr.artifact_uri = 'file:///artifacts/a1b2c3'"),
            F("attr.artifact_uri = 'FILE:///ARTIFACTS/A1B2C3'"), F("attribute.artifact_uri LIKE '%a1b2c3%'"),
            F("attribute.artifact_uri LIKE '%A1B2C3%'"), F("attribute.artifact_uri ILIKE '%A1B2C3%'"),
            F("attributes.user_id = 'user'"), F("attributes.user_id LIKE 'us_r'"),
        ]));
        RunView[] s8 =
        [
            Run("r1") with { Params = Map(("generic_param", "p_val"), ("p_a", "abc")), Metrics = Metrics(("common", 1), ("m_a", 2)) },
            Run("r2") with { Params = Map(("generic_param", "p_val"), ("p_b", "ABC")), Metrics = Metrics(("common", 1), ("m_b", 4)) },
        ];
        list.Add(new("S8", s8,
        [
            F("params.generic_param = 'p_val' and metrics.common = 1.0"),
            F("params.generic_param = 'p_val' and metrics.common = 1.0 and metrics.m_a > 1.0"),
            F("params.generic_param = 'p_val' and params.p_a LIKE 'a%'"), F("params.generic_param = 'p_val' and params.p_a LIKE 'A%'"),
            F("params.generic_param = 'p_val' and params.p_a ILIKE 'A%'"),
            F("params.random_bad_name = 'p_val' and metrics.common = 1.0"),
            F("params.generic_param = 'p_val' and metrics.m_a > 100.0"),
        ]));
        RunView[] s9 =
        [
            Run("aa01", "run_name1") with { StartTime = 1, Tags = Map(("mlflow.runName", "run_name1")) },
            Run("aa02", "run_name2") with { StartTime = 2, Tags = Map(("mlflow.runName", "run_name2")) },
            Run("aa03", "old_name") with { StartTime = 3, Tags = Map(("mlflow.runName", "new_run_name1")) },
            Run("aa04", "column_only") with { StartTime = 4 },
        ];
        list.Add(new("S9", s9,
        [
            F("attributes.run_name = 'run_name1'"), F("attributes.`Run name` = 'run_name1'"), F("attributes.`run name` = 'run_name2'"),
            F("attributes.`Run Name` = 'run_name2'"), F("tags.`mlflow.runName` = 'run_name2'"), F("attributes.run_name = 'new_run_name1'"),
            F("attributes.run_name = 'old_name'"), F("attributes.run_name = 'column_only'"), F("run_name LIKE 'run%'"),
            F("", "attributes.run_name"), F("", "attributes.run_name DESC"),
        ]));
        RunView[] s10 = [Run("0a1b", "n1") with { StartTime = 1 }, Run("0c2d", "n2") with { StartTime = 2 }];
        list.Add(new("S10", s10,
        [
            F("attributes.run_id = '0a1b'"), F("attributes.run_id != '0a1b'"), F("attributes.run_id IN ('0a1b')"),
            F("run_name = 'n1' AND run_id IN ('0a1b')"), F("attributes.run_id IN ('0a1b','0c2d')"),
            F("attributes.run_id IN ( '0a1b' ,  '0c2d' )"), F("attributes.run_id NOT IN ('0a1b', '0c2d')"),
            F("attributes.run_id NOT IN ('0a1b')"), F("attributes.run_id IN ('0A1B')"),
            F("", "attributes.run_id DESC"), F("", "attributes.run_id"),
        ]));
        RunView[] s11 = [Run("b1", "name") with { StartTime = 1 }, Run("b2", "name") with { StartTime = 2 }];
        list.Add(new("S11", s11,
        [
            F("", "attributes.start_time DESC"), F("", "attributes.created ASC"), F("", "attributes.Created DESC"),
            F("attributes.start_time > 0"), F("attributes.created > 1"), F("attributes.Created > 2"),
        ]));
        double?[] xs = [null, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1000, 0, 0, 1000];
        var s16 = xs.Select((x, i) =>
        {
            var metrics = new Dictionary<string, double> { ["y"] = i + 1 };
            if (x is { } v) metrics["x"] = v;
            return Run($"c{i}", $"{x}/{i + 1}") with
            {
                Metrics = metrics,
                Tags = Map(("metric", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))),
                Params = Map(("metric", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            };
        }).ToArray();
        list.Add(new("S16", s16,
        [
            F("", "metrics.x asc", "metrics.y asc"), F("", "metrics.x asc", "metrics.y desc"), F("", "metrics.x desc", "metrics.y asc"),
            F("", "metrics.x desc", "param.metric desc"), F("", "metrics.x desc", "tags.metric asc"),
            F("metrics.x > -1e999", "metrics.x"), F("metrics.x != 0"), F("metrics.x <= 1e999"), F("metrics.x = 0"),
        ]));
        long?[] ends = [234, null, 456, -123, 789, 123];
        var s17 = ends.Select((e, i) => Run($"d{i}", $"{e}") with { StartTime = 123 + i, EndTime = e }).ToArray();
        list.Add(new("S17", s17,
        [
            F("", "attribute.end_time asc"), F("", "attribute.end_time desc"), F("", "attribute.start_time asc", "attribute.end_time desc"),
            F("attribute.end_time > 200"), F("attribute.end_time != 234"), F("attribute.end_time <= 234", "attribute.end_time"),
        ]));
        RunView[] s12 =
        [
            Run("run1") with { StartTime = 1, Datasets = [new("name1", "digest1", "train"), new("name2", "digest2", "eval")] },
            Run("run2") with { StartTime = 3, Datasets = [new("name1", "digest1", "train"), new("name3", "digest3", "eval")] },
            Run("run3") with { StartTime = 2, Datasets = [new("name2", "digest2", "test")] },
            Run("run4") with { StartTime = 4, Datasets = [new("name2", "digest9", null)] },
        ];
        list.Add(new("S12", s12,
        [
            F("dataset.name = 'name1'"), F("dataset.digest = 'digest2'"), F("dataset.name = 'name4'"), F("dataset.context = 'train'"),
            F("dataset.context = 'test' and dataset.name = 'name2'"), F("datasets.name IN ('name1','name2')"),
            F("datasets.name LIKE 'Name%'"), F("datasets.name ILIKE 'Name%'"), F("datasets.context IN ('test','train')"),
            F("datasets.context NOT IN ('test','train')"), F("datasets.context != 'eval'"), F("datasets.digest NOT IN ('digest9')"),
            F("datasets.digest LIKE 'digest_'", "attributes.run_id DESC"),
        ]));
        var s15 = Enumerable.Range(0, 10).Select(i => Run($"{i * 7919 % 10007:x8}") with { StartTime = 10 }).ToArray();
        list.Add(new("S15", s15, [F(""), F("attributes.start_time = 10")]));
        return list;
    }
}
