using System.Diagnostics;
using System.Text;
using Quarry.Server.Tests.Support;
using Xunit.Abstractions;

namespace Quarry.Server.Tests.Mlflow;

/// <summary>
/// A quick latency loop over loopback on SQLite (one client, sequential): runs/create and a 500-metric runs/log-batch.
/// Prints mean and median; asserts only a generous ceiling (the formal benchmark lives in bench/).
/// </summary>
public sealed class LatencySmokeTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    readonly WireClient _wire = new(fixture.Server.Http);

    static (double Mean, double Median) Stats(List<double> ms)
    {
        ms.Sort();
        return (ms.Average(), ms[ms.Count / 2]);
    }

    [Fact]
    public async Task Create_run_and_log_batch_500_are_fast_over_loopback()
    {
        var exp = await _wire.NewExperiment();
        var create = new List<double>();
        var runs = new List<string>();
        for (int i = 0; i < 220; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await _wire.Ok("api/2.0/mlflow/runs/create", $$"""{"experiment_id": "{{exp}}", "start_time": {{i}}, "tags": [{"key": "mlflow.user", "value": "bench"}]}""");
            watch.Stop();
            if (i >= 20) create.Add(watch.Elapsed.TotalMilliseconds); // the first calls warm up the JIT and the pool
            runs.Add(body.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!);
        }
        var batch = new List<double>();
        for (int r = 0; r < 60; r++)
        {
            var json = new StringBuilder($$"""{"run_id": "{{runs[r]}}", "metrics": [""");
            for (int i = 0; i < 500; i++) json.Append(i == 0 ? "" : ",").Append($$"""{"key": "m{{i % 10}}", "value": {{i * 0.5}}, "timestamp": {{1000 + i}}, "step": {{i}}}""");
            json.Append("]}");
            string text = json.ToString();
            var watch = Stopwatch.StartNew();
            await _wire.Ok("api/2.0/mlflow/runs/log-batch", text);
            watch.Stop();
            if (r >= 10) batch.Add(watch.Elapsed.TotalMilliseconds);
        }
        var (createMean, createMedian) = Stats(create);
        var (batchMean, batchMedian) = Stats(batch);
        output.WriteLine($"loopback SQLite: runs/create mean {createMean:0.00} ms, median {createMedian:0.00} ms (n={create.Count}); " +
                         $"log-batch 500 metrics mean {batchMean:0.00} ms, median {batchMedian:0.00} ms (n={batch.Count})");
        Assert.Equal(500, (await _wire.OkGet($"api/2.0/mlflow/metrics/get-history?run_id={runs[0]}&metric_key=m0")).GetProperty("metrics").GetArrayLength() * 10);
        Assert.True(createMean < 1000, $"runs/create mean {createMean:0.0} ms");
        Assert.True(batchMean < 5000, $"log-batch 500 mean {batchMean:0.0} ms");
    }
}
