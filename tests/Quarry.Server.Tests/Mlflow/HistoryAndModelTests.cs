using System.Net;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Mlflow;

/// <summary>metrics/get-history paging (mlflow-search.md S20), the UI's sampled bulk history, runs/log-model, /healthz and /version.</summary>
public sealed class HistoryAndModelTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    readonly WireClient _wire = new(fixture.Server.Http);
    const string Api = "api/2.0/mlflow/";

    async Task LogSteps(string run, string key, IEnumerable<int> steps, Func<int, double> value) =>
        await _wire.Ok(Api + "runs/log-batch", $$"""
            {"run_id": "{{run}}", "metrics": [{{string.Join(",", steps.Select(i => $$"""{"key": "{{key}}", "value": {{value(i)}}, "timestamp": {{1000 + i}}, "step": {{i}}}"""))}}]}
            """);

    [Fact]
    public async Task Get_history_pages_of_4_then_4_then_2_and_all_without_max_results_S20()
    {
        var run = await _wire.NewRun();
        await LogSteps(run, "loss", Enumerable.Range(0, 10), i => i);
        var steps = new List<long>();
        string? token = null;
        var sizes = new List<int>();
        do
        {
            var page = await _wire.OkGet($"{Api}metrics/get-history?run_id={run}&metric_key=loss&max_results=4" + (token is null ? "" : $"&page_token={Uri.EscapeDataString(token)}"));
            var metrics = page.GetProperty("metrics").EnumerateArray().ToList();
            sizes.Add(metrics.Count);
            steps.AddRange(metrics.Select(m => m.GetProperty("step").GetInt64()));
            token = page.TryGetProperty("next_page_token", out var t) ? t.GetString() : null;
        } while (token is not null);
        Assert.Equal([4, 4, 2], sizes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), steps);
        var all = await _wire.OkGet($"{Api}metrics/get-history?run_id={run}&metric_key=loss");
        Assert.Equal(10, all.GetProperty("metrics").GetArrayLength());
        Assert.False(all.TryGetProperty("next_page_token", out _));
        Assert.Equal("{}", (await _wire.OkGet($"{Api}metrics/get-history?run_id={run}&metric_key=loss&max_results=0")).GetRawText());
        WireClient.AssertError(await _wire.Get($"{Api}metrics/get-history?run_id={run}&metric_key=loss&page_token=bad"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid page token");
    }

    [Fact]
    public async Task Bulk_interval_samples_at_most_max_results_steps_keeping_first_and_last_with_run_ids()
    {
        var a = await _wire.NewRun();
        var b = await _wire.NewRun();
        await LogSteps(a, "equity", Enumerable.Range(0, 100), i => 100 + i);
        await LogSteps(b, "equity", Enumerable.Range(50, 100), i => 200 + i);
        await LogSteps(a, "equity", [99], _ => 999); // a second point at step 99, later timestamp? same timestamp 1099: larger value is last
        var body = await _wire.OkGet($"{Api}metrics/get-history-bulk-interval?run_ids={a}&run_ids[]={b}&metric_key=equity&max_results=10");
        var points = body.GetProperty("metrics").EnumerateArray()
            .Select(m => (Run: m.GetProperty("run_id").GetString(), Step: m.GetProperty("step").GetInt64(), Value: m.GetProperty("value").GetDouble())).ToList();
        var stepsA = points.Where(p => p.Run == a).Select(p => p.Step).ToList();
        var stepsB = points.Where(p => p.Run == b).Select(p => p.Step).ToList();
        // Union of steps 0..149, 10 evenly spaced by rank: round(i * 149 / 9).
        long[] expected = [.. Enumerable.Range(0, 10).Select(i => (long)Math.Round(i * 149 / 9.0))];
        Assert.Equal(expected.Where(s => s < 100), stepsA);
        Assert.Equal(expected.Where(s => s >= 50), stepsB);
        Assert.Equal(0, stepsA[0]);
        Assert.Equal(149, stepsB[^1]);
        Assert.Equal(999, points.Single(p => p.Run == a && p.Step == 99).Value);
        var window = await _wire.OkGet($"{Api}metrics/get-history-bulk-interval?run_ids={a}&metric_key=equity&start_step=10&end_step=12");
        Assert.Equal([10L, 11, 12], window.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
        string many = string.Join("&", Enumerable.Range(0, 21).Select(i => $"run_ids={i}"));
        WireClient.AssertError(await _wire.Get($"{Api}metrics/get-history-bulk-interval?{many}&metric_key=equity"), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "at most 20 run_ids. Received 21 run_ids.");
        WireClient.AssertError(await _wire.Get($"{Api}metrics/get-history-bulk-interval?run_ids={a}&metric_key=equity&start_step=1"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "both must be specified");
        WireClient.AssertError(await _wire.Get($"{Api}metrics/get-history-bulk-interval?run_ids={a}&metric_key=equity&max_results=2501"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "max_results must be between 1 and 2500");
    }

    [Fact]
    public async Task Log_model_appends_to_the_history_tag_and_checks_mandatory_fields()
    {
        var run = await _wire.NewRun();
        string Model(string path) => JsonSerializer.Serialize(
            $$"""{"artifact_path": "{{path}}", "flavors": {"python_function": {} }, "utc_time_created": "2026-01-01 00:00:00", "run_id": "{{run}}"}""");
        await _wire.Ok(Api + "runs/log-model", $$"""{"run_id": "{{run}}", "model_json": {{Model("model")}}}""");
        await _wire.Ok(Api + "runs/log-model", $$"""{"run_id": "{{run}}", "model_json": {{Model("model2")}}}""");
        var tag = (await _wire.Run(run)).GetProperty("data").GetProperty("tags").EnumerateArray()
            .Single(t => t.GetProperty("key").GetString() == "mlflow.log-model.history").GetProperty("value").GetString()!;
        using var history = JsonDocument.Parse(tag);
        Assert.Equal(["model", "model2"], history.RootElement.EnumerateArray().Select(m => m.GetProperty("artifact_path").GetString()));
        WireClient.AssertError(await _wire.Post(Api + "runs/log-model", $$"""{"run_id": "{{run}}", "model_json": "{\"artifact_path\": \"m\"}"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Model json is missing mandatory fields");
        WireClient.AssertError(await _wire.Post(Api + "runs/log-model", $$"""{"run_id": "{{run}}", "model_json": "not json"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Malformed model info");
    }

    [Fact]
    public async Task Healthz_reports_store_kind_reachability_and_counts_and_version_is_text()
    {
        var before = await _wire.OkGet("healthz");
        await _wire.NewRun();
        var after = await _wire.OkGet("healthz");
        Assert.Equal("ok", after.GetProperty("status").GetString());
        Assert.Equal("sqlite", after.GetProperty("store").GetProperty("kind").GetString());
        Assert.True(after.GetProperty("store").GetProperty("reachable").GetBoolean());
        Assert.Equal(before.GetProperty("counts").GetProperty("experiments").GetInt64() + 1, after.GetProperty("counts").GetProperty("experiments").GetInt64());
        Assert.Equal(before.GetProperty("counts").GetProperty("runs").GetInt64() + 1, after.GetProperty("counts").GetProperty("runs").GetInt64());
        Assert.Matches(@"^\d+\.\d+\.\d+$", after.GetProperty("version").GetString());
        Assert.Equal(after.GetProperty("version").GetString(), await fixture.Server.Http.GetStringAsync("version"));
    }

    [Fact]
    public async Task Store_health_of_an_unreachable_database_is_null_so_healthz_answers_503()
    {
        using var health = new Hosting.StoreHealth(new ServerOptions { Store = "postgresql://nobody@127.0.0.1:1/none" });
        Assert.Equal("postgresql", health.Kind);
        Assert.Null(await health.CountAsync(CancellationToken.None));
    }
}
