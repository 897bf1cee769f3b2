using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Tracking.Registry;

namespace Quarry.Tracking.Tests.Registry;

/// <summary>Model versions: numbering, fields, tags, stages, transition history, deletion.</summary>
public abstract partial class RegistryStoreContract
{
    [Fact]
    public async Task CreateModelVersion_numbers_from_1_with_stage_None_and_status_Ready()
    {
        var store = CreateStore();
        string name = Unique("model");
        var model = await store.CreateRegisteredModelAsync(name);
        var v1 = await store.CreateModelVersionAsync(name, "mlflow-artifacts:/1/abc/artifacts/model", "0123456789abcdef0123456789abcdef",
            Tags(("fold", "3")), "http://ui/runs/abc", "first cut", "alice");
        Assert.Equal((name, "1", ModelStage.None, ModelVersionStatus.Ready), (v1.Name, v1.Version, v1.CurrentStage, v1.Status));
        Assert.Equal(("mlflow-artifacts:/1/abc/artifacts/model", "0123456789abcdef0123456789abcdef", "http://ui/runs/abc", "first cut", "alice"),
            (v1.Source, v1.RunId, v1.RunLink, v1.Description, v1.UserId));
        Assert.Equal(Tags(("fold", "3")), v1.Tags);
        Assert.Null(v1.StatusMessage);
        Assert.Empty(v1.Aliases);
        Assert.True(v1.CreationTimestamp > model.CreationTimestamp);

        var v2 = await store.CreateModelVersionAsync(name, "runs:/r/model");
        Assert.Equal("2", v2.Version);
        Assert.Null(v2.RunId);
        Assert.Null(v2.RunLink);
        Assert.Null(v2.Description);
        var after = await store.GetRegisteredModelAsync(name);
        Assert.Equal(v2.CreationTimestamp, after.LastUpdatedTimestamp);
        Assert.Equal("2", Assert.Single(after.LatestVersions).Version);

        var got = await store.GetModelVersionAsync(name, "1");
        Assert.Equal((v1.Source, v1.RunId, v1.CreationTimestamp), (got.Source, got.RunId, got.CreationTimestamp));
    }

