using System.Net;
using System.Text;
using System.Text.Json;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Api;

/// <summary><c>GET /api/quarry/models/{name}/transitions</c> over a real server: the registry's stage history as JSON.</summary>
public sealed class TransitionsApiTests : IAsyncLifetime
{
    RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    async Task Post(string path, object body)
    {
        var response = await _server.Http.PostAsync("api/2.0/mlflow/" + path,
            new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> Get(string pathAndQuery)
    {
        var response = await _server.Http.GetAsync(pathAndQuery);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    static List<(string, string, string)> Steps(JsonElement body) =>
        [.. body.GetProperty("transitions").EnumerateArray().Select(t =>
            (t.GetProperty("version").GetString()!, t.GetProperty("from_stage").GetString()!, t.GetProperty("to_stage").GetString()!))];

    [Fact]
    public async Task Transitions_lists_every_stage_change_oldest_first_and_filters_by_version()
    {
        await Post("registered-models/create", new { name = "carry-history" });
        var run = await ArtifactRuns.CreateAsync(_server);
        for (int i = 0; i < 2; i++)
            await Post("model-versions/create", new { name = "carry-history", source = $"runs:/{run.RunId}/model", run_id = run.RunId });
        var (status, empty) = await Get("api/quarry/models/carry-history/transitions");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(empty.GetProperty("transitions").EnumerateArray());

        await Post("model-versions/transition-stage", new { name = "carry-history", version = "1", stage = "Production", archive_existing_versions = false });
        await Post("model-versions/transition-stage", new { name = "carry-history", version = "2", stage = "Production", archive_existing_versions = true });

        var (_, all) = await Get("api/quarry/models/carry-history/transitions");
        // Version 2's promotion archives version 1; both changes are recorded.
        var steps = Steps(all);
        Assert.Equal(("1", "None", "Production"), steps[0]);
        Assert.Equal(3, steps.Count);
        Assert.Contains(("2", "None", "Production"), steps);
        Assert.Contains(("1", "Production", "Archived"), steps);
        foreach (var t in all.GetProperty("transitions").EnumerateArray())
            Assert.Equal(JsonValueKind.Number, t.GetProperty("timestamp").ValueKind);

        var (_, one) = await Get("api/quarry/models/carry-history/transitions?version=1");
        Assert.Equal([("1", "None", "Production"), ("1", "Production", "Archived")], Steps(one));
    }

    [Fact]
    public async Task Transitions_of_an_unknown_model_or_version_is_RESOURCE_DOES_NOT_EXIST()
    {
        var (status, body) = await Get("api/quarry/models/no-such-model/transitions");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", body.GetProperty("error_code").GetString());

        await Post("registered-models/create", new { name = "lonely-model" });
        (status, body) = await Get("api/quarry/models/lonely-model/transitions?version=7");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", body.GetProperty("error_code").GetString());
    }
}
