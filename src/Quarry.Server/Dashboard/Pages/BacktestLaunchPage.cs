using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Backtesting.Strategies;
using Quarry.Server.Dashboard.Html;
using Quarry.Server.Jobs;

namespace Quarry.Server.Dashboard.Pages;

/// <summary>
/// <c>/backtests/new[?strategy=NAME&amp;symbol=SYMBOL]</c>: the launcher's form. Every built-in strategy's declared
/// parameters are rendered (default as the value, range as min/max/step, description as the hint); dashboard.js shows
/// the chosen strategy's fieldset, keeps the choice in the URL and posts the form as JSON to
/// <c>POST /api/quarry/backtests</c>, then opens the job's page. The newest jobs are listed on the side.
/// </summary>
internal static class BacktestLaunchPage
{
    const int RecentJobs = 12;

    public static Task<HtmlWriter> RenderAsync(DashboardServices s, HttpContext context)
    {
        var services = context.RequestServices;
        var strategies = services.GetRequiredService<StrategyCatalog>().BuiltIns;
        var symbols = services.GetRequiredService<MarketDataFolder>().List();
        var jobs = services.GetRequiredService<BacktestJobRunner>().Recent(RecentJobs);
        string chosen = Query.Get(context.Request, "strategy") is { } q && strategies.Any(b => b.Name == q) ? q : strategies[0].Name;
        string? symbol = Query.Get(context.Request, "symbol");

        var h = new HtmlWriter();
        PageLayout.Begin(h, s, Section.Backtests, "New backtest", [new Crumb("Overview", "/"), new Crumb("Backtests", null), new Crumb("New", null)]);
        h.Raw("<div class=\"layout\"><div class=\"col-main\">");
        h.Add($"""<form id="launch" class="launch" data-api="/api/quarry/backtests" method="get" action="/backtests/new" novalidate>""");
        PageLayout.PanelStart(h, "Strategy", "parameters, defaults and ranges as the strategy declares them");
        h.Raw("<div class=\"fields\"><label>Strategy <select name=\"strategy\" id=\"strategy\">");
        foreach (var (name, _) in strategies) h.Add($"""<option value="{name}"{Selected(name == chosen)}>{name}</option>""");
        h.Raw("</select></label></div>");
        foreach (var (name, type) in strategies) Parameters(h, name, StrategyParameters.Describe(type), name == chosen);
        PageLayout.PanelEnd(h);

        PageLayout.PanelStart(h, "Data", symbols.Count == 0 ? "the server has no data folder: start it with --data DIR" : "files of the server's data folder");
        h.Raw("<div class=\"fields\"><label>Symbol <select name=\"symbol\" id=\"symbol\">");
        foreach (var (name, _) in symbols) h.Add($"""<option value="{name}"{Selected(name == symbol)}>{name}</option>""");
        h.Raw("</select></label>");
        h.Raw("<label>Start <input type=\"date\" name=\"start\" id=\"start\"></label><label>End <input type=\"date\" name=\"end\" id=\"end\"></label></div>");
        h.Raw("<p class=\"hint\">Leave the dates empty to use the whole file.</p>");
        PageLayout.PanelEnd(h);

        PageLayout.PanelStart(h, "Costs and sizing", "fills at the next bar's open");
        h.Raw("<div class=\"fields\">");
        Number(h, "capital", "Capital", "100000", "1", "starting cash");
        Number(h, "commission", "Commission", "0.001", "0.0001", "fraction of traded value: 0.001 = 0.1 %");
        Number(h, "slippage", "Slippage (bps)", "5", "0.5", "adverse slippage on market fills, basis points");
        Number(h, "size", "Position size", "1", "0.05", "fraction of equity per position; 1 = all in");
        h.Raw("</div><div class=\"fields\"><label class=\"wide\">Experiment <input type=\"text\" name=\"experiment\" id=\"experiment\" placeholder=\"Dashboard.Backtests.&lt;strategy&gt;\"></label></div>");
        PageLayout.PanelEnd(h);
        h.Raw("<div class=\"toolbar\"><div class=\"left\"><button type=\"submit\" class=\"primary\" id=\"launch-button\">Launch backtest</button>" +
              "<span class=\"hint\">runs in the background on the server; its page follows it</span></div></div>");
        h.Raw("<div class=\"filter-error\" id=\"launch-error\" hidden></div></form>");
        h.Raw("</div><aside class=\"col-side\">");
        RecentJobsPanel(h, jobs, s.Now);
        h.Raw("</aside></div>");
        PageLayout.End(h);
        return Task.FromResult(h);
    }

    static void Parameters(HtmlWriter h, string strategy, IReadOnlyList<ParameterSpec> specs, bool shown)
    {
        h.Add($"""<fieldset class="params" data-strategy="{strategy}"{new RawHtml(shown ? "" : " hidden disabled")}>""");
        if (specs.Count == 0) h.Raw("<p class=\"empty\">This strategy declares no parameters.</p>");
        h.Raw("<div class=\"fields\">");
        foreach (var p in specs)
        {
            h.Add($"""<label title="{p.Description ?? p.Name}">{p.Name} """);
            switch (p.Kind)
            {
                case ParameterKind.Bool or ParameterKind.Categorical:
                    h.Add($"""<select data-param="{p.Name}">""");
                    foreach (var choice in p.Kind == ParameterKind.Bool ? ["true", "false"] : p.Choices)
                        h.Add($"""<option value="{choice}"{Selected(choice == p.DefaultText)}>{choice}</option>""");
                    h.Raw("</select>");
                    break;
                default:
                    string step = p.Kind == ParameterKind.Int ? "1" : p.Step > 0 ? Text(p.Step) : "any";
                    h.Add($"""<input type="number" data-param="{p.Name}" value="{p.DefaultText}" step="{step}"{Bound("min", p.Min)}{Bound("max", p.Max)}>""");
                    break;
            }
            if (p.RangeText.Length > 0) h.Add($"""<span class="range">{p.RangeText}</span>""");
            h.Raw("</label>");
        }
        h.Raw("</div></fieldset>");
    }

    static void Number(HtmlWriter h, string name, string label, string value, string step, string hint) =>
        h.Add($"""<label title="{hint}">{label} <input type="number" name="{name}" id="{name}" value="{value}" step="{step}" min="0"><span class="range">{hint}</span></label>""");

    static void RecentJobsPanel(HtmlWriter h, IReadOnlyList<BacktestJob> jobs, long now)
    {
        PageLayout.PanelStart(h, "Recent backtests", "kept in the server's memory");
        if (jobs.Count == 0) h.Raw("<p class=\"empty\">No backtests launched since the server started.</p>");
        else
        {
            h.Raw("<ul class=\"list\" id=\"recent-jobs\">");
            foreach (var job in jobs)
            {
                var (text, css) = BacktestJobPage.Badge(job.State);
                h.Add($"""<li><a href="/backtests/{job.Id}">{job.Request.Strategy} · {job.Request.Symbol}</a> <span class="badge {css}">{text}</span> <span class="muted">{Display.Ago(job.CreatedAt, now)}</span></li>""");
            }
            h.Raw("</ul>");
        }
        PageLayout.PanelEnd(h);
    }

    static RawHtml Selected(bool selected) => new(selected ? " selected" : "");

    static RawHtml Bound(string name, double value) => Components.Attr(name, double.IsFinite(value) ? Text(value) : null);

    static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
