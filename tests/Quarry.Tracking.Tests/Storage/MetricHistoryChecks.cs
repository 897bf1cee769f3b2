using Quarry.Storage;
using Quarry.Tracking.Storage;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>
/// Metric histories in the tables themselves: a database written before schema version 6 keeps its point rows in
/// <c>metrics</c>, one written by version 6 has blocks without an arrival time, later batches add blocks, and a read
/// merges them all.
/// </summary>
internal static class MetricHistoryChecks
{
    public static async Task AssertRowsAndBlocksMergeAsync(string location)
    {
        using var store = SqlTrackingStore.Open(location);
        var exp = await store.CreateExperimentAsync($"history-{Guid.NewGuid():N}");
        string run = (await store.CreateRunAsync(exp, "u", 0)).Info.RunId;
        using (var factory = ConnectionFactory.Create(location))
        using (var c = factory.Open())
        {
            // As a version-5 store wrote them: one row per point, NaN as 0 with is_nan = 1.
            foreach (var (step, ts, value, isNan) in new (long, long, double, int)[] { (2, 20, 0.5, 0), (0, 5, 0, 1), (1, 10, 3, 0) })
                c.Sql("INSERT INTO metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (@r, 'loss', @v, @t, @s, @n)")
                    .With("r", run).With("v", value).With("t", ts).With("s", step).With("n", isNan).Exec();
            // As version 6 wrote a block (no logged_at column yet: the migration gives it 0).
            var block = c.Sql("INSERT INTO metric_blocks (run_uuid, key, points, min_step, max_step, data) VALUES (@r, 'loss', 1, 2, 2, @d)");
            var data = block.CreateParameter();
            (data.ParameterName, data.DbType, data.Value) = ("@d", System.Data.DbType.Binary, MetricBlock.Encode([2], [25], [0.25]));
            block.Parameters.Add(data);
            block.With("r", run).Exec();
        }
        // Later batches: a point the rows already hold (skipped on read), one between them, one before, another key.
        await store.LogBatchAsync(run, [new Metric("loss", 3, 10, 1), new Metric("loss", 0.75, 15, 1), new Metric("loss", -1, 1, 0), new Metric("acc", 9, 1, 0)], [], []);
        await store.LogBatchAsync(run, [new Metric("loss", double.PositiveInfinity, 30, 3)], [], []);

        var history = await store.GetMetricHistoryAsync(run, "loss");
        Assert.Equal(
            [("loss", -1.0, 1L, 0L), ("loss", double.NaN, 5, 0), ("loss", 3, 10, 1), ("loss", 0.75, 15, 1), ("loss", 0.5, 20, 2), ("loss", 0.25, 25, 2),
                ("loss", double.PositiveInfinity, 30, 3)],
            history.Select(m => (m.Key, m.Value, m.Timestamp, m.Step)));

        using var reader = ConnectionFactory.Create(location);
        using var connection = reader.Open();
        var sizes = await MetricHistoryReader.SizesAsync(connection, null, run);
        // Sizes count points as logged: the repeated (1, 10, 3) is in a row and in a block.
        Assert.Equal([new MetricHistorySize("acc", 1, 0, 0), new MetricHistorySize("loss", 8, 0, 3)], sizes);
        var none = await MetricHistoryReader.ReadAsync(connection, null, run, "missing");
        Assert.Equal(0, none.Count);
    }
}
