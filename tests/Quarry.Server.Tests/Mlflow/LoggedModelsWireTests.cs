using System.Net;
using System.Text;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Mlflow;

/// <summary>MLflow 3's logged-model endpoints and runs/outputs on the wire (spec mlflow-rest.md §6): field names, error codes, both prefixes.</summary>
public sealed class LoggedModelsWireTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    readonly WireClient _wire = new(fixture.Server.Http);
    const string Api = "api/2.0/mlflow/", Ajax = "ajax-api/2.0/mlflow/";

    static string[] Names(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    async Task<(string Exp, string Run)> NewRun()
    {
        var run = await _wire.NewRun();
        return ((await _wire.Run(run)).GetProperty("info").GetProperty("experiment_id").GetString()!, run);
    }

    async Task<JsonElement> Create(string exp, string extra = "") =>
        (await _wire.Ok(Api + "logged-models", $$"""{"experiment_id": "{{exp}}"{{extra}}}""")).GetProperty("model");

    static string Id(JsonElement model) => model.GetProperty("info").GetProperty("model_id").GetString()!;

    [Fact]
    public async Task Create_get_and_finalize_answer_MLflow_LoggedModel_fields_under_both_prefixes()
    {
        var (exp, run) = await NewRun();
        var model = await Create(exp, $$""", "name": "sma", "model_type": "strategy", "source_run_id": "{{run}}", "params": [{"key": "fast", "value": "10"}], "tags": [{"key": "team", "value": "quant"}] """);
        var info = model.GetProperty("info");
        Assert.Equal(["data", "info"], Names(model));
        Assert.Equal(["artifact_uri", "creation_timestamp_ms", "experiment_id", "last_updated_timestamp_ms", "model_id", "model_type", "name",
            "source_run_id", "status", "tags"], Names(info));
        string id = Id(model);
        Assert.Matches("^m-[0-9a-f]{32}$", id);
        Assert.Equal(exp, info.GetProperty("experiment_id").GetString());
        Assert.Equal($"mlflow-artifacts:/{exp}/models/{id}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.Equal("LOGGED_MODEL_PENDING", info.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, info.GetProperty("creation_timestamp_ms").ValueKind);
        Assert.Equal("""[{"key":"team","value":"quant"}]""", info.GetProperty("tags").GetRawText());
        Assert.Equal("""{"params":[{"key":"fast","value":"10"}]}""", model.GetProperty("data").GetRawText());

        var got = (await _wire.OkGet($"{Ajax}logged-models/{id}")).GetProperty("model");
        Assert.Equal(info.GetRawText(), got.GetProperty("info").GetRawText());

        var (status, body) = await _wire.Send(HttpMethod.Patch, $"{Ajax}logged-models/{id}", $$"""{"model_id": "{{id}}", "status": "LOGGED_MODEL_READY"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("LOGGED_MODEL_READY", body.GetProperty("model").GetProperty("info").GetProperty("status").GetString());
        (status, body) = await _wire.Send(HttpMethod.Patch, $"{Api}logged-models/{id}", """{"status": 3}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("LOGGED_MODEL_UPLOAD_FAILED", body.GetProperty("model").GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Errors_use_MLflow_codes_and_statuses()
    {
        var (exp, _) = await NewRun();
        string unknown = "m-" + Guid.NewGuid().ToString("N");
        WireClient.AssertError(await _wire.Get($"{Api}logged-models/{unknown}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", unknown);
        WireClient.AssertError(await _wire.Send(HttpMethod.Delete, $"{Ajax}logged-models/{unknown}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        WireClient.AssertError(await _wire.Post(Api + "logged-models", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "experiment_id");
        WireClient.AssertError(await _wire.Post(Api + "logged-models", """{"experiment_id": "987654321"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        string id = Id(await Create(exp));
        WireClient.AssertError(await _wire.Send(HttpMethod.Patch, $"{Api}logged-models/{id}", """{"status": "BOGUS"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "BOGUS");
        WireClient.AssertError(await _wire.Send(HttpMethod.Patch, $"{Api}logged-models/{id}", """{"status": "LOGGED_MODEL_PENDING"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        WireClient.AssertError(await _wire.Post(Api + "logged-models/search", $$"""{"experiment_ids": ["{{exp}}"], "filter": "name = "}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid logged model filter");
        WireClient.AssertError(await _wire.Send(HttpMethod.Delete, $"{Api}logged-models/{id}/tags/missing"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Tags_params_and_soft_delete_over_the_wire()
    {
        var (exp, _) = await NewRun();
        string id = Id(await Create(exp));
        var (status, body) = await _wire.Send(HttpMethod.Patch, $"{Api}logged-models/{id}/tags",
            """{"tags": [{"key": "a/b", "value": "1"}, {"key": "c", "value": "2"}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", body.GetRawText());
        Assert.Equal("{}", (await _wire.Ok($"{Api}logged-models/{id}/params", """{"params": [{"key": "p", "value": "v"}]}""")).GetRawText());
        (status, _) = await _wire.Send(HttpMethod.Delete, $"{Ajax}logged-models/{id}/tags/{Uri.EscapeDataString("a/b")}");
        Assert.Equal(HttpStatusCode.OK, status);
        var model = (await _wire.OkGet($"{Api}logged-models/{id}")).GetProperty("model");
        Assert.Equal("""[{"key":"c","value":"2"}]""", model.GetProperty("info").GetProperty("tags").GetRawText());
        Assert.Equal("""{"params":[{"key":"p","value":"v"}]}""", model.GetProperty("data").GetRawText());
        (status, body) = await _wire.Send(HttpMethod.Delete, $"{Api}logged-models/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", body.GetRawText());
        WireClient.AssertError(await _wire.Get($"{Api}logged-models/{id}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Search_orders_and_pages_with_order_by_objects()
    {
        var (exp, _) = await NewRun();
        foreach (var name in new[] { "c", "a", "b" }) await Create(exp, $$""", "name": "{{name}}" """);
        var names = new List<string>();
        string token = "";
        int pages = 0;
        do
        {
            var body = await _wire.Ok(Api + "logged-models/search", $$"""
                {"experiment_ids": ["{{exp}}"], "max_results": 2, "order_by": [{"field_name": "name", "ascending": false}], "page_token": "{{token}}"}
                """);
            Assert.All(Names(body), n => Assert.Contains(n, new[] { "models", "next_page_token" }));
            names.AddRange(body.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("info").GetProperty("name").GetString()!));
            token = body.TryGetProperty("next_page_token", out var t) ? t.GetString()! : "";
            pages++;
        } while (token.Length > 0);
        Assert.Equal(["c", "b", "a"], names);
        Assert.Equal(2, pages);
        var byDefault = await _wire.Ok(Ajax + "logged-models/search", $$"""{"experiment_ids": ["{{exp}}"], "filter": "name = 'b'"}""");
        Assert.Equal("b", byDefault.GetProperty("models").EnumerateArray().Single().GetProperty("info").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Run_outputs_inputs_and_model_metrics_show_on_runs_get()
    {
        var (exp, run) = await NewRun();
        string made = Id(await Create(exp, $$""", "source_run_id": "{{run}}" """)), used = Id(await Create(exp));
        Assert.Equal("{}", (await _wire.Ok(Api + "runs/outputs", $$"""{"run_id": "{{run}}", "models": [{"model_id": "{{made}}", "step": 7}]}""")).GetRawText());
        await _wire.Ok(Ajax + "runs/log-inputs", $$"""{"run_id": "{{run}}", "models": [{"model_id": "{{used}}"}]}""");
        await _wire.Ok(Api + "runs/log-batch", $$"""
            {"run_id": "{{run}}", "metrics": [{"key": "sharpe", "value": 1.5, "timestamp": 5, "step": 2, "model_id": "{{made}}"}]}
            """);
        var json = await _wire.Run(run);
        Assert.Equal($$"""{"model_inputs":[{"model_id":"{{used}}"}]}""", json.GetProperty("inputs").GetRawText());
        Assert.Equal($$"""{"model_outputs":[{"model_id":"{{made}}","step":7}]}""", json.GetProperty("outputs").GetRawText());
        var metric = (await _wire.OkGet($"{Api}logged-models/{made}")).GetProperty("model").GetProperty("data").GetProperty("metrics").EnumerateArray().Single();
        Assert.Equal($$"""{"key":"sharpe","value":1.5,"timestamp":5,"step":2,"run_id":"{{run}}","model_id":"{{made}}"}""", metric.GetRawText());
        WireClient.AssertError(await _wire.Post(Api + "runs/outputs", $$"""{"run_id": "{{run}}", "models": [{"step": 1}]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "model_id");
    }

    [Fact]
    public async Task Artifact_directories_list_files_under_the_model_artifact_root()
    {
        var (exp, _) = await NewRun();
        string id = Id(await Create(exp));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("flavors: {}\n"));
        using var put = await fixture.Server.Http.PutAsync($"api/2.0/mlflow-artifacts/artifacts/{exp}/models/{id}/artifacts/MLmodel", content);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var body = await _wire.OkGet($"{Api}logged-models/{id}/artifacts/directories");
        Assert.Equal($"mlflow-artifacts:/{exp}/models/{id}/artifacts", body.GetProperty("root_uri").GetString());
        var file = body.GetProperty("files").EnumerateArray().Single();
        Assert.Equal("MLmodel", file.GetProperty("path").GetString());
        Assert.False(file.GetProperty("is_dir").GetBoolean());
        Assert.Equal(12, file.GetProperty("file_size").GetInt64());
    }
}
