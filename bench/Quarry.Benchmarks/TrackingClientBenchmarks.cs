using BenchmarkDotNet.Attributes;
using Quarry.Tracking.Client;
using Quarry.Tracking.Storage;

namespace Quarry.Benchmarks;

/// <summary>ActiveRun.LogMetric: the caller's cost per metric point while the background writer fills a SQLite store.</summary>
[MemoryDiagnoser]
public class TrackingClientBenchmarks
{
    const int Points = 10_000;
    string _dir = null!;
    SqlTrackingStore _store = null!;
    TrackingClient _client = null!;
    ActiveRun _run = null!;
    readonly string[] _keys = [.. Enumerable.Range(0, 10).Select(i => $"metric_{i}")];

    /// <summary>Opens a SQLite store in a temporary folder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "quarry-bdn-client-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _store = SqlTrackingStore.Open("sqlite:" + Path.Combine(_dir, "tracking.db"));
        _client = new TrackingClient(_store);
    }

    /// <summary>A fresh run per iteration.</summary>
    [IterationSetup]
    public void StartRun() => _run = _client.StartRunAsync("bdn.client").GetAwaiter().GetResult();

    /// <summary>Writes the iteration's points before the next one starts.</summary>
    [IterationCleanup]
    public void EndRun() => _run.EndAsync().GetAwaiter().GetResult();

    /// <summary>10,000 LogMetric calls over 10 keys.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public void LogMetric()
    {
        for (int i = 0; i < Points; i++) _run.LogMetric(_keys[i % _keys.Length], i * 0.001, step: i / _keys.Length);
    }

    /// <summary>Closes the store and deletes the folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