    [Fact]
    public async Task CreateModelVersion_errors_name_what_is_wrong()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        var e = await Throws(ErrorCode.NotFound, () => store.CreateModelVersionAsync(Unique("missing"), "runs:/r/model"));
        Assert.Contains("Registered Model with name=", e.Message, StringComparison.Ordinal);
        await Throws(ErrorCode.InvalidParameter, () => store.CreateModelVersionAsync(name, ""));
        await Throws(ErrorCode.InvalidParameter, () => store.CreateModelVersionAsync(name, "/data/models/../secrets"));
        await Throws(ErrorCode.InvalidParameter, () => store.CreateModelVersionAsync(name, "s3://bucket/a/%2E%2E/b"));
        await Throws(ErrorCode.InvalidParameter, () => store.CreateModelVersionAsync(name, "runs:/r/model", tags: Tags(("k", new string('v', 5001)))));
        Assert.Empty((await store.GetRegisteredModelAsync(name)).LatestVersions);
        Assert.Equal("1", (await store.CreateModelVersionAsync(name, "runs:/r/model..v2")).Version);
    }

    [Fact]
    public async Task Version_numbers_are_never_reused_after_a_delete()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        await store.CreateModelVersionAsync(name, "runs:/a/model");
        await store.CreateModelVersionAsync(name, "runs:/b/model");
        await store.DeleteModelVersionAsync(name, "2");
        await Throws(ErrorCode.NotFound, () => store.GetModelVersionAsync(name, "2"));
        await Throws(ErrorCode.NotFound, () => store.DeleteModelVersionAsync(name, "2"));
        Assert.Equal("3", (await store.CreateModelVersionAsync(name, "runs:/c/model")).Version);
        Assert.Equal(["3", "1"], (await store.SearchModelVersionsAsync($"name = '{name}'", 10, null, null)).Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Concurrent_version_creates_get_distinct_consecutive_numbers()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        const int writers = 24;
        var errors = new ConcurrentQueue<Exception>();
        var versions = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            try { versions.Add((await store.CreateModelVersionAsync(name, $"runs:/r{i}/model")).Version); }
            catch (Exception e) { errors.Enqueue(e); }
        })));
        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(1, writers).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            versions.OrderBy(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
        var stored = (await store.SearchModelVersionsAsync($"name = '{name}'", 100, ["version_number ASC"], null)).Versions;
        Assert.Equal(writers, stored.Select(v => v.Source).Distinct().Count());
        Assert.Equal("25", (await store.CreateModelVersionAsync(name, "runs:/last/model")).Version);
    }

    [Fact]
    public async Task GetModelVersion_and_UpdateModelVersion_errors()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        var v1 = await store.CreateModelVersionAsync(name, "runs:/r/model", description: "old");
        var updated = await store.UpdateModelVersionAsync(name, "1", "new");
        Assert.Equal("new", updated.Description);
        Assert.True(updated.LastUpdatedTimestamp > v1.LastUpdatedTimestamp);
        Assert.Null((await store.UpdateModelVersionAsync(name, "1", null)).Description);
        Assert.Contains("must be an integer", (await Throws(ErrorCode.InvalidParameter, () => store.GetModelVersionAsync(name, "one"))).Message);
        await Throws(ErrorCode.InvalidParameter, () => store.GetModelVersionAsync(name, "-1"));
        var e = await Throws(ErrorCode.NotFound, () => store.GetModelVersionAsync(name, "7"));
        Assert.Contains($"Model Version (name={name}, version=7) not found", e.Message, StringComparison.Ordinal);
        await Throws(ErrorCode.NotFound, () => store.GetModelVersionAsync(Unique("missing"), "1"));
        await Throws(ErrorCode.NotFound, () => store.UpdateModelVersionAsync(name, "7", "x"));
        await Throws(ErrorCode.NotFound, () => store.UpdateModelVersionAsync(Unique("missing"), "1", "x"));
    }

    [Fact]
    public async Task Model_version_tags_upsert_delete_and_errors()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        await store.CreateModelVersionAsync(name, "runs:/r/model");
        await store.CreateModelVersionAsync(name, "runs:/s/model");
        await store.SetModelVersionTagAsync(name, "1", "validated", "no");
        await store.SetModelVersionTagAsync(name, "1", "validated", "yes");
        Assert.Equal(Tags(("validated", "yes")), (await store.GetModelVersionAsync(name, "1")).Tags);
        Assert.Empty((await store.GetModelVersionAsync(name, "2")).Tags);
        await store.DeleteModelVersionTagAsync(name, "1", "validated");
        Assert.Empty((await store.GetModelVersionAsync(name, "1")).Tags);
        await Throws(ErrorCode.NotFound, () => store.DeleteModelVersionTagAsync(name, "1", "validated"));
        await Throws(ErrorCode.NotFound, () => store.SetModelVersionTagAsync(name, "9", "k", "v"));
        await Throws(ErrorCode.NotFound, () => store.DeleteModelVersionTagAsync(name, "9", "k"));
        await Throws(ErrorCode.NotFound, () => store.SetModelVersionTagAsync(Unique("missing"), "1", "k", "v"));
        await Throws(ErrorCode.InvalidParameter, () => store.SetModelVersionTagAsync(name, "1", new string('k', 251), "v"));
        await Throws(ErrorCode.InvalidParameter, () => store.SetModelVersionTagAsync(name, "1", "k", new string('v', 5001)));
        await Throws(ErrorCode.InvalidParameter, () => store.SetModelVersionTagAsync(name, "x", "k", "v"));
    }

    [Fact]
    public async Task TransitionStage_with_archive_existing_moves_the_others_and_records_every_change()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        for (int i = 0; i < 4; i++) await store.CreateModelVersionAsync(name, $"runs:/r{i}/model");
        await store.TransitionStageAsync(name, "1", ModelStage.Production, false, "alice");
        await store.TransitionStageAsync(name, "2", ModelStage.Production, false, "alice");
        await store.TransitionStageAsync(name, "3", ModelStage.Staging, false, "alice");

        var v4 = await store.TransitionStageAsync(name, "4", ModelStage.Production, true, "bob");
        Assert.Equal(ModelStage.Production, v4.CurrentStage);
        var stages = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => store.GetModelVersionAsync(name, i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal([ModelStage.Archived, ModelStage.Archived, ModelStage.Staging, ModelStage.Production], stages.Select(v => v.CurrentStage));

        var history = await store.GetTransitionHistoryAsync(name);
        Assert.Equal(
        [
            ("1", ModelStage.None, ModelStage.Production, "alice"), ("2", ModelStage.None, ModelStage.Production, "alice"),
            ("3", ModelStage.None, ModelStage.Staging, "alice"), ("4", ModelStage.None, ModelStage.Production, "bob"),
            ("1", ModelStage.Production, ModelStage.Archived, "bob"), ("2", ModelStage.Production, ModelStage.Archived, "bob"),
        ], history.Select(h => (h.Version, h.FromStage, h.ToStage, h.UserId)));
        Assert.Equal(history[3].Timestamp, history[5].Timestamp); // one transaction, one instant
        Assert.True(history[0].Timestamp < history[1].Timestamp);
        Assert.Equal([(ModelStage.None, ModelStage.Production), (ModelStage.Production, ModelStage.Archived)],
            (await store.GetTransitionHistoryAsync(name, "1")).Select(h => (h.FromStage, h.ToStage)));
    }

    [Fact]
    public async Task TransitionStage_to_the_same_stage_records_nothing_and_errors_are_typed()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        await store.CreateModelVersionAsync(name, "runs:/r/model");
        var before = await store.GetModelVersionAsync(name, "1");
        var same = await store.TransitionStageAsync(name, "1", ModelStage.None, false);
        Assert.True(same.LastUpdatedTimestamp > before.LastUpdatedTimestamp);
        Assert.Empty(await store.GetTransitionHistoryAsync(name));

        var e = await Throws(ErrorCode.InvalidParameter, () => store.TransitionStageAsync(name, "1", ModelStage.Archived, true));
        Assert.Contains("Staging, Production", e.Message, StringComparison.Ordinal);
        await Throws(ErrorCode.InvalidParameter, () => store.TransitionStageAsync(name, "1", ModelStage.None, true));
        await Throws(ErrorCode.InvalidParameter, () => store.TransitionStageAsync(name, "1", (ModelStage)42, false));
        await Throws(ErrorCode.NotFound, () => store.TransitionStageAsync(name, "2", ModelStage.Staging, false));
        await Throws(ErrorCode.NotFound, () => store.TransitionStageAsync(Unique("missing"), "1", ModelStage.Staging, false));
        await Throws(ErrorCode.NotFound, () => store.GetTransitionHistoryAsync(name, "2"));
        await Throws(ErrorCode.NotFound, () => store.GetTransitionHistoryAsync(Unique("missing")));
        Assert.Equal(ModelStage.None, (await store.GetModelVersionAsync(name, "1")).CurrentStage);
    }

    [Fact]
    public async Task Latest_versions_hold_the_newest_version_of_each_stage()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        for (int i = 0; i < 6; i++) await store.CreateModelVersionAsync(name, $"runs:/r{i}/model");
        await store.TransitionStageAsync(name, "1", ModelStage.Production, false);
        await store.TransitionStageAsync(name, "3", ModelStage.Production, false);
        await store.TransitionStageAsync(name, "2", ModelStage.Staging, false);
        await store.TransitionStageAsync(name, "4", ModelStage.Archived, false);
        // None: 5, 6 → 6; Staging: 2; Production: 1, 3 → 3; Archived: 4.
        var model = await store.GetRegisteredModelAsync(name);
        Assert.Equal([("6", ModelStage.None), ("2", ModelStage.Staging), ("3", ModelStage.Production), ("4", ModelStage.Archived)],
            model.LatestVersions.Select(v => (v.Version, v.CurrentStage)));
        Assert.Equal(["3"], (await store.GetLatestVersionsAsync(name, [ModelStage.Production])).Select(v => v.Version));
        Assert.Equal(["2", "3"], (await store.GetLatestVersionsAsync(name, [ModelStage.Production, ModelStage.Staging, ModelStage.Production])).Select(v => v.Version));
        Assert.Equal(["6", "2", "3", "4"], (await store.GetLatestVersionsAsync(name)).Select(v => v.Version));
        Assert.Equal(["6", "2", "3", "4"], (await store.GetLatestVersionsAsync(name, [])).Select(v => v.Version));

        await store.DeleteModelVersionAsync(name, "3");
        Assert.Equal(["1"], (await store.GetLatestVersionsAsync(name, [ModelStage.Production])).Select(v => v.Version));
        await Throws(ErrorCode.NotFound, () => store.GetLatestVersionsAsync(Unique("missing")));
    }

    [Theory]
    [InlineData("production", ModelStage.Production)]
    [InlineData("STAGING", ModelStage.Staging)]
    [InlineData("None", ModelStage.None)]
    [InlineData("archived", ModelStage.Archived)]
    public void Stage_names_are_case_insensitive_on_input_and_canonical_on_output(string input, ModelStage expected)
    {
        Assert.Equal(expected, ModelStages.Parse(input));
        Assert.Equal(expected.ToString(), ModelStages.Name(expected));
    }

    [Theory]
    [InlineData("Deleted_Internal")]
    [InlineData("prod")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_stage_names_throw_InvalidParameter(string? input)
    {
        var e = Assert.Throws<QuarryException>(() => ModelStages.Parse(input));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("None, Staging, Production, Archived", e.Message, StringComparison.Ordinal);
    }
}
