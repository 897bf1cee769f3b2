using System.Globalization;
using Npgsql;

namespace Quarry.Optimization.Worker;

/// <summary>
/// Diagnostics of a PostgreSQL cluster during a benchmark run: WAL flushes (pg_stat_wal) and, optionally, what the
/// workers' backends are doing, sampled from pg_stat_activity on its own connection (the sampling costs CPU itself,
/// so a sampled run's throughput is not comparable with an unsampled one).
/// </summary>
sealed class ServerWaits : IDisposable
{
    readonly NpgsqlConnection _connection;
    readonly (long Syncs, double SyncMs, long Records, long Commits, long Calls, double CallMs) _start;
    readonly Dictionary<string, int> _waits = new(StringComparer.Ordinal);
    readonly Thread? _sampler;
    readonly string _database;
    volatile bool _stop;
    int _samples;

    readonly bool _counting;

    ServerWaits(int port, string database, int sampleMs, bool counting)
    {
        _counting = counting;
        _database = database;
        _connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false");
        _connection.Open();
        _start = Wal(_connection, database);
        if (sampleMs <= 0) return;
        _sampler = new Thread(() => Sample(port, sampleMs)) { IsBackground = true };
        _sampler.Start();
    }

    /// <summary>
    /// Starts watching the cluster on <paramref name="port"/> for database <paramref name="database"/>; samples waits
    /// every <paramref name="sampleMs"/> ms (0: never). <paramref name="counting"/>: the report waits for the counters
    /// (<see cref="StatsDelay"/>); the caller waited as long before starting.
    /// </summary>
    public static ServerWaits Start(int port, string database, int sampleMs, bool counting) => new(port, database, sampleMs, counting);

    /// <summary>
    /// The cluster's cumulative counters. Backends publish their statistics at most once a second (and after a second
    /// idle), so callers wait <see cref="StatsDelay"/> after the workers went idle before reading.
    /// </summary>
    static (long, double, long, long, long, double) Wal(NpgsqlConnection c, string database)
    {
        using var cmd = new NpgsqlCommand("""
            SELECT wal_sync, wal_sync_time, wal_records, (SELECT xact_commit FROM pg_stat_database WHERE datname = @d) FROM pg_stat_wal
            """, c);
        cmd.Parameters.AddWithValue("d", database);
        long syncs, records, commits;
        double syncMs;
        using (var r = cmd.ExecuteReader())
        {
            r.Read();
            (syncs, syncMs, records, commits) = (r.GetInt64(0), r.GetDouble(1), r.GetInt64(2), r.GetInt64(3));
        }
        // Procedure timings (track_functions = 'pl'): only visible from a connection to the benchmark's database.
        var builder = new NpgsqlConnectionStringBuilder(c.ConnectionString) { Database = database };
        using var d = new NpgsqlConnection(builder.ConnectionString);
        d.Open();
        using var f = new NpgsqlCommand("SELECT coalesce(sum(calls), 0)::bigint, coalesce(sum(total_time), 0)::float8 FROM pg_stat_user_functions WHERE funcname = 'quarry_finish_and_start'", d);
        using var fr = f.ExecuteReader();
        fr.Read();
        return (syncs, syncMs, records, commits, fr.GetInt64(0), fr.GetDouble(1));
    }

    /// <summary>
    /// How long to wait for idle backends to publish their statistics: a backend that published less than a second
    /// ago publishes again after 10 s idle (PGSTAT_IDLE_INTERVAL).
    /// </summary>
    public static readonly TimeSpan StatsDelay = TimeSpan.FromSeconds(11);

    void Sample(int port, int sampleMs)
    {
        using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false");
        c.Open();
        using var cmd = new NpgsqlCommand("""
            SELECT state || ':' || coalesce(wait_event_type || '.' || wait_event, 'cpu') FROM pg_stat_activity
            WHERE datname = @d AND backend_type = 'client backend'
            UNION ALL SELECT backend_type || ':' || coalesce(wait_event_type || '.' || wait_event, 'cpu') FROM pg_stat_activity
            WHERE backend_type IN ('walwriter', 'checkpointer', 'background writer') AND wait_event IS DISTINCT FROM NULL AND wait_event_type <> 'Activity'
            """, c);
        cmd.Parameters.AddWithValue("d", _database);
        cmd.Prepare();
        while (!_stop)
        {
            using (var r = cmd.ExecuteReader())
                while (r.Read())
                {
                    string key = r.GetString(0);
                    lock (_waits) _waits[key] = _waits.GetValueOrDefault(key) + 1;
                }
            Interlocked.Increment(ref _samples);
            Thread.Sleep(sampleMs);
        }
    }

    /// <summary>WAL flushes, flush time (ms; 0 unless track_wal_io_timing is on), WAL records and commits since the start, and the sampled waits.</summary>
    public string Report(int trials)
    {
        _stop = true;
        _sampler?.Join();
        if (_counting) Thread.Sleep(StatsDelay);
        var (syncs, syncMs, records, commits, calls, callMs) = Wal(_connection, _database);
        syncs -= _start.Syncs;
        syncMs -= _start.SyncMs;
        calls -= _start.Calls;
        callMs -= _start.CallMs;
        if (!_counting) return "";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"WAL flushes/trial {syncs / (double)trials:F2}, flush ms/flush {(syncs == 0 ? 0 : syncMs / syncs):F3}, WAL records/trial {(records - _start.Records) / (double)trials:F1}, commits/trial {(commits - _start.Commits) / (double)trials:F2}, procedure calls/trial {calls / (double)trials:F2} at {(calls == 0 ? 0 : callMs / calls):F3} ms in the server");
        if (_samples == 0) return text;
        lock (_waits)
            return text + "\n  backend states per sample: " + string.Join(", ", _waits.OrderByDescending(kv => kv.Value)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / (double)_samples:F2}")));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        _sampler?.Join();
        _connection.Dispose();
    }
}
