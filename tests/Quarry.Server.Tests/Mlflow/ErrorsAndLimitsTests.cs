using System.Net;
using System.Text;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Mlflow;

/// <summary>MLflow's error codes and statuses (spec §0.1, §0.3) and the limits of §3.4: each a 400 with MLflow's message and nothing written.</summary>
public sealed class ErrorsAndLimitsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    readonly WireClient _wire = new(fixture.Server.Http);
    const string Api = "api/2.0/mlflow/";

    [Fact]
    public async Task Unknown_run_and_experiment_are_404_RESOURCE_DOES_NOT_EXIST()
    {
        WireClient.AssertError(await _wire.Get(Api + "runs/get?run_id=" + new string('f', 32)), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "not found");
        WireClient.AssertError(await _wire.Get(Api + "experiments/get?experiment_id=987654"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987654 exists");
        WireClient.AssertError(await _wire.Get(Api + "experiments/get-by-name?experiment_name=nope-" + Guid.NewGuid().ToString("N")),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name 'nope-");
        var run = await _wire.NewRun();
        WireClient.AssertError(await _wire.Post(Api + "runs/delete-tag", $$"""{"run_id": "{{run}}", "key": "nope"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "No tag with name: nope");
    }

    [Fact]
    public async Task Taken_experiment_name_is_400_RESOURCE_ALREADY_EXISTS_not_409()
    {
        string name = $"wire-{Guid.NewGuid():N}";
        await _wire.Ok(Api + "experiments/create", $$"""{"name": "{{name}}"}""");
        var e = await _wire.Post(Api + "experiments/create", $$"""{"name": "{{name}}"}""");
        WireClient.AssertError(e, HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", name);
        Assert.Equal("AlreadyExists", e.Body.GetProperty("quarry_code").GetString());
    }

    [Fact]
    public async Task Missing_and_mistyped_fields_are_MLflow_400s()
    {
        WireClient.AssertError(await _wire.Post(Api + "experiments/create", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'name'. See the API docs");
        WireClient.AssertError(await _wire.Get(Api + "runs/get"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'run_id'");
        var run = await _wire.NewRun();
        WireClient.AssertError(await _wire.Post(Api + "runs/log-metric", $$"""{"run_id": "{{run}}", "key": "m", "value": true, "timestamp": 1}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid value true for parameter 'value' supplied. Hint: Value was of type 'bool'");
        WireClient.AssertError(await _wire.Post(Api + "runs/log-metric", $$"""{"run_id": "{{run}}", "key": "m", "value": 1, "timestamp": "soon"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid value soon for parameter 'timestamp'");
        WireClient.AssertError(await _wire.Post(Api + "runs/log-metric", $$"""{"run_id": "{{run}}", "key": "m", "value": 1}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'timestamp'");
        WireClient.AssertError(await _wire.Get(Api + "metrics/get-history?run_id=" + run + "&metric_key=m&max_results=x"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid value x for parameter 'max_results'");
        WireClient.AssertError(await _wire.Post(Api + "runs/log-batch", "{not json"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Malformed JSON");
        Assert.False((await _wire.Run(run)).GetProperty("data").TryGetProperty("metrics", out _));
    }

    [Fact]
    public async Task Bodies_need_Content_Type_application_json()
    {
        WireClient.AssertError(await _wire.Post(Api + "experiments/create", """{"name": "x"}""", "text/plain"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Content-Type must be one of ['application/json']");
        using var bare = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name": "x"}"""));
        using var response = await fixture.Server.Http.PostAsync(Api + "experiments/create", bare);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Content-Type header is missing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_to_a_deleted_run_are_400_INVALID_PARAMETER_VALUE()
    {
        var run = await _wire.NewRun();
        await _wire.Ok(Api + "runs/delete", $$"""{"run_id": "{{run}}"}""");
        var e = await _wire.Post(Api + "runs/log-parameter", $$"""{"run_id": "{{run}}", "key": "p", "value": "1"}""");
        WireClient.AssertError(e, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "active");
        Assert.Equal("InvalidState", e.Body.GetProperty("quarry_code").GetString());
    }

    [Fact]
    public async Task Param_rewrite_with_another_value_and_run_name_conflict_are_400s()
    {
        var run = await _wire.NewRun();
        await _wire.Ok(Api + "runs/log-parameter", $$"""{"run_id": "{{run}}", "key": "p", "value": "1"}""");
        await _wire.Ok(Api + "runs/log-parameter", $$"""{"run_id": "{{run}}", "key": "p", "value": "1"}""");
        WireClient.AssertError(await _wire.Post(Api + "runs/log-parameter", $$"""{"run_id": "{{run}}", "key": "p", "value": "2"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed");
        var exp = await _wire.NewExperiment();
        WireClient.AssertError(await _wire.Post(Api + "runs/create",
                $$"""{"experiment_id": "{{exp}}", "run_name": "a", "tags": [{"key": "mlflow.runName", "value": "b"}]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "run_name");
        Assert.False((await _wire.Ok(Api + "runs/search", $$"""{"experiment_ids": ["{{exp}}"]}""")).TryGetProperty("runs", out _));
    }

    static string Items(int count, Func<int, string> item) => string.Join(",", Enumerable.Range(0, count).Select(item));

    public static TheoryData<string, string> OverLimits => new()
    {
        { "1001 metrics", "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again." },
        { "101 params", "A batch logging request can contain at most 100 params. Got 101 params." },
        { "101 tags", "A batch logging request can contain at most 100 tags. Got 101 tags." },
        { "1001 entities", "A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001" },
        { "1 MB body", "Batched logging API requests must be at most 1000000 bytes, got a request of size" },
        { "long key", "250" },
        { "long param", "6000" },
        { "long tag", "8000" },
    };

    [Theory]
    [MemberData(nameof(OverLimits))]
    public async Task Log_batch_over_a_limit_is_400_with_MLflows_message_and_writes_nothing(string limit, string message)
    {
        var run = await _wire.NewRun();
        string Metric(int i) => $$"""{"key": "m", "value": {{i}}, "timestamp": {{i}}, "step": {{i}}}""";
        string Param(int i) => $$"""{"key": "p{{i}}", "value": "v"}""";
        string Tag(int i) => $$"""{"key": "t{{i}}", "value": "v"}""";
        var (metrics, @params, tags) = limit switch
        {
            "1001 metrics" => (Items(1001, Metric), "", ""),
            "101 params" => ("", Items(101, Param), ""),
            "101 tags" => ("", "", Items(101, Tag)),
            "1001 entities" => (Items(950, Metric), Items(51, Param), ""),
            "1 MB body" => ("", Items(100, i => $$"""{"key": "p{{i}}", "value": "{{new string('v', 6000)}}"}"""),
                Items(100, i => $$"""{"key": "t{{i}}", "value": "{{new string('v', 8000)}}"}""")),
            "long key" => (Metric(0).Replace("\"m\"", $"\"{new string('k', 251)}\"", StringComparison.Ordinal), "", ""),
            "long param" => ("", $$"""{"key": "p", "value": "{{new string('v', 6001)}}"}""", ""),
            _ => ("", "", $$"""{"key": "t", "value": "{{new string('v', 8001)}}"}"""),
        };
        var body = $$"""{"run_id": "{{run}}", "metrics": [{{metrics}}], "params": [{{@params}}], "tags": [{{tags}}]}""";
        WireClient.AssertError(await _wire.Post(Api + "runs/log-batch", body), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        var data = (await _wire.Run(run)).GetProperty("data");
        Assert.False(data.TryGetProperty("metrics", out _));
        Assert.False(data.TryGetProperty("params", out _));
        Assert.Single(data.GetProperty("tags").EnumerateArray()); // mlflow.runName only
    }

    [Fact]
    public async Task Other_limits_name_the_limit()
    {
        WireClient.AssertError(await _wire.Post(Api + "experiments/create", $$"""{"name": "{{new string('e', 501)}}"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "500");
        var exp = await _wire.NewExperiment();
        WireClient.AssertError(await _wire.Post(Api + "runs/search", $$"""{"experiment_ids": ["{{exp}}"], "max_results": 50001}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid value 50001 for parameter 'max_results'");
        WireClient.AssertError(await _wire.Post(Api + "runs/search", $$"""{"experiment_ids": ["{{exp}}"], "page_token": "bad"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid page token");
        WireClient.AssertError(await _wire.Post(Api + "runs/search", $$"""{"experiment_ids": ["{{exp}}"], "filter": "metrics.a > 1 OR metrics.b < 2"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}
