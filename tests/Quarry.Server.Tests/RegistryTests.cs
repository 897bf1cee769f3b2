using System.Net;
using System.Text;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests;

/// <summary>The model registry over raw HTTP, as the MLflow Python client calls it (JSON bodies on POST, PATCH and DELETE).</summary>
public sealed class RegistryTests : IAsyncLifetime
{
    const string Api = "api/2.0/mlflow/";
    RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, object? body = null, string prefix = Api)
    {
        var request = new HttpRequestMessage(method, prefix + path);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        var response = await _server.Http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    async Task<JsonElement> Ok(HttpMethod method, string path, object? body = null, string prefix = Api)
    {
        var (status, json) = await Send(method, path, body, prefix);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {json}");
        return json;
    }

    Task<JsonElement> Post(string path, object body) => Ok(HttpMethod.Post, path, body);

    Task<JsonElement> Get(string pathAndQuery) => Ok(HttpMethod.Get, pathAndQuery);

    static string[] Names(JsonElement array, string property) => [.. array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!)];

    async Task<string> CreateVersion(string model, string runId, string path = "model") =>
        (await Post("model-versions/create", new { name = model, source = $"runs:/{runId}/{path}", run_id = runId }))
            .GetProperty("model_version").GetProperty("version").GetString()!;

    [Fact]
    public async Task A_model_and_its_versions_come_back_as_MLflow_writes_them()
    {
        var created = (await Post("registered-models/create", new
        {
            name = "fx-carry",
            description = "G10 carry",
            tags = new[] { new { key = "desk", value = "fx" }, new { key = "owner", value = "alice" } },
        })).GetProperty("registered_model");
        Assert.Equal("fx-carry", created.GetProperty("name").GetString());
        Assert.Equal("G10 carry", created.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Number, created.GetProperty("creation_timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Number, created.GetProperty("last_updated_timestamp").ValueKind);
        Assert.Equal(["desk", "owner"], Names(created.GetProperty("tags"), "key"));
        // Empty fields are omitted, not null or [].
        Assert.False(created.TryGetProperty("latest_versions", out _));
        Assert.False(created.TryGetProperty("aliases", out _));
        Assert.False(created.TryGetProperty("user_id", out _));

        var run = await ArtifactRuns.CreateAsync(_server);
        var version = (await Post("model-versions/create", new
        {
            name = "fx-carry",
            source = $"runs:/{run.RunId}/model",
            run_id = run.RunId,
            tags = new[] { new { key = "framework", value = "quarry" } },
        })).GetProperty("model_version");
        Assert.Equal("1", version.GetProperty("version").GetString());
        Assert.Equal("None", version.GetProperty("current_stage").GetString());
        Assert.Equal("READY", version.GetProperty("status").GetString());
        Assert.Equal($"runs:/{run.RunId}/model", version.GetProperty("source").GetString());
        Assert.Equal(run.RunId, version.GetProperty("run_id").GetString());
        Assert.Equal("quarry", version.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.False(version.TryGetProperty("description", out _));
        Assert.False(version.TryGetProperty("aliases", out _));
        Assert.Equal("2", await CreateVersion("fx-carry", run.RunId));

        var model = (await Get("registered-models/get?name=fx-carry")).GetProperty("registered_model");
        var latest = model.GetProperty("latest_versions").EnumerateArray().Single();
        Assert.Equal("2", latest.GetProperty("version").GetString());
        Assert.Equal("None", latest.GetProperty("current_stage").GetString());
    }

    [Fact]
    public async Task Transition_with_archive_existing_versions_archives_the_previous_production_version()
    {
        await Post("registered-models/create", new { name = "momentum" });
        var run = await ArtifactRuns.CreateAsync(_server);
        for (int i = 0; i < 3; i++) await CreateVersion("momentum", run.RunId);

        var v1 = (await Post("model-versions/transition-stage", new { name = "momentum", version = "1", stage = "production", archive_existing_versions = false }))
            .GetProperty("model_version");
        Assert.Equal("Production", v1.GetProperty("current_stage").GetString());
        // Without archiving, two versions may share a stage.
        await Post("model-versions/transition-stage", new { name = "momentum", version = "3", stage = "Production", archive_existing_versions = false });
        Assert.Equal("Production", (await Get("model-versions/get?name=momentum&version=1")).GetProperty("model_version").GetProperty("current_stage").GetString());

        var v2 = (await Post("model-versions/transition-stage", new { name = "momentum", version = 2, stage = "Production", archive_existing_versions = true }))
            .GetProperty("model_version");
        Assert.Equal("Production", v2.GetProperty("current_stage").GetString());
        foreach (var archived in new[] { "1", "3" })
            Assert.Equal("Archived", (await Get($"model-versions/get?name=momentum&version={archived}")).GetProperty("model_version").GetProperty("current_stage").GetString());

        await Post("model-versions/transition-stage", new { name = "momentum", version = "3", stage = "Staging", archive_existing_versions = false });
        var all = (await Post("registered-models/get-latest-versions", new { name = "momentum" })).GetProperty("model_versions");
        Assert.Equal(
            [("Staging", "3"), ("Production", "2"), ("Archived", "1")],
            all.EnumerateArray().Select(v => (v.GetProperty("current_stage").GetString(), v.GetProperty("version").GetString())).OrderBy(p => p.Item2 == "3" ? 0 : p.Item2 == "2" ? 1 : 2));
        var production = (await Get("registered-models/get-latest-versions?name=momentum&stages=Production")).GetProperty("model_versions");
        Assert.Equal("2", production.EnumerateArray().Single().GetProperty("version").GetString());
    }

    [Fact]
    public async Task Transition_needs_a_valid_stage_and_the_archive_flag()
    {
        await Post("registered-models/create", new { name = "strict" });
        await CreateVersion("strict", (await ArtifactRuns.CreateAsync(_server)).RunId);
        var (status, error) = await Send(HttpMethod.Post, "model-versions/transition-stage", new { name = "strict", version = "1", stage = "Live", archive_existing_versions = false });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Live", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        (status, error) = await Send(HttpMethod.Post, "model-versions/transition-stage", new { name = "strict", version = "1", stage = "Staging" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'archive_existing_versions'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        (status, _) = await Send(HttpMethod.Post, "model-versions/transition-stage", new { name = "strict", version = "1", stage = "Staging", archive_existing_versions = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Aliases_point_at_a_version_move_and_are_deleted_with_a_JSON_body()
    {
        await Post("registered-models/create", new { name = "aliased" });
        var run = await ArtifactRuns.CreateAsync(_server);
        await CreateVersion("aliased", run.RunId);
        await CreateVersion("aliased", run.RunId);

        Assert.Equal("{}", (await Post("registered-models/alias", new { name = "aliased", alias = "champion", version = "1" })).GetRawText());
        var champion = (await Get("registered-models/alias?name=aliased&alias=champion")).GetProperty("model_version");
        Assert.Equal("1", champion.GetProperty("version").GetString());
        Assert.Equal(["champion"], champion.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        await Post("registered-models/alias", new { name = "aliased", alias = "champion", version = "2" });
        await Post("registered-models/alias", new { name = "aliased", alias = "challenger", version = "1" });
        var model = (await Get("registered-models/get?name=aliased")).GetProperty("registered_model");
        Assert.Equal([("challenger", "1"), ("champion", "2")],
            model.GetProperty("aliases").EnumerateArray().Select(a => (a.GetProperty("alias").GetString(), a.GetProperty("version").GetString())));

        await Ok(HttpMethod.Delete, "registered-models/alias", new { name = "aliased", alias = "champion" });
        var (status, error) = await Send(HttpMethod.Get, "registered-models/alias?name=aliased&alias=champion");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Update_rename_tags_and_deletes_round_trip()
    {
        await Post("registered-models/create", new { name = "old-name" });
        var run = await ArtifactRuns.CreateAsync(_server);
        await CreateVersion("old-name", run.RunId);

        var updated = (await Ok(HttpMethod.Patch, "registered-models/update", new { name = "old-name", description = "now described" })).GetProperty("registered_model");
        Assert.Equal("now described", updated.GetProperty("description").GetString());
        var renamed = (await Post("registered-models/rename", new { name = "old-name", new_name = "new-name" })).GetProperty("registered_model");
        Assert.Equal("new-name", renamed.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, Api + "registered-models/get?name=old-name", prefix: "")).Status);

        var version = (await Ok(HttpMethod.Patch, "model-versions/update", new { name = "new-name", version = "1", description = "first" })).GetProperty("model_version");
        Assert.Equal("new-name", version.GetProperty("name").GetString());
        Assert.Equal("first", version.GetProperty("description").GetString());

        await Post("registered-models/set-tag", new { name = "new-name", key = "team", value = "rates" });
        await Post("model-versions/set-tag", new { name = "new-name", version = "1", key = "validated", value = "yes" });
        Assert.Equal("rates", (await Get("registered-models/get?name=new-name")).GetProperty("registered_model").GetProperty("tags")[0].GetProperty("value").GetString());
        await Ok(HttpMethod.Delete, "registered-models/delete-tag", new { name = "new-name", key = "team" });
        await Ok(HttpMethod.Delete, "model-versions/delete-tag", new { name = "new-name", version = "1", key = "validated" });
        Assert.False((await Get("registered-models/get?name=new-name")).GetProperty("registered_model").TryGetProperty("tags", out _));
        Assert.False((await Get("model-versions/get?name=new-name&version=1")).GetProperty("model_version").TryGetProperty("tags", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Delete, "model-versions/delete-tag", new { name = "new-name", version = "1", key = "validated" })).Status);

        await Ok(HttpMethod.Delete, "model-versions/delete", new { name = "new-name", version = "1" });
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "model-versions/get?name=new-name&version=1")).Status);
        await Ok(HttpMethod.Delete, "registered-models/delete", new { name = "new-name" });
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "registered-models/get?name=new-name")).Status);
    }

    [Fact]
    public async Task Duplicate_names_are_400_RESOURCE_ALREADY_EXISTS()
    {
        await Post("registered-models/create", new { name = "taken" });
        var (status, error) = await Send(HttpMethod.Post, "registered-models/create", new { name = "taken" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("RESOURCE_ALREADY_EXISTS", error.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Searches_filter_order_and_page()
    {
        var run = await ArtifactRuns.CreateAsync(_server);
        var other = await ArtifactRuns.CreateAsync(_server);
        foreach (var name in new[] { "srch-b", "srch-a", "srch-c", "unrelated" })
        {
            await Post("registered-models/create", new { name, tags = new[] { new { key = "kind", value = name == "srch-c" ? "tree" : "linear" } } });
            await CreateVersion(name, name == "srch-c" ? other.RunId : run.RunId);
        }

        var found = await Get("registered-models/search?filter=" + Uri.EscapeDataString("name LIKE 'srch-%'") + "&order_by=name%20DESC");
        Assert.Equal(["srch-c", "srch-b", "srch-a"], Names(found.GetProperty("registered_models"), "name"));
        var tagged = await Get("registered-models/search?filter=" + Uri.EscapeDataString("tags.kind = 'linear' AND name LIKE 'srch-%'"));
        Assert.Equal(["srch-a", "srch-b"], Names(tagged.GetProperty("registered_models"), "name"));

        var first = await Get("registered-models/search?max_results=2&order_by=name");
        Assert.Equal(["srch-a", "srch-b"], Names(first.GetProperty("registered_models"), "name"));
        var token = first.GetProperty("next_page_token").GetString()!;
        var second = await Get("registered-models/search?max_results=2&order_by=name&page_token=" + Uri.EscapeDataString(token));
        Assert.Equal(["srch-c", "unrelated"], Names(second.GetProperty("registered_models"), "name"));
        Assert.False(second.TryGetProperty("next_page_token", out _));

        var byRun = await Get("model-versions/search?filter=" + Uri.EscapeDataString($"run_id = '{other.RunId}'"));
        Assert.Equal(["srch-c"], Names(byRun.GetProperty("model_versions"), "name"));
        var none = await Get("registered-models/search?filter=" + Uri.EscapeDataString("name = 'nothing'"));
        Assert.Equal("{}", none.GetRawText());
    }

    [Fact]
    public async Task Download_uri_and_UI_artifact_route_resolve_runs_sources_to_the_run_artifacts()
    {
        var run = await ArtifactRuns.CreateAsync(_server);
        string proxied = run.ArtifactUri["mlflow-artifacts:/".Length..];
        var put = await _server.Http.PutAsync($"api/2.0/mlflow-artifacts/artifacts/{proxied}/model/MLmodel", new StringContent("flavors:\n  python_function: {}\n"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await Post("registered-models/create", new { name = "served" });
        await CreateVersion("served", run.RunId);

        var uri = await Get("model-versions/get-download-uri?name=served&version=1");
        Assert.Equal(run.ArtifactUri + "/model", uri.GetProperty("artifact_uri").GetString());

        var file = await _server.Http.GetAsync("model-versions/get-artifact?name=served&version=1&path=MLmodel");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("flavors:\n  python_function: {}\n", await file.Content.ReadAsStringAsync());
        var escape = await _server.Http.GetAsync("model-versions/get-artifact?name=served&version=1&path=..%2F..%2F..%2F..%2Ftracking.db");
        Assert.Equal(HttpStatusCode.BadRequest, escape.StatusCode);
    }

    [Fact]
    public async Task The_ajax_api_prefix_serves_the_same_registry()
    {
        await Ok(HttpMethod.Post, "registered-models/create", new { name = "from-ui" }, "ajax-api/2.0/mlflow/");
        Assert.Equal("from-ui", (await Get("registered-models/get?name=from-ui")).GetProperty("registered_model").GetProperty("name").GetString());
    }
}
