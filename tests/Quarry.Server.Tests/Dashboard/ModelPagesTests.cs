using System.Net;
using Microsoft.Playwright;
using Quarry.Server.Tests.Dashboard.Support;
using Quarry.Server.Tests.Support;
using R = Quarry.Server.Tests.Dashboard.Support.RegistryFixture;

namespace Quarry.Server.Tests.Dashboard;

[Collection(DashboardCollection.Name)]
public sealed class ModelPagesTests(DashboardFixture dashboard, RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    Task<DashboardPage> OpenAsync(string path) => DashboardPage.OpenAsync(dashboard.Browser, registry.Server.BaseAddress, path);

    [Fact]
    public async Task Models_page_lists_models_with_latest_versions_stage_badges_and_aliases()
    {
        await using var open = await OpenAsync("/models?filter=" + Uri.EscapeDataString("name LIKE '%a%' and name != 'zzz'"));
        var page = open.Page;
        Assert.Equal("Models · Quarry", await page.TitleAsync());
        Assert.Equal("page", await page.GetAttributeAsync(".topbar nav a[href='/models']", "aria-current"));
        var ranker = page.Locator($"#models tr[data-model='{R.Ranker}']");
        Assert.Equal(R.RankerDescription, await ranker.Locator("td.desc").InnerTextAsync());
        // MLflow's latest_versions: the newest version in each stage, in stage order
        Assert.Equal(["v3 Staging", "v2 Production", "v1 Archived"], await Texts(ranker.Locator(".ver")));
        Assert.Equal(["@champion → v2"], await ranker.Locator(".alias").AllInnerTextsAsync());
        Assert.Equal($"/models/{R.Ranker}?version=2", await ranker.Locator(".alias").GetAttributeAsync("href"));
        Assert.Equal(["v1 None"], await Texts(page.Locator($"#models tr[data-model='{R.Carry}'] .ver")));
        // values from the store are text, never markup
        Assert.Equal(R.Html, await page.Locator($"#models tr[data-model=\"{R.Html}\"] a.run-link").InnerTextAsync());
        Assert.Equal("<script>alert(1)</script>", await page.Locator($"#models tr[data-model=\"{R.Html}\"] td.desc").InnerTextAsync());
        await open.ScreenshotAsync("models");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Models_search_box_filters_in_the_url_and_shows_a_bad_filter_inline()
    {
        await using var open = await OpenAsync("/models");
        var page = open.Page;
        await page.FillAsync("#filter-form input[name='filter']", "tags.team = 'macro'");
        await open.ClickAndWaitAsync("#filter-form button[type='submit']");
        Assert.Contains("filter=tags.team", page.Url, StringComparison.Ordinal);
        Assert.Equal([R.Carry], await page.Locator("#models a.run-link").AllInnerTextsAsync());
        Assert.Equal("Models 1–1", await page.InnerTextAsync("#model-count"));

        await page.FillAsync("#filter-form input[name='filter']", "name LIKE");
        await open.ClickAndWaitAsync("#filter-form button[type='submit']");
        string error = await page.InnerTextAsync("#filter-error");
        Assert.Contains("Invalid registered model filter at position", error, StringComparison.Ordinal);
        Assert.NotNull(await page.QuerySelectorAsync("#filter-error .caret"));
        Assert.Equal(0, await page.Locator("#models").CountAsync());
        Assert.Equal("No models match", await page.InnerTextAsync("#model-count"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Models_page_through_the_stores_tokens_and_back()
    {
        string filter = "?filter=" + Uri.EscapeDataString("name LIKE 'zz-p-%'") + "&order_by=" + Uri.EscapeDataString("name ASC");
        await using var open = await OpenAsync("/models" + filter);
        var page = open.Page;
        Assert.Equal("Models 1–50 (more on the next page)", await page.InnerTextAsync("#model-count"));
        Assert.Equal("zz-p-00", await page.InnerTextAsync("#models tbody tr:first-child a.run-link"));
        Assert.Equal(0, await page.Locator("#prev-page").CountAsync());
        await open.ClickAndWaitAsync("#next-page");
        Assert.Contains("page=", page.Url, StringComparison.Ordinal);
        Assert.Equal("Models 51–55", await page.InnerTextAsync("#model-count"));
        Assert.Equal(["zz-p-50", "zz-p-51", "zz-p-52", "zz-p-53", "zz-p-54"], await page.Locator("#models a.run-link").AllInnerTextsAsync());
        Assert.Equal(0, await page.Locator("#next-page").CountAsync());
        await open.ClickAndWaitAsync("#prev-page");
        Assert.Equal("zz-p-00", await page.InnerTextAsync("#models tbody tr:first-child a.run-link"));
        Assert.DoesNotContain("page=", page.Url, StringComparison.Ordinal);
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Models_are_sorted_by_header_and_the_order_is_kept_by_the_search_box()
    {
        using var response = await registry.Server.Http.GetAsync("/models?order_by=" + Uri.EscapeDataString("name ASC"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var open = await OpenAsync("/models?order_by=" + Uri.EscapeDataString("name ASC"));
        var names = await open.Page.Locator("#models a.run-link").AllInnerTextsAsync();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("ascending", await open.Page.GetAttributeAsync("#models th:first-child", "aria-sort"));
        await open.ClickAndWaitAsync("#models th:first-child a");
        var reversed = await open.Page.Locator("#models a.run-link").AllInnerTextsAsync();
        Assert.Equal(reversed.OrderDescending(StringComparer.Ordinal), reversed);
        Assert.Equal("zz-p-54", reversed[0]);
        Assert.Equal("name DESC", await open.Page.InputValueAsync("#filter-form input[name='order_by']"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Model_page_shows_versions_and_the_selected_versions_run_metrics_params_importances_and_history()
    {
        await using var open = await OpenAsync("/models/" + R.Ranker);
        var page = open.Page;
        Assert.Equal(["3", "2", "1"], await page.Locator("#versions tbody tr").EvaluateAllAsync<string[]>("trs => trs.map(t => t.dataset.version)"));
        Assert.Equal("3", await page.GetAttributeAsync("#version-panel", "data-version")); // the newest by default
        var v2 = page.Locator("#versions tr[data-version='2']");
        Assert.Equal("Production", await v2.Locator("[data-stage]").InnerTextAsync());
        Assert.Equal(["@champion → v2"], await v2.Locator(".alias").AllInnerTextsAsync());
        Assert.Equal("/runs/" + registry.RunV2, await v2.Locator("a.mono").GetAttributeAsync("href"));
        Assert.Equal("v2", await page.InnerTextAsync("[data-card='stage-production'] .v"));
        Assert.Equal("v3", await page.InnerTextAsync("[data-card='stage-staging'] .v"));

        await open.ClickAndWaitAsync("#versions tr[data-version='1'] a.run-link");
        Assert.EndsWith($"/models/{R.Ranker}?version=1", page.Url, StringComparison.Ordinal);
        Assert.Equal("selected", await page.GetAttributeAsync("#versions tr[data-version='1']", "class"));
        Assert.Equal("rf-v1", await page.InnerTextAsync("#version-info .run-link"));
        Assert.Equal(["cagr\t0.11", "sharpe\t1.1"], await Rows(page, "#version-metrics"));
        Assert.Equal(["depth\t4", "trees\t200"], await Rows(page, "#version-params"));
        // importances: the run's importance.* metrics, largest first, drawn as bars
        var chart = page.Locator("[data-chart='importances']");
        Assert.Equal("true", await chart.GetAttributeAsync("data-rendered"));
        Assert.Equal("3", await chart.GetAttributeAsync("data-bars"));
        var box = (await chart.Locator("canvas.qc-overlay").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.2f, box.Y + box.Height * 0.6f);
        Assert.StartsWith("momentum", await page.InnerTextAsync("[data-chart='importances'] .qc-tip"), StringComparison.Ordinal);

        // history, newest first: v3 None→Staging (bo), v1 Production→Archived and v2 None→Production (archive_existing), v1 None→Production
        var history = await Rows(page, "#transitions");
        Assert.Equal(4, history.Length);
        Assert.EndsWith("v3\tNone → Staging\tbo", history[0], StringComparison.Ordinal);
        Assert.Contains(history[1..3], r => r.EndsWith("v1\tProduction → Archived\tana", StringComparison.Ordinal));
        Assert.Contains(history[1..3], r => r.EndsWith("v2\tNone → Production\tana", StringComparison.Ordinal));
        Assert.EndsWith("v1\tNone → Production\tana", history[3], StringComparison.Ordinal);

        await open.GoAsync($"/models/{R.Ranker}?version=2");
        Assert.Equal(["validated\tyes"], await Rows(page, "#version-tags"));
        Assert.Equal(["champion"], await page.Locator("#version-aliases li").EvaluateAllAsync<string[]>("lis => lis.map(l => l.dataset.alias)"));
        await open.ScreenshotAsync("model");
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task A_stage_transition_through_the_page_persists_and_archives_the_previous_production_version()
    {
        string name = await registry.NewModelAsync(2, productionVersion: "1");
        await using var open = await OpenAsync($"/models/{name}?version=2");
        var page = open.Page;
        await page.SelectOptionAsync("#stage-select", "Production");
        await page.CheckAsync("#archive-existing");
        await page.ClickAsync("#transition-btn");
        Assert.True(await page.IsVisibleAsync("#confirm-dialog"));
        Assert.Contains("to Production, archiving", await page.InnerTextAsync("#confirm-text"), StringComparison.Ordinal);
        await open.ClickAndWaitAsync("#confirm-ok");

        Assert.EndsWith($"/models/{name}?version=2", page.Url, StringComparison.Ordinal);
        await open.GoAsync($"/models/{name}?version=2"); // a fresh load, not the page's own state
        Assert.Equal("Production", await page.InnerTextAsync("#versions tr[data-version='2'] [data-stage]"));
        Assert.Equal("Archived", await page.InnerTextAsync("#versions tr[data-version='1'] [data-stage]"));
        Assert.Equal("Production", await registry.StageAsync(name, "2"));
        Assert.Equal("Archived", await registry.StageAsync(name, "1"));
        Assert.Equal(3, await page.Locator("#transitions tbody tr").CountAsync());
        Assert.Equal("Production (current)", await page.InnerTextAsync("#stage-select option:disabled"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Cancelling_the_confirmation_changes_nothing()
    {
        string name = await registry.NewModelAsync(1);
        await using var open = await OpenAsync($"/models/{name}");
        var page = open.Page;
        await page.SelectOptionAsync("#stage-select", "Staging");
        await page.ClickAsync("#transition-btn");
        Assert.True(await page.IsVisibleAsync("#confirm-dialog"));
        await page.ClickAsync("#confirm-cancel");
        Assert.False(await page.IsVisibleAsync("#confirm-dialog"));
        await page.FillAsync("#alias-input", "never");
        await page.ClickAsync("#set-alias-btn");
        await page.Keyboard.PressAsync("Escape"); // the dialog's own cancel
        Assert.False(await page.IsVisibleAsync("#confirm-dialog"));
        await page.ClickAsync("#transition-btn");
        await page.ClickAsync("#confirm-cancel");

        Assert.DoesNotContain(open.Requests, r => r.Contains("/api/2.0/mlflow/", StringComparison.Ordinal));
        Assert.Equal("None", await registry.StageAsync(name, "1"));
        var (status, _) = await registry.Wire.Get($"api/2.0/mlflow/registered-models/alias?name={name}&alias=never");
        Assert.Equal(HttpStatusCode.NotFound, status);
        await open.GoAsync($"/models/{name}");
        Assert.Equal("No stage transitions yet.", await page.InnerTextAsync("#history .empty"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Setting_and_deleting_an_alias_through_the_page_persists()
    {
        string name = await registry.NewModelAsync(2);
        await using var open = await OpenAsync($"/models/{name}?version=1");
        var page = open.Page;
        await page.FillAsync("#alias-input", "candidate");
        await page.ClickAsync("#set-alias-btn");
        Assert.Contains("@candidate", await page.InnerTextAsync("#confirm-text"), StringComparison.Ordinal);
        await open.ClickAndWaitAsync("#confirm-ok");
        await open.GoAsync($"/models/{name}?version=1");
        Assert.Equal(["@candidate → v1"], await page.Locator("#versions tr[data-version='1'] .alias").AllInnerTextsAsync());
        var alias = await registry.Wire.OkGet($"api/2.0/mlflow/registered-models/alias?name={name}&alias=candidate");
        Assert.Equal("1", alias.GetProperty("model_version").GetProperty("version").GetString());

        await page.ClickAsync("#version-aliases button[data-alias='candidate']");
        Assert.Contains("Delete alias @candidate", await page.InnerTextAsync("#confirm-text"), StringComparison.Ordinal);
        await open.ClickAndWaitAsync("#confirm-ok");
        await open.GoAsync($"/models/{name}?version=1");
        Assert.Equal(0, await page.Locator("#versions .alias").CountAsync());
        var (status, _) = await registry.Wire.Get($"api/2.0/mlflow/registered-models/alias?name={name}&alias=candidate");
        Assert.Equal(HttpStatusCode.NotFound, status);
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task A_rejected_action_shows_the_servers_message_inline_and_changes_nothing()
    {
        string name = await registry.NewModelAsync(1);
        await using var open = await OpenAsync($"/models/{name}");
        var page = open.Page;
        await page.FillAsync("#alias-input", "latest"); // reserved by MLflow
        await page.ClickAsync("#set-alias-btn");
        await page.ClickAsync("#confirm-ok");
        var error = page.Locator("#action-error");
        await error.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("latest", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith($"/models/{name}", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#versions .alias").CountAsync());
        // the 400 is the answer shown, not a page problem
        open.Problems.RemoveAll(p => p.Contains("registered-models/alias", StringComparison.Ordinal) || p.Contains("400", StringComparison.Ordinal));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Archive_existing_is_only_offered_for_staging_and_production()
    {
        string name = await registry.NewModelAsync(1);
        await using var open = await OpenAsync($"/models/{name}");
        var page = open.Page;
        Assert.Equal("Staging", await page.InputValueAsync("#stage-select")); // the current stage (None) is not offered
        Assert.True(await page.IsEnabledAsync("#archive-existing"));
        await page.CheckAsync("#archive-existing");
        await page.SelectOptionAsync("#stage-select", "Archived");
        Assert.True(await page.IsDisabledAsync("#archive-existing"));
        Assert.False(await page.IsCheckedAsync("#archive-existing"));
        open.AssertCleanAndOffline();
    }

    [Fact]
    public async Task Unknown_models_and_versions_are_html_404s_naming_them()
    {
        using var model = await registry.Server.Http.GetAsync("/models/no-such-model");
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
        Assert.Equal("text/html", model.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-such-model", await model.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var version = await registry.Server.Http.GetAsync($"/models/{R.Ranker}?version=99");
        Assert.Equal(HttpStatusCode.NotFound, version.StatusCode);
        Assert.Contains("99", await version.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var bad = await registry.Server.Http.GetAsync("/models?filter=" + Uri.EscapeDataString("nmae = 'x'"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("id=\"filter-error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var empty = await registry.Server.Http.GetAsync("/models/" + string.Join('/', R.Html.Split('/').Select(Uri.EscapeDataString)));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        string html = await empty.Content.ReadAsStringAsync();
        Assert.Contains("No versions registered yet.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transitions_api_the_history_panel_mirrors_returns_who_when_from_and_to()
    {
        var body = await registry.Wire.OkGet($"api/quarry/models/{R.Ranker}/transitions?version=3");
        var t = Assert.Single(body.GetProperty("transitions").EnumerateArray());
        Assert.Equal("None", t.GetProperty("from_stage").GetString());
        Assert.Equal("Staging", t.GetProperty("to_stage").GetString());
        Assert.Equal("bo", t.GetProperty("user_id").GetString());
        Assert.True(t.GetProperty("timestamp").GetInt64() > 1_700_000_000_000L);
    }

    [Fact]
    public async Task Under_authentication_the_page_acts_as_the_signed_in_user_and_the_history_says_who()
    {
        await using var server = await RunningServer.StartAsync(o => o with
        {
            Auth = new AuthOptions(new Dictionary<string, string> { ["ada"] = "lovelace" }, []),
        });
        server.Http.DefaultRequestHeaders.Authorization =
            new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("ada:lovelace"u8.ToArray()));
        var wire = new WireClient(server.Http);
        await wire.Ok("api/2.0/mlflow/registered-models/create", """{"name": "secured"}""");
        await wire.Ok("api/2.0/mlflow/model-versions/create", """{"name": "secured", "source": "mlflow-artifacts:/m"}""");

        // The browser signs in through the login page; the page's actions then call MLflow's endpoints with its session cookie.
        await using var open = await DashboardPage.OpenAsync(dashboard.Browser, server.BaseAddress, "/models/secured");
        var page = open.Page;
        Assert.EndsWith("/login?next=" + Uri.EscapeDataString("/models/secured"), page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=user]", "ada");
        await page.FillAsync("input[name=password]", "lovelace");
        await open.ClickAndWaitAsync("#login-form button");
        Assert.EndsWith("/models/secured", page.Url, StringComparison.Ordinal);
        await page.SelectOptionAsync("#stage-select", "Staging");
        await page.ClickAsync("#transition-btn");
        await open.ClickAndWaitAsync("#confirm-ok");
        Assert.Equal(["v1\tNone → Staging\tada"], (await Rows(page, "#transitions")).Select(r => r[(r.IndexOf('\t') + 1)..]));
        open.AssertCleanAndOffline();
    }

    static Task<string[]> Texts(ILocator elements) => elements.EvaluateAllAsync<string[]>("els => els.map(e => e.textContent)");

    static Task<string[]> Rows(IPage page, string table) =>
        page.Locator($"{table} tbody tr").EvaluateAllAsync<string[]>("trs => trs.map(tr => [...tr.cells].map(c => c.textContent).join('\\t'))");
}
