using Quarry.Tracking.Tests.Support;
using Quarry.Core;
using Quarry.Tracking.Registry;

namespace Quarry.Tracking.Tests.Registry;

/// <summary>SearchRegisteredModels and SearchModelVersions (spec mlflow-search.md §3; mlflow-rest.md §5).</summary>
public abstract partial class RegistryStoreContract
{
    [Fact]
    public async Task SearchRegisteredModels_filters_orders_and_pages()
    {
        var store = CreateStore();
        string p = Unique("srch");
        string alpha = p + "-alpha", beta = p + "-beta", gamma = p + "-Gamma", delta = p + "-delta";
        await store.CreateRegisteredModelAsync(alpha, Tags(("team", "quant")));
        await store.CreateRegisteredModelAsync(beta, Tags(("team", "risk")));
        await store.CreateRegisteredModelAsync(gamma);
        await store.CreateRegisteredModelAsync(delta, Tags(("team", "Quant")));
        await store.CreateModelVersionAsync(alpha, "runs:/r/model");
        await store.SetAliasAsync(alpha, "champion", "1");

        async Task<List<string>> Names(string filter, params string[] orderBy) =>
            [.. (await store.SearchRegisteredModelsAsync(filter, 1000, orderBy, null)).Models.Select(m => m.Name)];
        string mine = $"name LIKE '{p}-%'";

        Assert.Equal([gamma, alpha, beta, delta], await Names(mine)); // default: name ASC, by code point
        Assert.Equal([beta], await Names($"name = '{beta}'"));
        Assert.Equal([gamma, alpha, delta], await Names($"name != '{beta}' AND {mine}"));
        Assert.Equal([gamma], await Names($"name ILIKE '{p.ToUpperInvariant()}-GAMMA'"));
        Assert.Empty(await Names($"name LIKE '{p.ToUpperInvariant()}-GAMMA'"));
        Assert.Equal([beta], await Names($"attributes.name LIKE '{p}-_eta'"));
        Assert.Equal([alpha], await Names($"tags.team = 'quant' AND {mine}"));
        Assert.Equal([alpha, delta], await Names($"tag.team ILIKE 'QUANT' AND {mine}"));
        Assert.Equal([beta, delta], await Names($"tags.team != 'quant' AND {mine}")); // gamma has no tag: false
        Assert.Equal([delta, gamma, beta, alpha], await Names(mine, "creation_timestamp DESC"));
        Assert.Equal([alpha, beta, gamma, delta], await Names(mine, "timestamp"));
        Assert.Equal([alpha, delta, gamma, beta], await Names(mine, "last_updated_timestamp DESC")); // alpha changed last
        Assert.Equal([delta, beta, alpha, gamma], await Names(mine, "attribute.name DESC"));

        var found = (await store.SearchRegisteredModelsAsync($"name = '{alpha}'", 10, null, null)).Models.Single();
        Assert.Equal("1", Assert.Single(found.LatestVersions).Version);
        Assert.Equal(Tags(("champion", "1")), found.Aliases);
        Assert.Equal(Tags(("team", "quant")), found.Tags);

        foreach (int size in new[] { 1, 2, 3, 4, 5 })
        {
            var paged = await Paging.AllPages(async token =>
            {
                var page = await store.SearchRegisteredModelsAsync(mine, size, ["creation_timestamp DESC"], token);
                return (page.Models.Select(m => m.Name), page.NextPageToken);
            }, size);
            Assert.Equal([delta, gamma, beta, alpha], paged);
        }
    }

