using Quarry.Tracking.Search;
using static Quarry.Tracking.Tests.Search.SearchScenarioHelpers;

namespace Quarry.Tracking.Tests.Search;

/// <summary>mlflow-search.md §6 ordering scenarios S2, S14 (ordering part), S15 (ordering part), S16, S17.</summary>
public class OrderBySortTests
{
    // R0 = id "9", R1 = id "8", R2 = id "7".
    private static readonly RunView[] S2Runs =
    [
        new("9") { Status = "FAILED", StartTime = 0, Metrics = Metrics(("key1", 121)), Params = Map(("my_param", "A")) },
        new("8") { Status = "FINISHED", StartTime = 1, Metrics = Metrics(("key1", 123)), Params = Map(("my_param", "A")), Tags = Map(("tag1", "C")) },
        new("7") { Status = "FAILED", StartTime = 1, Metrics = Metrics(("key1", 125)), Params = Map(("my_param", "B")), Tags = Map(("tag1", "D")) },
    ];

    private const string R0 = "9", R1 = "8", R2 = "7";

    public static TheoryData<string[], string[]> S2Cases => new()
    {
        { [], [R2, R1, R0] },
        { ["tags.noSuchTag"], [R2, R1, R0] },
        { ["attributes.status"], [R2, R0, R1] },
        { ["attributes.start_time"], [R0, R2, R1] },
        { ["metrics.key1 asc"], [R0, R1, R2] },
        { ["metrics.\"key1\"  desc"], [R2, R1, R0] },
        { ["params.my_param"], [R1, R0, R2] },
        { ["params.my_param aSc", "attributes.status  ASC"], [R0, R1, R2] },
        { ["params.my_param DESC", "attributes.status   DESC"], [R2, R1, R0] },
        { ["tags.tag1"], [R1, R2, R0] },
        { ["tags.tag1    DESC"], [R2, R1, R0] },
    };

    [Theory]
    [MemberData(nameof(S2Cases))]
    public void S2_correct_sorting(string[] orderBy, string[] expected) =>
        Assert.Equal(expected, Sorted(S2Runs, r => r.RunId, orderBy));

    [Fact]
    public void S14_default_order_is_newest_first()
    {
        var runs = Enumerable.Range(0, 1200).Select(i => new RunView($"{i:x8}") { StartTime = i }).ToList();
        var sorted = OrderBy.Sort(runs, OrderBy.Parse(null));
        Assert.Equal(Enumerable.Range(0, 1200).Reverse().Select(i => (long)i), sorted.Select(r => r.StartTime));
    }

    [Fact]
    public void S15_equal_start_time_orders_by_run_id_ascending()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"{(i * 7919) % 10007:x8}").ToArray();
        var runs = ids.Select(id => new RunView(id) { StartTime = 10 });
        Assert.Equal(ids.Order(StringComparer.Ordinal), Sorted(runs, r => r.RunId));
    }

    private static readonly RunView[] S16Runs = MakeS16Runs();

    private static RunView[] MakeS16Runs()
    {
        double?[] xs = [null, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1000, 0, 0, 1000];
        return [.. xs.Select((x, i) =>
        {
            int y = i + 1;
            string name = $"{(x is null ? "None" : Format(x.Value))}/{y}";
            var metrics = new Dictionary<string, double> { ["y"] = y };
            if (x is not null) metrics["x"] = x.Value;
            return new RunView($"run{y:00}")
            {
                RunName = name,
                Metrics = metrics,
                Params = Map(("metric", y.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                Tags = Map(("metric", y.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            };
        })];
    }

    private static string Format(double x) => double.IsNaN(x) ? "nan"
        : double.IsPositiveInfinity(x) ? "inf"
        : double.IsNegativeInfinity(x) ? "-inf"
        : x.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string[], string[]> S16Cases => new()
    {
        { ["metrics.x asc", "metrics.y asc"], ["-inf/4", "-1000/5", "0/6", "0/7", "1000/8", "inf/3", "nan/2", "None/1"] },
        { ["metrics.x asc", "metrics.y desc"], ["-inf/4", "-1000/5", "0/7", "0/6", "1000/8", "inf/3", "nan/2", "None/1"] },
        { ["metrics.x desc", "metrics.y asc"], ["inf/3", "1000/8", "0/6", "0/7", "-1000/5", "-inf/4", "nan/2", "None/1"] },
        { ["metrics.x desc", "param.metric desc"], ["inf/3", "1000/8", "0/7", "0/6", "-1000/5", "-inf/4", "nan/2", "None/1"] },
        { ["metrics.x desc", "tags.metric desc"], ["inf/3", "1000/8", "0/7", "0/6", "-1000/5", "-inf/4", "nan/2", "None/1"] },
    };

    [Theory]
    [MemberData(nameof(S16Cases))]
    public void S16_order_by_metric_tag_param_with_nan_inf_and_missing(string[] orderBy, string[] expected) =>
        Assert.Equal(expected, Sorted(S16Runs, r => r.RunName!, orderBy));

    private static readonly RunView[] S17Runs = MakeS17Runs();

    private static RunView[] MakeS17Runs()
    {
        long?[] ends = [234, null, 456, -123, 789, 123];
        return [.. ends.Select((e, i) => new RunView($"r{i}")
        {
            StartTime = 123 + i,
            EndTime = e,
            RunName = e?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None",
        })];
    }

    public static TheoryData<string[], string[]> S17Cases => new()
    {
        { ["attribute.end_time asc"], ["-123", "123", "234", "456", "789", "None"] },
        { ["attribute.end_time desc"], ["789", "456", "234", "123", "-123", "None"] },
        { ["attribute.start_time asc", "attribute.end_time desc"], ["234", "None", "456", "-123", "789", "123"] },
    };

    [Theory]
    [MemberData(nameof(S17Cases))]
    public void S17_order_by_attributes_missing_last(string[] orderBy, string[] expected) =>
        Assert.Equal(expected, Sorted(S17Runs, r => r.RunName!, orderBy));

    [Fact]
    public void Sort_by_run_name_uses_the_runName_tag()
    {
        RunView[] runs =
        [
            new("a") { RunName = "zzz", Tags = Map(("mlflow.runName", "b")) },
            new("b") { RunName = "aaa", Tags = Map(("mlflow.runName", "c")) },
            new("c") { RunName = "a" },
        ];
        Assert.Equal(["c", "a", "b"], Sorted(runs, r => r.RunId, "attributes.run_name"));
    }

    [Fact]
    public void Sort_does_not_modify_the_input()
    {
        var input = S2Runs.ToList();
        _ = OrderBy.Sort(input, OrderBy.Parse(["metrics.key1 desc"]));
        Assert.Equal(S2Runs, input);
    }
}
