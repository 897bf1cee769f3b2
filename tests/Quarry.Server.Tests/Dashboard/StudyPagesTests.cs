using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Quarry.Optimization;
using Quarry.Optimization.Importance;
using Quarry.Optimization.Storage;
using Quarry.Server.Tests.Dashboard.Support;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Dashboard;

[Collection(StudiesCollection.Name)]
public sealed class StudyPagesTests(StudiesFixture fixture)
{
    static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_studies_list_shows_trials_by_state_the_best_and_a_running_badge()
    {
        string running = Unique("list-running"), done = Unique("list-done");
        StudySeed.Write(fixture.Storage, running);
        StudySeed.Write(fixture.Storage, done, finished: true);
        await using var open = await fixture.OpenAsync("/studies");
        var page = open.Page;
        Assert.Equal("Optimization studies · Quarry", await page.TitleAsync());
        Assert.Equal("page", await page.GetAttributeAsync("nav a[href='/studies']", "aria-current"));

        var row = page.Locator($"#studies tr[data-study='{running}'] td");
        // name, direction, trials, complete, pruned, failed, running, best value, best trial, last activity, badge
        var cells = await row.AllInnerTextsAsync();
        Assert.Equal([running, "maximize", "13", "10", "1", "1", "1", "0.9", "#9"], cells.Take(9));
        Assert.Equal("running · 1", cells[10]);
        Assert.Equal("just now", cells[9]);
        var doneCells = await page.Locator($"#studies tr[data-study='{done}'] td").AllInnerTextsAsync();
        Assert.Equal(["12", "0", ""], new[] { doneCells[2], doneCells[6], doneCells[10] });

        await open.ScreenshotAsync("studies");
        open.AssertCleanAndOffline();
        await open.ClickAndWaitAsync($"#studies tr[data-study='{done}'] a.run-link");
        Assert.EndsWith("/studies/" + done, page.Url, StringComparison.Ordinal);
        Assert.Equal(done, await page.InnerTextAsync("h1"));
    }

    [Fact]
    public async Task A_study_page_draws_its_charts_shows_the_importance_and_sorts_trials_by_the_url()
    {
        string name = Unique("page");
        var info = StudySeed.Write(fixture.Storage, name, finished: true);
        await using var open = await fixture.OpenAsync("/studies/" + name);
        var page = open.Page;

        Assert.Equal("12", await page.InnerTextAsync("[data-card=trials] .v"));
        Assert.Equal("10", await page.InnerTextAsync("[data-card=complete] .v"));
        Assert.Equal("1", await page.InnerTextAsync("[data-card=pruned] .v"));
        Assert.Equal("1", await page.InnerTextAsync("[data-card=failed] .v"));
        Assert.Equal("0.9", await page.InnerTextAsync("[data-card=best] .v"));
        Assert.Equal(0, await page.Locator("[data-poll]").CountAsync()); // nothing runs: no polling

        // value per trial: Complete dots, Pruned dots, Fail ticks and the best-so-far line are all drawn
        Assert.Equal("4", await page.GetAttributeAsync("[data-chart='study-history']", "data-series"));
        Assert.Equal("10", await page.GetAttributeAsync("[data-parcoords]", "data-lines"));
        Assert.Equal(4, await page.Locator("[data-parcoords] .pc-axis").CountAsync()); // 3 params + value
        Assert.Equal(3, await page.Locator("#slices [data-chart^='slice-']").CountAsync());
        Assert.All(await page.Locator("#slices [data-chart^='slice-']").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.points)"),
            p => Assert.Equal("10", p));

        // importance: exactly what ParameterImportance computes, in its order
        var expected = ParameterImportance.Compute(fixture.Storage.GetTrials(info.Id), StudyDirection.Maximize);
        var shown = await page.Locator("#importance li").EvaluateAllAsync<string[][]>("lis => lis.map(li => [li.dataset.param, li.dataset.v])");
        Assert.Equal(expected.Keys, shown.Select(s => s[0]));
        foreach (var s in shown) Assert.Equal(expected[s[0]], double.Parse(s[1], CultureInfo.InvariantCulture), 12);
        Assert.Equal("true", await page.GetAttributeAsync("[data-chart='study-importance']", "data-rendered"));

