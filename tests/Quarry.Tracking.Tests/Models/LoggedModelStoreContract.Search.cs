using Quarry.Core;
using Quarry.Tracking.Models;
using Quarry.Tracking.Tests.Support;

namespace Quarry.Tracking.Tests.Models;

/// <summary>SearchLoggedModels: filter, order_by, paging.</summary>
public abstract partial class LoggedModelStoreContract
{
    /// <summary>Three models in a fresh experiment: alpha (sharpe 1.5, fast=10, tag team=quant), beta (sharpe 0.5 then 2.5, fast=20), gamma (no metric).</summary>
    async Task<(ILoggedModelStore Models, string Exp, string Alpha, string Beta, string Gamma)> ThreeModels()
    {
        var (tracking, models, exp, runId) = await NewRun();
        var alpha = await models.CreateLoggedModelAsync(new NewLoggedModel(exp)
            { Name = "alpha", ModelType = "strategy", Params = [new Param("fast", "10")], Tags = [new RunTag("team", "quant")] });
        var beta = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "beta", Params = [new Param("fast", "20")] });
        var gamma = await models.CreateLoggedModelAsync(new NewLoggedModel(exp) { Name = "Gamma", Tags = [new RunTag("team", "risk")] });
        await tracking.LogBatchAsync(runId, [
            new Metric("sharpe", 1.5, 1000, 0) { ModelId = alpha.ModelId },
            new Metric("sharpe", 0.5, 1000, 0) { ModelId = beta.ModelId },
            new Metric("sharpe", 2.5, 2000, 1) { ModelId = beta.ModelId },
        ], null, null);
        await models.FinalizeLoggedModelAsync(alpha.ModelId, LoggedModelStatus.Ready);
        return (models, exp, alpha.ModelId, beta.ModelId, gamma.ModelId);
    }

    async Task<List<string>> Names(ILoggedModelStore models, string exp, string? filter, params LoggedModelOrder[] order) =>
        [.. (await models.SearchLoggedModelsAsync([exp], filter, order, 100, null)).Models.Select(m => m.Name)];

    [Fact]
    public async Task Search_filters_on_attributes_params_tags_and_latest_metrics()
    {
        var (models, exp, _, _, _) = await ThreeModels();
        var byName = new LoggedModelOrder("name");
        Assert.Equal(["alpha"], await Names(models, exp, "name = 'alpha'", byName));
        Assert.Equal(["Gamma", "beta"], await Names(models, exp, "name != 'alpha'", byName));
        Assert.Equal(["Gamma"], await Names(models, exp, "name ILIKE 'g%'", byName));
        Assert.Equal(["alpha"], await Names(models, exp, "model_type = 'strategy'", byName));
        Assert.Equal(["alpha"], await Names(models, exp, "status = 'READY'", byName));
        Assert.Equal(["beta"], await Names(models, exp, "params.fast = '20'", byName));
        Assert.Equal(["alpha"], await Names(models, exp, "tags.team = 'quant'", byName));
        Assert.Equal(["Gamma"], await Names(models, exp, "tags.team LIKE 'r%'", byName));
        // beta's latest sharpe is 2.5 (step 1), not 0.5; gamma has none, so no comparison holds for it.
        Assert.Equal(["beta"], await Names(models, exp, "metrics.sharpe > 2", byName));
        Assert.Equal(["alpha", "beta"], await Names(models, exp, "metrics.sharpe >= 1.5", byName));
        Assert.Empty(await Names(models, exp, "metrics.sharpe < 1"));
        Assert.Equal(["alpha"], await Names(models, exp, "metrics.sharpe < 2 AND params.fast = '10'"));
    }

    [Fact]
    public async Task Search_orders_by_attributes_and_metrics_with_missing_metrics_last()
    {
        var (models, exp, _, _, _) = await ThreeModels();
        Assert.Equal(["Gamma", "alpha", "beta"], await Names(models, exp, null, new LoggedModelOrder("name")));
        Assert.Equal(["beta", "alpha", "Gamma"], await Names(models, exp, null, new LoggedModelOrder("name", Ascending: false)));
        Assert.Equal(["beta", "alpha", "Gamma"], await Names(models, exp, null, new LoggedModelOrder("metrics.sharpe", Ascending: false)));
        Assert.Equal(["alpha", "beta", "Gamma"], await Names(models, exp, null, new LoggedModelOrder("metrics.sharpe")));
        var page = await models.SearchLoggedModelsAsync([exp], null, null, 100, null);
        var expected = page.Models.OrderByDescending(m => m.CreationTimestamp).ThenBy(m => m.ModelId, StringComparer.Ordinal).Select(m => m.ModelId);
        Assert.Equal(expected, page.Models.Select(m => m.ModelId));
    }

    [Fact]
    public async Task Search_pages_with_tokens_and_covers_every_model_once()
    {
        var (models, exp, alpha, beta, gamma) = await ThreeModels();
        var all = await Paging.AllPages(async token =>
        {
            var page = await models.SearchLoggedModelsAsync([exp], null, [new LoggedModelOrder("name")], 2, token);
            return (page.Models.Select(m => m.ModelId), page.NextPageToken);
        }, 2);
        Assert.Equal([gamma, alpha, beta], all);
    }

    [Fact]
    public async Task Search_rejects_bad_filters_orders_tokens_and_sizes()
    {
        var (models, exp, _, _, _) = await ThreeModels();
        await Throws(ErrorCode.InvalidParameter, () => models.SearchLoggedModelsAsync([exp], "name = ", null, 10, null));
        await Throws(ErrorCode.InvalidParameter, () => models.SearchLoggedModelsAsync([exp], "nmae = 'a'", null, 10, null));
        await Throws(ErrorCode.InvalidParameter, () => models.SearchLoggedModelsAsync([exp], "metrics.sharpe > 'x'", null, 10, null));
        await Throws(ErrorCode.InvalidParameter, () => models.SearchLoggedModelsAsync([exp], null, [new LoggedModelOrder("colour")], 10, null));
        await Throws(ErrorCode.InvalidParameter, () => models.SearchLoggedModelsAsync([exp], null, null, 10, "not-a-token"));
        await Throws(ErrorCode.InvalidParameter, () => models.SearchLoggedModelsAsync([exp], null, null, 0, null));
        await Throws(ErrorCode.InvalidParameter, () => models.SearchLoggedModelsAsync([], null, null, 10, null));
    }

    [Fact]
    public async Task Search_spans_the_given_experiments_only()
    {
        var (models, exp, _, _, _) = await ThreeModels();
        var (tracking, _) = CreateStores();
        var other = await tracking.CreateExperimentAsync(Unique("lm-other"));
        var elsewhere = await models.CreateLoggedModelAsync(new NewLoggedModel(other) { Name = "elsewhere" });
        Assert.Equal([elsewhere.ModelId], (await models.SearchLoggedModelsAsync([other], null, null, 10, null)).Models.Select(m => m.ModelId));
        Assert.Equal(4, (await models.SearchLoggedModelsAsync([exp, other], null, null, 10, null)).Models.Count);
        Assert.Empty((await models.SearchLoggedModelsAsync(["987654321"], null, null, 10, null)).Models);
    }
}
