using Quarry.Core;
using Quarry.Tracking.Registry;

namespace Quarry.Tracking.Tests.Registry;

/// <summary>The behaviour every <see cref="IModelRegistryStore"/> must have (spec mlflow-rest.md §5); one subclass per backend.</summary>
public abstract partial class RegistryStoreContract
{
    /// <summary>A store whose clock reads <paramref name="clock"/> (which moves 1 ms per read).</summary>
    protected abstract IModelRegistryStore CreateStore(TimeProvider clock);

    protected IModelRegistryStore CreateStore() => CreateStore(new SteppingClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    static async Task<QuarryException> Throws(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<QuarryException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    static Dictionary<string, string> Tags(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task CreateRegisteredModel_then_get_returns_what_was_given()
    {
        var store = CreateStore();
        string name = Unique("model");
        var created = await store.CreateRegisteredModelAsync(name, Tags(("team", "quant")), "SMA cross on ORCL", "alice");
        Assert.Equal(name, created.Name);
        Assert.Equal("SMA cross on ORCL", created.Description);
        Assert.Equal("alice", created.UserId);
        Assert.Equal(Tags(("team", "quant")), created.Tags);
        Assert.Empty(created.LatestVersions);
        Assert.Empty(created.Aliases);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds() + 1, created.CreationTimestamp);
        Assert.Equal(created.CreationTimestamp, created.LastUpdatedTimestamp);

        var got = await store.GetRegisteredModelAsync(name);
        Assert.Equal((created.Name, created.Description, created.UserId, created.CreationTimestamp), (got.Name, got.Description, got.UserId, got.CreationTimestamp));
        Assert.Equal(created.Tags, got.Tags);
        var bare = await store.CreateRegisteredModelAsync(Unique("bare"));
        Assert.Null(bare.Description);
        Assert.Null(bare.UserId);
        Assert.Empty(bare.Tags);
    }

    [Fact]
    public async Task CreateRegisteredModel_errors_AlreadyExists_and_InvalidParameter()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        var e = await Throws(ErrorCode.AlreadyExists, () => store.CreateRegisteredModelAsync(name));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        await Throws(ErrorCode.InvalidParameter, () => store.CreateRegisteredModelAsync(""));
        await Throws(ErrorCode.InvalidParameter, () => store.CreateRegisteredModelAsync(Unique("m"), Tags(("bad key!", "v"))));
        await Throws(ErrorCode.InvalidParameter, () => store.CreateRegisteredModelAsync(Unique("m"), Tags(("k", new string('v', 5001)))));
        await Throws(ErrorCode.NotFound, () => store.GetRegisteredModelAsync(Unique("missing")));
    }

    [Fact]
    public async Task UpdateRegisteredModel_sets_and_clears_the_description_and_bumps_last_updated()
    {
        var store = CreateStore();
        string name = Unique("model");
        var created = await store.CreateRegisteredModelAsync(name, description: "first");
        var updated = await store.UpdateRegisteredModelAsync(name, "second");
        Assert.Equal("second", updated.Description);
        Assert.Equal(created.CreationTimestamp, updated.CreationTimestamp);
        Assert.True(updated.LastUpdatedTimestamp > created.LastUpdatedTimestamp);
        Assert.Null((await store.UpdateRegisteredModelAsync(name, "")).Description);
        Assert.Null((await store.UpdateRegisteredModelAsync(name, null)).Description);
        await Throws(ErrorCode.NotFound, () => store.UpdateRegisteredModelAsync(Unique("missing"), "x"));
    }

    [Fact]
    public async Task RenameRegisteredModel_carries_versions_tags_aliases_and_history()
    {
        var store = CreateStore();
        string name = Unique("model"), newName = Unique("renamed"), taken = Unique("taken");
        await store.CreateRegisteredModelAsync(name, Tags(("team", "quant")));
        await store.CreateRegisteredModelAsync(taken);
        await store.CreateModelVersionAsync(name, "runs:/r1/model", tags: Tags(("fold", "1")));
        await store.CreateModelVersionAsync(name, "runs:/r2/model");
        await store.SetAliasAsync(name, "champion", "2");
        await store.TransitionStageAsync(name, "2", ModelStage.Production, false, "bob");

        var renamed = await store.RenameRegisteredModelAsync(name, newName);
        Assert.Equal(newName, renamed.Name);
        Assert.Equal(Tags(("team", "quant")), renamed.Tags);
        Assert.Equal(Tags(("champion", "2")), renamed.Aliases);
        Assert.Equal([(ModelStage.None, "1"), (ModelStage.Production, "2")], renamed.LatestVersions.Select(v => (v.CurrentStage, v.Version)));
        Assert.All(renamed.LatestVersions, v => Assert.Equal(newName, v.Name));
        Assert.Equal(Tags(("fold", "1")), (await store.GetModelVersionAsync(newName, "1")).Tags);
        Assert.Equal("2", (await store.GetVersionByAliasAsync(newName, "champion")).Version);
        var history = Assert.Single(await store.GetTransitionHistoryAsync(newName));
        Assert.Equal((newName, "2", ModelStage.None, ModelStage.Production, "bob"), (history.Name, history.Version, history.FromStage, history.ToStage, history.UserId));
        Assert.Equal("3", (await store.CreateModelVersionAsync(newName, "runs:/r3/model")).Version);

        await Throws(ErrorCode.NotFound, () => store.GetRegisteredModelAsync(name));
        await Throws(ErrorCode.NotFound, () => store.GetModelVersionAsync(name, "1"));
        await Throws(ErrorCode.AlreadyExists, () => store.RenameRegisteredModelAsync(newName, taken));
        await Throws(ErrorCode.NotFound, () => store.RenameRegisteredModelAsync(name, Unique("x")));
        await Throws(ErrorCode.InvalidParameter, () => store.RenameRegisteredModelAsync(newName, ""));
        Assert.Equal(newName, (await store.RenameRegisteredModelAsync(newName, newName)).Name);
    }

    [Fact]
    public async Task DeleteRegisteredModel_is_hard_and_cascades()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name, Tags(("k", "v")));
        await store.CreateModelVersionAsync(name, "runs:/r/model", tags: Tags(("vk", "vv")));
        await store.SetAliasAsync(name, "champion", "1");
        await store.TransitionStageAsync(name, "1", ModelStage.Staging, false);

