using System.Globalization;
using Quarry.Optimization.Storage;
using Quarry.Storage.Testing;

namespace Quarry.Optimization.Worker;

/// <summary>
/// The multi-process storage benchmark of shared/bench/optimizer.md §8: W worker processes share one study (branin +
/// a sleep per trial, RandomSampler(seed = worker index), heartbeats on) until it holds W × trials-per-worker trials.
/// Workers open the storage and warm up first, then start together; wall = last end − first start. Server CPU: the
/// PostgreSQL cluster's processes (backends, WAL writer, ...) between the start and the last worker's end.
/// </summary>
static class StorageBench
{
    public static int Run(Options o, TextWriter output)
    {
        if (o.Flag("profile"))
        {
            using var pg = PostgresServer.Start(durable: true);
            return Profile.Run(Options.Parse(["--storage", pg.CreateDatabase()]), output);
        }
        var backends = (o.Get("backend") ?? "sqlite,postgresql").Split(',');
        int[] workerCounts = o.Ints("workers", [1, 4, 8]);
        int perWorker = o.Int("trials-per-worker", 100), sleepMs = o.Int("objective-ms", 10), heartbeatMs = o.Int("heartbeat-ms", 500);
        int repeats = o.Int("repeats", 1), sampleWaitsMs = o.Int("sample-waits", 0);
        bool walTiming = o.Flag("wal-timing"), timeCalls = o.Flag("time-calls");
        if (o.Get("pg-query") is { } query) output.WriteLine($"postgresql URL options: ?{query}");
        output.WriteLine($"objective: branin + {sleepMs} ms sleep; RandomSampler(seed=worker); heartbeat {heartbeatMs} ms; {perWorker} trials per worker; {Environment.ProcessorCount} cores");
        output.WriteLine("| backend | workers | trials | wall s | COMPLETE trials/s | ideal trials/s | % of ideal | worker CPU ms / trial | server CPU ms / trial | sleep ms | suggest ms | between objectives ms | other states | duplicate numbers | dense |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        PostgresServer? server = null;
        var folder = Path.Combine(Path.GetTempPath(), $"quarry-bench-{Guid.NewGuid():N}"[..26]);
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var backend in backends)
                foreach (int w in workerCounts)
                    for (int r = 0; r < repeats; r++)
                    {
                        string location = backend == "sqlite"
                            ? $"sqlite:{Path.Combine(folder, $"bench-{w}-{r}.db")}"
                            : (server ??= StartServer(walTiming)).CreateDatabase() + (o.Get("pg-query") is { } q ? "?" + q : "");
                        output.WriteLine(Measure(backend, location, w, perWorker * w, sleepMs, heartbeatMs, backend == "sqlite" ? null : server, sampleWaitsMs, timeCalls, walTiming));
                        output.Flush();
                    }
        }
        finally
        {
            server?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    /// <summary>
    /// Workers compile every method fully at first call: with tiered compilation the re-JIT of hot paths (two steps with
    /// PGO) still ran during the measured trials after a 3 s warm-up and billed them 2–4 ms of CPU each (0.8 ms without).
    /// </summary>
    static readonly Dictionary<string, string> SteadyState = new() { ["DOTNET_TieredCompilation"] = "0" };

    /// <summary>A durable cluster (PostgreSQL's defaults); <paramref name="walTiming"/> turns on track_wal_io_timing (diagnostics only).</summary>
    static PostgresServer StartServer(bool walTiming)
    {
        var server = PostgresServer.Start(durable: true);
        if (!walTiming) return server;
        using var c = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres;Pooling=false");
        c.Open();
        foreach (var sql in new[] { "ALTER SYSTEM SET track_wal_io_timing = on", "ALTER SYSTEM SET track_functions = 'pl'", "SELECT pg_reload_conf()" })
            using (var cmd = new Npgsql.NpgsqlCommand(sql, c)) cmd.ExecuteNonQuery();
        return server;
    }

    static string Measure(string backend, string location, int workers, int budget, int sleepMs, int heartbeatMs, PostgresServer? server, int sampleWaitsMs, bool timeCalls, bool counters)
    {
        string study = $"bench-{workers}-{Guid.NewGuid():N}";
        var procs = Enumerable.Range(0, workers).Select(i => WorkerProcess.Start(
        [
            "optimize", "--storage", location, "--study", study, "--budget", budget.ToString(CultureInfo.InvariantCulture),
            "--objective-ms", sleepMs.ToString(CultureInfo.InvariantCulture), "--heartbeat-ms", heartbeatMs.ToString(CultureInfo.InvariantCulture),
            "--seed", i.ToString(CultureInfo.InvariantCulture), "--warmup", "--wait-go", "--wait-exit", .. (timeCalls ? ["--time-calls"] : Array.Empty<string>()),
        ], environment: SteadyState)).ToList();
        try
        {
            foreach (var p in procs) p.WaitFor("READY", TimeSpan.FromMinutes(2));
            if (server is not null && counters) Thread.Sleep(ServerWaits.StatsDelay); // the warm-up's statistics reach the cluster's counters
            var serverCpu = server is null ? null : ServerCpu.Start(server.DataDir);
            using var waits = server is null ? null : ServerWaits.Start(server.Port, location.Split('/')[^1].Split('?')[0], sampleWaitsMs, counters);
            foreach (var p in procs) p.Send("GO");
            var done = procs.Select(p => Parse(p.WaitFor("DONE", TimeSpan.FromMinutes(5)))).ToList();
            double? serverMs = serverCpu?.ElapsedMs(); // before the workers exit and their server processes with them
            string? diagnostics = waits?.Report(budget);
            foreach (var p in procs) p.Send("EXIT");
            foreach (var p in procs) p.WaitForExit(TimeSpan.FromMinutes(1));
            double wall = (done.Max(d => d["end"]) - done.Min(d => d["start"])) / 1000.0;
            double cpu = done.Sum(d => d["cpu_ms"]);

            using var storage = SqlStudyStorage.Open(location);
            var trials = storage.GetTrials(storage.FindStudy(study)!.Id);
            int complete = trials.Count(t => t.State == TrialState.Complete);
            int duplicates = trials.Count - trials.Select(t => t.Number).Distinct().Count();
            bool dense = trials.Select(t => t.Number).Order().SequenceEqual(Enumerable.Range(0, trials.Count));
            string others = string.Join(" ", trials.Where(t => t.State != TrialState.Complete).GroupBy(t => t.State).Select(g => $"{g.Key}:{g.Count()}"));
            double ideal = workers * 1000.0 / sleepMs;
            return string.Create(CultureInfo.InvariantCulture,
                $"| {backend} | {workers} | {trials.Count} | {wall:F2} | {complete / wall:F1} | {ideal:F0} | {100 * complete / wall / ideal:F0} % | {cpu / complete:F2} | {(serverMs is { } ms ? (ms / complete).ToString("F2", CultureInfo.InvariantCulture) : "-")} | {Mean(done, "sleep_ms"):F2} | {Mean(done, "objective_ms") - Mean(done, "sleep_ms"):F2} | {Mean(done, "gap_ms"):F2} | {(others.Length == 0 ? "-" : others)} | {duplicates} | {(dense ? "yes" : "NO")} |{(diagnostics is null ? "" : "\n  " + diagnostics)}{(timeCalls ? "\n  client wall ms per call: " + string.Join(", ", done[0].Keys.Where(k => k.StartsWith("call_", StringComparison.Ordinal)).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k[5..^3]} {Mean(done, k):F3}"))) : "")}");
        }
        finally
        {
            foreach (var p in procs) p.Dispose();
        }
    }

    static double Mean(List<Dictionary<string, double>> done, string key) => done.Average(d => d.GetValueOrDefault(key));

    static Dictionary<string, double> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(kv => kv.Split('=')).Where(kv => kv.Length == 2 && double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture));
}
