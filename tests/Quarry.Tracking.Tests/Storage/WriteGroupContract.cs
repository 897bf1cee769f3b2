using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Storage;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>
/// Writes arriving together (group commit on SQLite, concurrent transactions on PostgreSQL): a failing request fails
/// alone with its own error and leaves nothing behind, the others commit, and a transient error is retried until every
/// caller has its own result. The writer gate (SQLite) is held while the requests arrive, so they queue into one group.
/// </summary>
public abstract class WriteGroupContract
{
    /// <summary>A database location with the tracking schema not yet created.</summary>
    protected abstract string NewLocation();

    [Fact]
    public async Task Concurrent_log_batches_with_bad_requests_commit_the_others_and_fail_each_alone()
    {
        using var factory = ConnectionFactory.Create(NewLocation());
        using var store = new SqlTrackingStore(factory);
        var experiment = await store.CreateExperimentAsync($"group-{Guid.NewGuid():N}");
        var runs = new string[8];
        for (int i = 0; i < runs.Length; i++) runs[i] = (await store.CreateRunAsync(experiment, "u", 0)).Info.RunId;
        int[] bad = [2, 5];
        foreach (int b in bad) await store.LogBatchAsync(runs[b], null, [new Param("lr", "0.1")], null);

        var writes = new Task[runs.Length];
        await HoldWriterGateAsync(factory, () =>
        {
            for (int i = 0; i < runs.Length; i++)
                writes[i] = store.LogBatchAsync(runs[i], [new Metric("loss", i, 1, 0)], [new Param("lr", bad.Contains(i) ? "0.2" : "0.1")], null);
        });

        foreach (int b in bad)
        {
            var error = await Assert.ThrowsAsync<QuarryException>(() => writes[b]);
            Assert.Equal(ErrorCode.InvalidParameter, error.Code);
            Assert.Contains($"for run ID='{runs[b]}'", error.Message, StringComparison.Ordinal);
            // Its metric was written before its param was refused: nothing of it stays.
            Assert.Empty(await store.GetMetricHistoryAsync(runs[b], "loss"));
        }
        for (int i = 0; i < runs.Length; i++)
        {
            if (bad.Contains(i)) continue;
            await writes[i];
            var point = Assert.Single(await store.GetMetricHistoryAsync(runs[i], "loss"));
            Assert.Equal(i, point.Value);
            Assert.Equal("0.1", (await store.GetRunAsync(runs[i])).Data.Params.Single(p => p.Key == "lr").Value);
        }
    }

    [Fact]
    public async Task A_transient_error_is_retried_and_every_caller_gets_its_own_result_once_committed()
    {
        using var factory = ConnectionFactory.Create(NewLocation());
        using (new SqlTrackingStore(factory)) { } // creates the schema
        var runner = new AsyncSqlRunner(factory, new RetryPolicy(5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));
        string prefix = Guid.NewGuid().ToString("N")[..8];
        const int writers = 6, flaky = 3;
        var attempts = new int[writers];
        var results = new Task<string>[writers];
        await HoldWriterGateAsync(factory, () =>
        {
            for (int i = 0; i < writers; i++)
            {
                int me = i;
                results[i] = runner.WriteAsync(async (c, tx) =>
                {
                    string key = $"{prefix}-{me}";
                    await c.Sql("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (0, @key, 'v')", tx).With("key", key)
                        .ExecAsync(CancellationToken.None);
                    if (Interlocked.Increment(ref attempts[me]) == 1 && me == flaky) throw Transient(factory.Dialect);
                    return key;
                }, CancellationToken.None);
            }
        });

        for (int i = 0; i < writers; i++) Assert.Equal($"{prefix}-{i}", await results[i]);
        Assert.Equal(2, attempts[flaky]);
        using var connection = factory.Open();
        var stored = connection.Sql("SELECT COUNT(*) FROM experiment_tags WHERE key LIKE @prefix").With("prefix", prefix + "-%").Scalar();
        Assert.Equal(writers, Convert.ToInt32(stored, System.Globalization.CultureInfo.InvariantCulture));
        // On PostgreSQL each write has its own transaction, so only the flaky one ran twice. SQLite groups the writers
        // in arrival order (which of them share a group depends on when the writer thread takes them): the flaky
        // writer's group was rolled back and ran again, so the writers before it in its group ran twice, those in
        // earlier groups and every writer after it once. The writers that ran twice are therefore the ones just
        // before the flaky one, without a gap.
        for (int i = flaky + 1; i < writers; i++) Assert.Equal(1, attempts[i]);
        int reran = Enumerable.Range(0, flaky).Count(i => attempts[i] == 2);
        Assert.All(Enumerable.Range(0, flaky), i => Assert.Equal(i >= flaky - reran ? 2 : 1, attempts[i]));
        if (factory.WriterGate is null) Assert.Equal(0, reran);
    }

    static Exception Transient(SqlDialect dialect) => dialect.Kind == StoreKind.Sqlite
        ? new SqliteException("database is locked", 5)
        : new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01");

    /// <summary>Runs <paramref name="submit"/> while this test holds the writer gate (when the engine has one), then lets the writes go.</summary>
    static async Task HoldWriterGateAsync(IConnectionFactory factory, Action submit)
    {
        var gate = factory.WriterGate;
        if (gate is not null) await gate.WaitAsync();
        try { submit(); }
        finally { gate?.Release(); }
    }
}
