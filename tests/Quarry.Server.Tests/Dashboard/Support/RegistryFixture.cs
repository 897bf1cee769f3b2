using Quarry.Server.Tests.Support;
using Quarry.Tracking;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Storage;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// A real Quarry server over its own SQLite file (so registry tests add runs without changing the lab's counts), seeded
/// through the store: two source runs with hand-picked metrics, params and <c>importance.*</c> metrics, and three models —
/// <see cref="Ranker"/> (v1 Archived, v2 Production with alias champion, v3 Staging), <see cref="Carry"/> (one version,
/// None), <see cref="Html"/> (a name that must be encoded) and <see cref="PagingModels"/> bare models.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string Ranker = "alpha-ranker", Carry = "beta-carry", Html = "gamma <b>bold</b> & 'quoted'";
    /// <summary>Models named <c>zz-p-00</c>… that fill more than one page of <c>/models</c>.</summary>
    public const int PagingModels = 55;
    public const string RankerDescription = "Ranks equities by expected 20-day return";
    RunningServer? _server;
    string? _dir;

    internal RunningServer Server => _server ?? throw new InvalidOperationException("The fixture is not started.");
    internal WireClient Wire => new(Server.Http);
    public string RunV1 { get; private set; } = "";
    public string RunV2 { get; private set; } = "";

    public async Task InitializeAsync()
    {
        string dir = _dir = Path.Combine(Path.GetTempPath(), "quarry-registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string store = "sqlite:" + Path.Combine(dir, "tracking.db");
        using (var db = TrackingDatabase.Open(store))
            await SeedAsync(db.Tracking, db.Registry);
        _server = await RunningServer.StartAsync(o => o with { Store = store });
    }

    async Task SeedAsync(ITrackingStore tracking, IModelRegistryStore registry)
    {
        for (int i = 0; i < PagingModels; i++) await registry.CreateRegisteredModelAsync($"zz-p-{i:00}");
        string experiment = await tracking.CreateExperimentAsync("Models.Lab");
        RunV1 = await Run(tracking, experiment, "rf-v1", 1.1, [("momentum", 0.5), ("volatility", 0.3), ("carry", 0.2)], "4");
        RunV2 = await Run(tracking, experiment, "rf-v2", 1.4, [("momentum", 0.25), ("volatility", 0.6), ("carry", 0.15)], "6");
        await registry.CreateRegisteredModelAsync(Ranker, new Dictionary<string, string> { ["team"] = "quant-a" }, RankerDescription, "ana");
        await registry.CreateModelVersionAsync(Ranker, $"runs:/{RunV1}/model", RunV1, userId: "ana");
        await registry.CreateModelVersionAsync(Ranker, $"runs:/{RunV2}/model", RunV2, new Dictionary<string, string> { ["validated"] = "yes" }, userId: "ana");
        await registry.CreateModelVersionAsync(Ranker, $"runs:/{RunV2}/model-b", RunV2, userId: "bo");
        await registry.TransitionStageAsync(Ranker, "1", ModelStage.Production, false, "ana");
        await registry.TransitionStageAsync(Ranker, "2", ModelStage.Production, true, "ana");
        await registry.TransitionStageAsync(Ranker, "3", ModelStage.Staging, false, "bo");
        await registry.SetAliasAsync(Ranker, "champion", "2");
        await registry.CreateRegisteredModelAsync(Carry, new Dictionary<string, string> { ["team"] = "macro" }, "Term-structure carry");
        await registry.CreateModelVersionAsync(Carry, "mlflow-artifacts:/carry/model");
        await registry.CreateRegisteredModelAsync(Html, null, "<script>alert(1)</script>");
    }

    static async Task<string> Run(ITrackingStore store, string experimentId, string name, double sharpe, (string Feature, double Value)[] importances, string depth)
    {
        const long t = 1_700_000_000_000L;
        var run = await store.CreateRunAsync(experimentId, "ana", t, name);
        var metrics = new List<Metric> { new("sharpe", sharpe, t), new("cagr", sharpe / 10, t) };
        metrics.AddRange(importances.Select(i => new Metric("importance." + i.Feature, i.Value, t)));
        await store.LogBatchAsync(run.Info.RunId, metrics, [new Param("depth", depth), new Param("trees", "200")], []);
        await store.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, t + 60_000);
        return run.Info.RunId;
    }

    /// <summary>A new model with a unique name and <paramref name="versions"/> versions from <see cref="RunV1"/>; its name.</summary>
    internal async Task<string> NewModelAsync(int versions, string? productionVersion = null)
    {
        string name = "m-" + Guid.NewGuid().ToString("N")[..10];
        await Wire.Ok("api/2.0/mlflow/registered-models/create", $$"""{"name": "{{name}}"}""");
        for (int i = 0; i < versions; i++)
            await Wire.Ok("api/2.0/mlflow/model-versions/create", $$"""{"name": "{{name}}", "source": "runs:/{{RunV1}}/model", "run_id": "{{RunV1}}"}""");
        if (productionVersion is not null)
            await Wire.Ok("api/2.0/mlflow/model-versions/transition-stage",
                $$"""{"name": "{{name}}", "version": "{{productionVersion}}", "stage": "Production", "archive_existing_versions": false}""");
        return name;
    }

    /// <summary>The stage of a version, read back over MLflow's REST API.</summary>
    internal async Task<string> StageAsync(string name, string version) =>
        (await Wire.OkGet($"api/2.0/mlflow/model-versions/get?name={name}&version={version}")).GetProperty("model_version").GetProperty("current_stage").GetString()!;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_dir is not null) try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
