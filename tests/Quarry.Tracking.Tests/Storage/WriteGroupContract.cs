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
    public async Task Log_batches_to_one_run_arriving_while_it_is_written_share_its_next_write()
    {
        using var factory = ConnectionFactory.Create(NewLocation());
        using var store = new SqlTrackingStore(factory);
        string run = (await store.CreateRunAsync(await store.CreateExperimentAsync($"merge-{Guid.NewGuid():N}"), "u", 0)).Info.RunId;
        const int batches = 6;
        var writes = new Task[batches];
        await HoldRunAsync(factory, run, () =>
        {
            for (int i = 0; i < batches; i++)
                writes[i] = store.LogBatchAsync(run, [new Metric("loss", 10 + i, 1000 + i, i)], [new Param($"p{i}", "v"), new Param("shared", "same")],
                    [new RunTag("last", Invariant(i))]);
        });
        await Task.WhenAll(writes);

        // The first batch was written alone; the five that arrived meanwhile were written together, as one block.
        Assert.Equal(2, BlockCount(factory, run, "loss"));
        Assert.Equal([10, 11, 12, 13, 14, 15], (await store.GetMetricHistoryAsync(run, "loss")).Select(m => m.Value));
        var data = (await store.GetRunAsync(run)).Data;
        Assert.Equal(15, Assert.Single(data.LatestMetrics).Value);
        Assert.Equal(batches + 1, data.Params.Count);
        Assert.Contains(new RunTag("last", "5"), data.Tags);
    }

    [Fact]
    public async Task Bad_batches_among_merged_ones_fail_alone_with_their_own_errors_and_the_others_are_written()
    {
        using var factory = ConnectionFactory.Create(NewLocation());
        using var store = new SqlTrackingStore(factory);
        string run = (await store.CreateRunAsync(await store.CreateExperimentAsync($"merge-bad-{Guid.NewGuid():N}"), "u", 0)).Info.RunId;
        await store.LogBatchAsync(run, null, [new Param("lr", "0.1")], null);
        // Batch 2 changes a stored param; batches 3 and 4 give a new param two values, so the later one, 4, is refused.
        IReadOnlyList<Param>[] @params = [[], [], [new Param("lr", "0.2")], [new Param("seed", "a")], [new Param("seed", "b")], []];
        var writes = new Task[@params.Length];
        await HoldRunAsync(factory, run, () =>
        {
            for (int i = 0; i < writes.Length; i++) writes[i] = store.LogBatchAsync(run, [new Metric("loss", i, 1000 + i, i)], @params[i], null);
        });

        var changed = await Assert.ThrowsAsync<QuarryException>(() => writes[2]);
        Assert.Equal(ErrorCode.InvalidParameter, changed.Code);
        Assert.Contains("key='lr' was already logged with value='0.1'", changed.Message, StringComparison.Ordinal);
        var second = await Assert.ThrowsAsync<QuarryException>(() => writes[4]);
        Assert.Equal(ErrorCode.InvalidParameter, second.Code);
        Assert.Contains("key='seed' was already logged with value='a'", second.Message, StringComparison.Ordinal);
        await Task.WhenAll(writes.Where((_, i) => i is not (2 or 4)));
        Assert.Equal([0, 1, 3, 5], (await store.GetMetricHistoryAsync(run, "loss")).Select(m => m.Value));
        var data = (await store.GetRunAsync(run)).Data;
        Assert.Equal(["lr=0.1", "seed=a"], data.Params.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
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

    /// <summary>
    /// Runs <paramref name="submit"/> while this test keeps <paramref name="runId"/> from being written (SQLite: the
    /// writer gate; PostgreSQL: the run's row lock, taken in a transaction of its own), then lets the writes go.
    /// </summary>
    static async Task HoldRunAsync(IConnectionFactory factory, string runId, Action submit)
    {
        if (factory.WriterGate is not null)
        {
            await HoldWriterGateAsync(factory, submit);
            return;
        }
        using var connection = factory.Open();
        using var tx = connection.BeginTransaction();
        connection.Sql("SELECT 1 FROM runs WHERE run_uuid = @run FOR UPDATE", tx).With("run", runId).Scalar();
        submit();
        tx.Commit();
    }

    static long BlockCount(IConnectionFactory factory, string runId, string key)
    {
        using var connection = factory.Open();
        return Convert.ToInt64(connection.Sql("SELECT COUNT(*) FROM metric_blocks WHERE run_uuid = @run AND key = @key")
            .With("run", runId).With("key", key).Scalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    static string Invariant(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="submit"/> while this test holds the writer gate (when the engine has one), then lets the writes go.</summary>
    static async Task HoldWriterGateAsync(IConnectionFactory factory, Action submit)
    {
        var gate = factory.WriterGate;
        if (gate is not null) await gate.WaitAsync();
        try { submit(); }
        finally { gate?.Release(); }
    }
}
