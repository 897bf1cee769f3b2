using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>
/// Runs as a table with one row per run, as MLflow's <c>search_runs</c> DataFrame: info columns, then
/// <c>params.*</c>, <c>metrics.*</c> (latest values) and <c>tags.*</c>, each group sorted by key. Missing values are null.
/// </summary>
internal sealed class RunsFrame
{
    public static readonly string[] InfoColumns =
        ["run_id", "run_name", "experiment_id", "experiment_name", "status", "user_id", "start_time", "end_time", "lifecycle_stage", "artifact_uri"];

    RunsFrame(IReadOnlyList<Run> runs, IReadOnlyDictionary<string, string> experimentNames)
    {
        Runs = runs;
        ExperimentNames = experimentNames;
        ParamKeys = Keys(runs.SelectMany(r => r.Data.Params.Select(p => p.Key)));
        MetricKeys = Keys(runs.SelectMany(r => r.Data.LatestMetrics.Select(m => m.Key)));
        TagKeys = Keys(runs.SelectMany(r => r.Data.Tags.Select(t => t.Key)));
        _params = [.. runs.Select(r => r.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal))];
        _metrics = [.. runs.Select(r => r.Data.LatestMetrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal))];
        _tags = [.. runs.Select(r => r.Data.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal))];
    }

    readonly List<Dictionary<string, string>> _params, _tags;
    readonly List<Dictionary<string, double>> _metrics;

    public static RunsFrame Of(IReadOnlyList<Run> runs, IEnumerable<Experiment> experiments) =>
        new(runs, experiments.ToDictionary(e => e.ExperimentId, e => e.Name, StringComparer.Ordinal));

    public IReadOnlyList<Run> Runs { get; }
    public IReadOnlyDictionary<string, string> ExperimentNames { get; }
    public IReadOnlyList<string> ParamKeys { get; }
    public IReadOnlyList<string> MetricKeys { get; }
    public IReadOnlyList<string> TagKeys { get; }

    /// <summary>An info column's text for row <paramref name="row"/> (times as ISO-8601 UTC), or null.</summary>
    public string? Info(int row, string column)
    {
        var i = Runs[row].Info;
        return column switch
        {
            "run_id" => i.RunId,
            "run_name" => i.RunName,
            "experiment_id" => i.ExperimentId,
            "experiment_name" => ExperimentNames.GetValueOrDefault(i.ExperimentId),
            "status" => i.Status.ToString().ToUpperInvariant(),
            "user_id" => i.UserId,
            "start_time" => Iso(i.StartTime),
            "end_time" => i.EndTime is { } end ? Iso(end) : null,
            "lifecycle_stage" => i.LifecycleStage,
            "artifact_uri" => i.ArtifactUri,
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not an info column"),
        };
    }

    public string? Param(int row, string key) => _params[row].GetValueOrDefault(key);
    public double? Metric(int row, string key) => _metrics[row].TryGetValue(key, out var v) ? v : null;
    public string? Tag(int row, string key) => _tags[row].GetValueOrDefault(key);

    public static DateTime Utc(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;

    static string Iso(long ms) => Utc(ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    static List<string> Keys(IEnumerable<string> keys) => [.. keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