    [Theory]
    [InlineData("run_id = 'x'")]
    [InlineData("version_number = 1")]
    [InlineData("name > 'a'")]
    [InlineData("name = 'a' OR name = 'b'")]
    [InlineData("params.x = 'a'")]
    [InlineData("tags.k > 'a'")]
    [InlineData("name IN ('a')")]
    [InlineData("name = a")]
    [InlineData("name = 1")]
    public async Task SearchRegisteredModels_rejects_filters_outside_its_grammar(string filter)
    {
        var store = CreateStore();
        var e = await Throws(ErrorCode.InvalidParameter, () => store.SearchRegisteredModelsAsync(filter, 10, null, null));
        Assert.Contains("registered model filter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchRegisteredModels_rejects_bad_max_results_order_by_and_tokens()
    {
        var store = CreateStore();
        Assert.Contains("at most 1000", (await Throws(ErrorCode.InvalidParameter, () => store.SearchRegisteredModelsAsync(null, 1001, null, null))).Message);
        await Throws(ErrorCode.InvalidParameter, () => store.SearchRegisteredModelsAsync(null, 0, null, null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchRegisteredModelsAsync(null, 10, ["size"], null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchRegisteredModelsAsync(null, 10, ["version_number"], null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchRegisteredModelsAsync(null, 10, ["name ACS"], null));
        Assert.Contains("duplicate", (await Throws(ErrorCode.InvalidParameter, () =>
            store.SearchRegisteredModelsAsync(null, 10, ["name", "name DESC"], null))).Message);
        Assert.Contains("Invalid page token", (await Throws(ErrorCode.InvalidParameter, () =>
            store.SearchRegisteredModelsAsync(null, 10, null, "not base64"))).Message);
        Assert.NotNull(await store.SearchRegisteredModelsAsync(null, RegistrySearchLimits.MaxModelsMaxResults, null, null));
    }

    [Fact]
    public async Task SearchModelVersions_filters_orders_and_pages()
    {
        var store = CreateStore();
        string p = Unique("vsrch"), a = p + "-a", b = p + "-b";
        string r1 = Guid.NewGuid().ToString("N"), r2 = Guid.NewGuid().ToString("N"), r3 = Guid.NewGuid().ToString("N");
        await store.CreateRegisteredModelAsync(a);
        await store.CreateRegisteredModelAsync(b);
        await store.CreateModelVersionAsync(a, $"s3://{p}/a/1", r1, Tags(("fold", "1")));
        await store.CreateModelVersionAsync(a, $"s3://{p}/a/2", r2);
        await store.CreateModelVersionAsync(a, "runs:/x/model");
        await store.CreateModelVersionAsync(b, $"s3://{p}/b/1", r1);
        await store.CreateModelVersionAsync(b, $"s3://{p}/b/2", r3);

        async Task<List<string>> Ids(string filter, params string[] orderBy) =>
            [.. (await store.SearchModelVersionsAsync(filter, 1000, orderBy, null)).Versions.Select(v => $"{(v.Name == a ? "a" : "b")}{v.Version}")];
        string mine = $"name LIKE '{p}-%'";

        Assert.Equal(["a3", "a2", "a1", "b2", "b1"], await Ids(mine)); // default: name ASC, version DESC
        Assert.Equal(["a3", "a2", "b2"], await Ids($"version_number > 1 AND {mine}"));
        Assert.Equal(["a2", "b2"], await Ids($"version_number = 2 AND {mine}"));
        Assert.Equal(["a1"], await Ids($"version_number <= 1.5 AND name = '{a}'"));
        Assert.Equal(["a1", "b1"], await Ids($"run_id = '{r1}'"));
        Assert.Equal(["a1", "b2", "b1"], await Ids($"run_id IN ('{r1}', '{r3}')"));
        Assert.Equal(["a2", "b2"], await Ids($"run_id != '{r1}' AND {mine}")); // a3 has no run: false
        Assert.Equal(["a2", "a1"], await Ids($"source_path LIKE 's3://{p}/a/%'"));
        Assert.Equal(["b2", "b1"], await Ids($"source_path ILIKE 'S3://{p.ToUpperInvariant()}/B/%'"));
        Assert.Equal(["a1"], await Ids($"tags.fold = '1' AND {mine}"));
        Assert.Equal(["b2", "b1"], await Ids($"name = '{b}'"));
        Assert.Equal(["a1", "b1", "a2", "b2", "a3"], await Ids(mine, "version_number ASC"));
        Assert.Equal(["b2", "b1", "a3", "a2", "a1"], await Ids(mine, "creation_timestamp DESC"));
        Assert.Equal(["b2", "b1", "a3", "a2", "a1"], await Ids(mine, "name DESC"));

        var one = (await store.SearchModelVersionsAsync($"run_id = '{r3}'", 10, null, null)).Versions.Single();
        Assert.Equal($"s3://{p}/b/2", one.Source);
        foreach (int size in new[] { 1, 2, 4, 5, 6 })
        {
            var paged = await Paging.AllPages(async token =>
            {
                var page = await store.SearchModelVersionsAsync(mine, size, null, token);
                return (page.Versions.Select(v => $"{(v.Name == a ? "a" : "b")}{v.Version}"), page.NextPageToken);
            }, size);
            Assert.Equal(["a3", "a2", "a1", "b2", "b1"], paged);
        }
    }

    [Theory]
    [InlineData("name IN ('a')")]
    [InlineData("version_number = '1'")]
    [InlineData("run_id LIKE 'r%'")]
    [InlineData("source_path > 'a'")]
    [InlineData("metrics.x > 1")]
    [InlineData("version = 1")]
    [InlineData("run_id IN 'a'")]
    public async Task SearchModelVersions_rejects_filters_outside_its_grammar(string filter)
    {
        var store = CreateStore();
        var e = await Throws(ErrorCode.InvalidParameter, () => store.SearchModelVersionsAsync(filter, 10, null, null));
        Assert.Contains("model version filter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchModelVersions_rejects_bad_max_results_and_order_by()
    {
        var store = CreateStore();
        Assert.Contains("at most 200000", (await Throws(ErrorCode.InvalidParameter, () => store.SearchModelVersionsAsync(null, 200_001, null, null))).Message);
        await Throws(ErrorCode.InvalidParameter, () => store.SearchModelVersionsAsync(null, 0, null, null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchModelVersionsAsync(null, 10, ["timestamp"], null));
        await Throws(ErrorCode.InvalidParameter, () => store.SearchModelVersionsAsync(null, 10, ["version_number DESC extra"], null));
        Assert.Contains("Invalid page token", (await Throws(ErrorCode.InvalidParameter, () =>
            store.SearchModelVersionsAsync(null, 10, null, "e30="))).Message);
    }

    [Fact]
    public async Task Prompt_tag_filters_treat_a_missing_tag_as_false_for_models_and_versions()
    {
        var store = CreateStore();
        string p = Unique("prompt"), plain = p + "-plain", prompt = p + "-prompt", notPrompt = p + "-not";
        await store.CreateRegisteredModelAsync(plain);
        await store.CreateRegisteredModelAsync(prompt, Tags(("mlflow.prompt.is_prompt", "true")));
        await store.CreateRegisteredModelAsync(notPrompt, Tags(("mlflow.prompt.is_prompt", "false")));
        async Task<List<string>> Models(string clause) =>
            [.. (await store.SearchRegisteredModelsAsync($"{clause} AND name LIKE '{p}-%'", 100, null, null)).Models.Select(m => m.Name)];
        Assert.Equal([notPrompt, plain], await Models("tags.`mlflow.prompt.is_prompt` = 'false'"));
        Assert.Equal([notPrompt, plain], await Models("tags.`mlflow.prompt.is_prompt` != 'true'"));
        Assert.Equal([prompt], await Models("tags.`mlflow.prompt.is_prompt` = 'true'"));
        Assert.Equal([prompt], await Models("tags.`mlflow.prompt.is_prompt` != 'false'"));
        Assert.Equal([notPrompt], await Models("tags.`mlflow.prompt.is_prompt` LIKE 'f%'"));

        await store.CreateModelVersionAsync(plain, "runs:/a/model");
        await store.CreateModelVersionAsync(plain, "runs:/b/model", tags: Tags(("mlflow.prompt.is_prompt", "true")));
        async Task<List<string>> Versions(string clause) =>
            [.. (await store.SearchModelVersionsAsync($"{clause} AND name = '{plain}'", 100, null, null)).Versions.Select(v => v.Version)];
        Assert.Equal(["1"], await Versions("tags.`mlflow.prompt.is_prompt` = 'false'"));
        Assert.Equal(["1"], await Versions("tags.`mlflow.prompt.is_prompt` != 'true'"));
        Assert.Equal(["2"], await Versions("tags.`mlflow.prompt.is_prompt` = 'true'"));
    }
}