        await store.DeleteRegisteredModelAsync(name);
        await Throws(ErrorCode.NotFound, () => store.GetRegisteredModelAsync(name));
        await Throws(ErrorCode.NotFound, () => store.GetModelVersionAsync(name, "1"));
        await Throws(ErrorCode.NotFound, () => store.DeleteRegisteredModelAsync(name));
        Assert.Empty((await store.SearchModelVersionsAsync($"name = '{name}'", 10, null, null)).Versions);

        var reborn = await store.CreateRegisteredModelAsync(name);
        Assert.Empty(reborn.Tags);
        Assert.Empty(reborn.Aliases);
        Assert.Empty(reborn.LatestVersions);
        Assert.Empty(await store.GetTransitionHistoryAsync(name));
        var first = await store.CreateModelVersionAsync(name, "runs:/r/model");
        Assert.Equal("1", first.Version);
        Assert.Empty(first.Tags);
        Assert.Empty(first.Aliases);
    }

    [Fact]
    public async Task Registered_model_tags_upsert_delete_and_limits()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        await store.SetRegisteredModelTagAsync(name, "stage.note", "v1");
        await store.SetRegisteredModelTagAsync(name, "stage.note", "v2");
        await store.SetRegisteredModelTagAsync(name, new string('k', 250), new string('v', 5000));
        var tags = (await store.GetRegisteredModelAsync(name)).Tags;
        Assert.Equal("v2", tags["stage.note"]);
        Assert.Equal(5000, tags[new string('k', 250)].Length);

        await store.DeleteRegisteredModelTagAsync(name, "stage.note");
        Assert.DoesNotContain("stage.note", (await store.GetRegisteredModelAsync(name)).Tags.Keys);
        await Throws(ErrorCode.NotFound, () => store.DeleteRegisteredModelTagAsync(name, "stage.note"));
        await Throws(ErrorCode.NotFound, () => store.SetRegisteredModelTagAsync(Unique("missing"), "k", "v"));
        await Throws(ErrorCode.NotFound, () => store.DeleteRegisteredModelTagAsync(Unique("missing"), "k"));
        Assert.Contains("250", (await Throws(ErrorCode.InvalidParameter, () => store.SetRegisteredModelTagAsync(name, new string('k', 251), "v"))).Message);
        Assert.Contains("5000", (await Throws(ErrorCode.InvalidParameter, () => store.SetRegisteredModelTagAsync(name, "k", new string('v', 5001)))).Message);
        await Throws(ErrorCode.InvalidParameter, () => store.SetRegisteredModelTagAsync(name, "", "v"));
        await Throws(ErrorCode.InvalidParameter, () => store.SetRegisteredModelTagAsync(name, "../up", "v"));
    }

    [Fact]
    public async Task Aliases_point_move_and_follow_their_version()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        for (int i = 0; i < 3; i++) await store.CreateModelVersionAsync(name, $"runs:/r{i}/model");
        await store.SetAliasAsync(name, "champion", "1");
        await store.SetAliasAsync(name, "challenger", "2");
        await store.SetAliasAsync(name, "canary-2", "2");
        Assert.Equal("1", (await store.GetVersionByAliasAsync(name, "champion")).Version);
        await store.SetAliasAsync(name, "champion", "3"); // moves
        Assert.Equal("3", (await store.GetVersionByAliasAsync(name, "champion")).Version);
        Assert.Equal(Tags(("champion", "3"), ("challenger", "2"), ("canary-2", "2")), (await store.GetRegisteredModelAsync(name)).Aliases);
        Assert.Equal(["canary-2", "challenger"], (await store.GetModelVersionAsync(name, "2")).Aliases);
        Assert.Empty((await store.GetModelVersionAsync(name, "1")).Aliases);

        await store.DeleteAliasAsync(name, "challenger");
        await store.DeleteAliasAsync(name, "challenger"); // idempotent
        await Throws(ErrorCode.NotFound, () => store.GetVersionByAliasAsync(name, "challenger"));
        await store.DeleteModelVersionAsync(name, "2");
        await Throws(ErrorCode.NotFound, () => store.GetVersionByAliasAsync(name, "canary-2"));
        Assert.Equal(Tags(("champion", "3")), (await store.GetRegisteredModelAsync(name)).Aliases);

        await Throws(ErrorCode.NotFound, () => store.SetAliasAsync(name, "ghost", "2"));
        await Throws(ErrorCode.NotFound, () => store.SetAliasAsync(name, "ghost", "99"));
        await Throws(ErrorCode.NotFound, () => store.SetAliasAsync(Unique("missing"), "ghost", "1"));
        await Throws(ErrorCode.NotFound, () => store.DeleteAliasAsync(Unique("missing"), "ghost"));
        await Throws(ErrorCode.NotFound, () => store.GetVersionByAliasAsync(Unique("missing"), "champion"));
        await Throws(ErrorCode.InvalidParameter, () => store.SetAliasAsync(name, "x", "one"));
    }

    [Theory]
    [InlineData("latest", "reserved")]
    [InlineData("LaTeSt", "reserved")]
    [InlineData("v1", "reserved")]
    [InlineData("V42", "reserved")]
    [InlineData("my alias", "alphanumerics")]
    [InlineData("a.b", "alphanumerics")]
    [InlineData("", "alias")]
    public async Task SetAlias_rejects_reserved_and_malformed_names(string alias, string expected)
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        await store.CreateModelVersionAsync(name, "runs:/r/model");
        var e = await Throws(ErrorCode.InvalidParameter, () => store.SetAliasAsync(name, alias, "1"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAlias_accepts_255_characters_and_names_like_version_words()
    {
        var store = CreateStore();
        string name = Unique("model");
        await store.CreateRegisteredModelAsync(name);
        await store.CreateModelVersionAsync(name, "runs:/r/model");
        foreach (var alias in new[] { new string('a', 255), "v1x", "latest2", "Prod_1-b", "é" })
        {
            await store.SetAliasAsync(name, alias, "1");
            Assert.Equal("1", (await store.GetVersionByAliasAsync(name, alias)).Version);
        }
        Assert.Contains("255", (await Throws(ErrorCode.InvalidParameter, () => store.SetAliasAsync(name, new string('a', 256), "1"))).Message);
    }
}
