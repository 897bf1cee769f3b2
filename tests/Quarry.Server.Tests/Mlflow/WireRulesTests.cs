using System.Net;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Mlflow;

/// <summary>The wire rules of spec mlflow-rest.md §0 and §7, one by one, with raw JSON over real HTTP.</summary>
public sealed class WireRulesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    readonly WireClient _wire = new(fixture.Server.Http);

    [Fact]
    public async Task Both_prefixes_serve_the_same_store()
    {
        var id = await _wire.NewExperiment();
        var viaAjax = await _wire.OkGet($"ajax-api/2.0/mlflow/experiments/get?experiment_id={id}");
        Assert.Equal(id, viaAjax.GetProperty("experiment").GetProperty("experiment_id").GetString());
        var created = await _wire.Ok("ajax-api/2.0/mlflow/runs/create", $$"""{"experiment_id": "{{id}}", "start_time": 5}""");
        var runId = created.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
        Assert.Equal(5, (await _wire.Run(runId!)).GetProperty("info").GetProperty("start_time").GetInt64());
    }

    [Fact]
    public async Task Int64_fields_come_in_as_strings_and_go_out_as_numbers()
    {
        var exp = await _wire.NewExperiment();
        var run = (await _wire.Ok("api/2.0/mlflow/runs/create", $$"""{"experiment_id": "{{exp}}", "start_time": "1718000000123"}""")).GetProperty("run");
        var start = run.GetProperty("info").GetProperty("start_time");
        Assert.Equal(JsonValueKind.Number, start.ValueKind);
        Assert.Equal(1718000000123, start.GetInt64());
        string id = run.GetProperty("info").GetProperty("run_id").GetString()!;
        await _wire.Ok("api/2.0/mlflow/runs/log-metric", $$"""{"run_id": "{{id}}", "key": "m", "value": "2.5", "timestamp": "9007199254740993", "step": "3"}""");
        var metric = (await _wire.Run(id)).GetProperty("data").GetProperty("metrics")[0];
        Assert.Equal(JsonValueKind.Number, metric.GetProperty("timestamp").ValueKind);
        Assert.Equal(9007199254740993, metric.GetProperty("timestamp").GetInt64()); // above 2^53: exact, not a double
        Assert.Equal(3, metric.GetProperty("step").GetInt64());
        Assert.Equal(2.5, metric.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task NaN_and_infinities_are_strings_both_ways()
    {
        var id = await _wire.NewRun();
        await _wire.Ok("api/2.0/mlflow/runs/log-metric", $$"""{"run_id": "{{id}}", "key": "nan", "value": "NaN", "timestamp": 1}""");
        await _wire.Ok("api/2.0/mlflow/runs/log-batch", $$"""
            {"run_id": "{{id}}", "metrics": [{"key": "pinf", "value": "Infinity", "timestamp": 1}, {"key": "ninf", "value": "-Infinity", "timestamp": 1}]}
            """);
        var metrics = (await _wire.Run(id)).GetProperty("data").GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value"));
        Assert.Equal("NaN", metrics["nan"].GetString());
        Assert.Equal("Infinity", metrics["pinf"].GetString());
        Assert.Equal("-Infinity", metrics["ninf"].GetString());
        var history = await _wire.OkGet($"api/2.0/mlflow/metrics/get-history?run_id={id}&metric_key=ninf");
        Assert.Equal("-Infinity", history.GetProperty("metrics")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Empty_and_unset_fields_are_omitted_and_RunInfo_carries_run_uuid()
    {
        var exp = await _wire.NewExperiment();
        var run = (await _wire.Ok("api/2.0/mlflow/runs/create", $$"""{"experiment_id": "{{exp}}", "start_time": 1}""")).GetProperty("run");
        var info = run.GetProperty("info");
        Assert.Equal(info.GetProperty("run_id").GetString(), info.GetProperty("run_uuid").GetString());
        Assert.False(info.TryGetProperty("end_time", out _));
        Assert.False(info.TryGetProperty("user_id", out _));
        var data = run.GetProperty("data");
        Assert.False(data.TryGetProperty("metrics", out _));
        Assert.False(data.TryGetProperty("params", out _));
        Assert.Equal("mlflow.runName", Assert.Single(data.GetProperty("tags").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Object, run.GetProperty("inputs").ValueKind);
        Assert.False(run.GetProperty("inputs").TryGetProperty("dataset_inputs", out _));
        var (_, deleted) = await _wire.Post("api/2.0/mlflow/runs/delete", $$"""{"run_id": "{{info.GetProperty("run_id").GetString()}}"}""");
        Assert.Equal("{}", deleted.GetRawText());
        var empty = await _wire.Ok("api/2.0/mlflow/runs/search", $$"""{"experiment_ids": ["{{exp}}"]}""");
        Assert.Equal("{}", empty.GetRawText());
        var experiment = (await _wire.OkGet($"api/2.0/mlflow/experiments/get?experiment_id={exp}")).GetProperty("experiment");
        Assert.False(experiment.TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Run_uuid_stands_in_for_run_id()
    {
        var id = await _wire.NewRun();
        await _wire.Ok("api/2.0/mlflow/runs/log-metric", $$"""{"run_uuid": "{{id}}", "key": "m", "value": 1, "timestamp": 1}""");
        await _wire.Ok("api/2.0/mlflow/runs/log-parameter", $$"""{"run_uuid": "{{id}}", "key": "p", "value": "v"}""");
        await _wire.Ok("api/2.0/mlflow/runs/set-tag", $$"""{"run_uuid": "{{id}}", "key": "t", "value": "v"}""");
        var info = (await _wire.Ok("api/2.0/mlflow/runs/update", $$"""{"run_uuid": "{{id}}", "status": "FINISHED", "end_time": 7}""")).GetProperty("run_info");
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());
        var run = (await _wire.OkGet($"api/2.0/mlflow/runs/get?run_uuid={id}")).GetProperty("run");
        Assert.Equal(7, run.GetProperty("info").GetProperty("end_time").GetInt64());
        Assert.Single(run.GetProperty("data").GetProperty("metrics").EnumerateArray());
        var history = await _wire.OkGet($"api/2.0/mlflow/metrics/get-history?run_uuid={id}&metric_key=m");
        Assert.Single(history.GetProperty("metrics").EnumerateArray());
    }

    [Fact]
    public async Task Numeric_experiment_ids_and_enum_numbers_are_accepted()
    {
        var exp = await _wire.NewExperiment();
        var run = (await _wire.Ok("api/2.0/mlflow/runs/create", $$"""{"experiment_id": {{exp}}, "start_time": 1}""")).GetProperty("run");
        Assert.Equal(exp, run.GetProperty("info").GetProperty("experiment_id").GetString());
        string id = run.GetProperty("info").GetProperty("run_id").GetString()!;
        var info = (await _wire.Ok("api/2.0/mlflow/runs/update", $$"""{"run_id": "{{id}}", "status": 4}""")).GetProperty("run_info");
        Assert.Equal("FAILED", info.GetProperty("status").GetString());
        var found = await _wire.Ok("api/2.0/mlflow/runs/search", $$"""{"experiment_ids": [{{exp}}], "run_view_type": 3}""");
        Assert.Equal(id, Assert.Single(found.GetProperty("runs").EnumerateArray()).GetProperty("info").GetProperty("run_id").GetString());
        var experiment = (await _wire.OkGet("api/2.0/mlflow/experiments/get?experiment_id=0")).GetProperty("experiment");
        Assert.Equal("Default", experiment.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_double_encoded_bodies_are_decoded()
    {
        string name = $"wire-{Guid.NewGuid():N}";
        var created = await _wire.Ok("api/2.0/mlflow/experiments/create",
            $$"""{"name": "{{name}}", "run_uuid": "ignored", "future": {"nested": [1, 2]}, "tags": [{"key": "k", "value": "v", "extra": true}]}""");
        var id = created.GetProperty("experiment_id").GetString();
        var byName = await _wire.OkGet($"api/2.0/mlflow/experiments/get-by-name?experiment_name={name}");
        Assert.Equal(id, byName.GetProperty("experiment").GetProperty("experiment_id").GetString());
        Assert.Equal("v", byName.GetProperty("experiment").GetProperty("tags")[0].GetProperty("value").GetString());
        string inner = JsonSerializer.Serialize($$"""{"experiment_id": "{{id}}", "key": "k2", "value": "v2"}""");
        await _wire.Ok("api/2.0/mlflow/experiments/set-experiment-tag", inner);
        var tags = (await _wire.OkGet($"api/2.0/mlflow/experiments/get?experiment_id={id}")).GetProperty("experiment").GetProperty("tags");
        Assert.Equal(2, tags.GetArrayLength());
    }

    [Fact]
    public async Task GET_lists_take_repeated_keys_and_bracket_forms()
    {
        string batch = Guid.NewGuid().ToString("N");
        async Task<string> Create() => (await _wire.Ok("api/2.0/mlflow/experiments/create",
            $$"""{"name": "wire-{{Guid.NewGuid():N}}", "tags": [{"key": "batch", "value": "{{batch}}"}]}""")).GetProperty("experiment_id").GetString()!;
        var a = await Create();
        var b = await Create();
        async Task<List<string>> Ids(string query) =>
            [.. (await _wire.OkGet("api/2.0/mlflow/experiments/search?filter=tags.batch+%3D+'" + batch + "'&" + query))
                .GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("experiment_id").GetString()!)];
        Assert.Equal([b, a], await Ids("order_by[]=experiment_id+DESC"));
        Assert.Equal([a, b], await Ids("order_by[0]=experiment_id+ASC"));
        Assert.Equal([b, a], await Ids("order_by=experiment_id+DESC&view_type=ALL"));
        Assert.Equal([b], await Ids("order_by=experiment_id+DESC&max_results=1"));
        var listed = await _wire.OkGet("api/2.0/mlflow/experiments/list");
        Assert.Contains(listed.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("experiment_id").GetString() == b);
        var viaPost = await _wire.Ok("api/2.0/mlflow/experiments/search", """{"order_by": ["experiment_id ASC"], "max_results": "1"}""");
        Assert.Equal("0", Assert.Single(viaPost.GetProperty("experiments").EnumerateArray()).GetProperty("experiment_id").GetString());
    }
}