        // hovering a parallel-coordinates line names its trial
        await page.Locator("[data-parcoords] polyline[data-trial='9']").HoverAsync(new() { Force = true });
        Assert.Equal("9", await page.GetAttributeAsync("[data-parcoords]", "data-hovered"));
        Assert.Contains("trial 9", await page.InnerTextAsync("[data-parcoords] .pc-tip"), StringComparison.Ordinal);

        // the user attributes read as the command line
        Assert.Equal("--strategy sma-cross --trials 13", await page.InnerTextAsync("#study-attributes tr[data-key='quarry.args'] td.value"));
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await open.ScreenshotAsync("study");

        // sorting by value (a numeric column: largest first), then the reverse, all in the URL
        await open.ClickAndWaitAsync("#trials th[data-sort='value'] a");
        Assert.Contains("sort=value&dir=desc", page.Url, StringComparison.Ordinal);
        var numbers = await page.Locator("#trials tbody tr").EvaluateAllAsync<string[]>("trs => trs.map(tr => tr.dataset.trial)");
        Assert.Equal(["9", "8", "7", "6", "5", "4", "3", "2", "1", "10", "0", "11"], numbers); // pruned 0.05 ranks above trial 0 (0.0); the failed one has no value: last
        Assert.Equal("descending", await page.GetAttributeAsync("#trials th[data-sort='value']", "aria-sort"));
        await open.ClickAndWaitAsync("#trials th[data-sort='value'] a");
        Assert.Contains("dir=asc", page.Url, StringComparison.Ordinal);
        Assert.Equal("0", await page.GetAttributeAsync("#trials tbody tr >> nth=0", "data-trial"));
        await open.GoAsync($"/studies/{name}?sort=param.fast&dir=desc");
        Assert.Equal("9", await page.GetAttributeAsync("#trials tbody tr >> nth=0", "data-trial")); // fast = 50, the largest
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task A_running_study_page_shows_new_and_finished_trials_without_a_manual_reload_and_then_stops_polling()
    {
        string name = Unique("live");
        var study = fixture.Storage.CreateStudy(name, StudyDirection.Minimize);
        var first = StudySeed.Start(fixture.Storage, study, 0);
        await using var open = await fixture.OpenAsync("/studies/" + name + "?sort=number&dir=desc");
        var page = open.Page;
        Assert.Equal("true", await page.GetAttributeAsync("[data-poll]", "data-polling"));
        Assert.Equal("Running", await page.GetAttributeAsync("#trials tr[data-trial='0']", "data-state"));

        // a worker finishes trial 0 and starts trial 1
        fixture.Storage.SetState(first.TrialId, TrialState.Complete, 1.25);
        var second = StudySeed.Start(fixture.Storage, study, 1);
        await page.WaitForSelectorAsync("#trials tr[data-trial='1'][data-state='Running']", new() { Timeout = 15_000 });
        Assert.Equal("Complete", await page.GetAttributeAsync("#trials tr[data-trial='0']", "data-state"));
        Assert.Equal("1.25", await page.InnerTextAsync("[data-card=best] .v"));
        Assert.Contains("sort=number&dir=desc", page.Url, StringComparison.Ordinal); // the URL state survives the refresh

        // the last trial finishes: the page shows it and stops polling
        fixture.Storage.SetState(second.TrialId, TrialState.Complete, 0.5);
        await page.WaitForSelectorAsync("#trials tr[data-trial='1'][data-state='Complete']", new() { Timeout = 15_000 });
        await open.WaitReadyAsync();
        Assert.Equal(0, await page.Locator("[data-poll]").CountAsync());
        Assert.Equal("0.5", await page.InnerTextAsync("[data-card=best] .v"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task The_studies_api_returns_summaries_and_a_study_with_trials_best_and_importance()
    {
        string name = Unique("api");
        var info = StudySeed.Write(fixture.Storage, name);
        var http = fixture.Server.Http;

        using var list = JsonDocument.Parse(await http.GetStringAsync("/api/quarry/studies"));
        var summary = list.RootElement.GetProperty("studies").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        Assert.Equal("maximize", summary.GetProperty("direction").GetString());
        Assert.Equal(info.Id, summary.GetProperty("study_id").GetInt64());
        var counts = summary.GetProperty("trials");
        Assert.Equal((13, 1, 0, 10, 1, 1), (counts.GetProperty("total").GetInt32(), counts.GetProperty("running").GetInt32(), counts.GetProperty("waiting").GetInt32(),
            counts.GetProperty("complete").GetInt32(), counts.GetProperty("pruned").GetInt32(), counts.GetProperty("fail").GetInt32()));
        Assert.True(summary.GetProperty("running").GetBoolean());
        Assert.Equal(0.9, summary.GetProperty("best_value").GetDouble(), 12);
        Assert.Equal(9, summary.GetProperty("best_trial").GetInt32());
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("last_activity").ValueKind);

        using var one = JsonDocument.Parse(await http.GetStringAsync($"/api/quarry/studies/{name}"));
        var root = one.RootElement;
        Assert.Equal(["study", "trials", "best", "importance", "importance_trials", "importance_pending"], root.EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("importance_pending").GetBoolean()); // 10 Complete trials: fitted in the request
        Assert.Equal(10, root.GetProperty("importance_trials").GetInt32());
        Assert.Equal("sma-cross", root.GetProperty("study").GetProperty("user_attributes").GetProperty("quarry.args")[1].GetString());
        var trials = root.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(13, trials.Count);
        Assert.Equal(["COMPLETE", "PRUNED", "FAIL", "RUNNING"], trials.Skip(9).Select(t => t.GetProperty("state").GetString()));
        var third = trials[3];
        Assert.Equal(0.3, third.GetProperty("value").GetDouble(), 12);
        Assert.Equal(20, third.GetProperty("params").GetProperty("fast").GetInt64());
        Assert.Equal(170, third.GetProperty("params").GetProperty("slow").GetInt64());
        Assert.Equal("both", third.GetProperty("params").GetProperty("side").GetString());
        Assert.Equal(JsonValueKind.Number, third.GetProperty("duration_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, trials[11].GetProperty("value").ValueKind); // failed
        Assert.Equal(JsonValueKind.Null, trials[12].GetProperty("complete").ValueKind); // running
        Assert.Equal(9, root.GetProperty("best").GetProperty("number").GetInt32());
        var expected = ParameterImportance.Compute(fixture.Storage.GetTrials(info.Id), StudyDirection.Maximize);
        var importance = root.GetProperty("importance").EnumerateObject().ToList();
        Assert.Equal(expected.Keys, importance.Select(p => p.Name));
        foreach (var p in importance) Assert.Equal(expected[p.Name], p.Value.GetDouble(), 12);
    }

    [Fact]
    public async Task Unknown_studies_and_bad_table_parameters_are_clear_errors()
    {
        string name = Unique("errors");
        StudySeed.Write(fixture.Storage, name, finished: true);
        var http = fixture.Server.Http;
        using var page = await http.GetAsync("/studies/no-such-study");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        string body = await page.Content.ReadAsStringAsync();
        Assert.Contains("No study named &#39;no-such-study&#39;", body, StringComparison.Ordinal);
        Assert.Contains(name, body, StringComparison.Ordinal);
        using var api = await http.GetAsync("/api/quarry/studies/no-such-study");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        using var error = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.RootElement.GetProperty("error_code").GetString());

        using var badSort = await http.GetAsync($"/studies/{name}?sort=param.nope");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Contains("param.NAME with NAME one of: ", await badSort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badPage = await http.GetAsync($"/studies/{name}?page=zero");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Fact]
    public async Task The_overview_counts_studies_with_running_trials_and_links_to_them()
    {
        await using var server = await RunningServer.StartAsync();
        using (var storage = SqlStudyStorage.Open("sqlite:" + Path.Combine(server.Directory, "tracking.db")))
        {
            StudySeed.Write(storage, "running-a");
            StudySeed.Write(storage, "running-b");
            StudySeed.Write(storage, "finished", finished: true);
        }
        string html = await server.Http.GetStringAsync("/");
        Assert.Matches("""<a class="card" href="/studies" data-card="studies"><div class="k">Studies running</div><div class="v">2</div>""", html);
    }

    [Fact]
    public async Task Studies_can_live_in_another_storage_than_the_tracking_store()
    {
        var dir = Directory.CreateTempSubdirectory("quarry-studies-elsewhere-").FullName;
        try
        {
            string location = "sqlite:" + Path.Combine(dir, "studies.db");
            using (var storage = SqlStudyStorage.Open(location)) StudySeed.Write(storage, "elsewhere", finished: true);
            await using var server = await RunningServer.StartAsync(o => o with { Studies = location });
            using var list = JsonDocument.Parse(await server.Http.GetStringAsync("/api/quarry/studies"));
            Assert.Equal(["elsewhere"], list.RootElement.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
