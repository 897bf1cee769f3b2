using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Sizing;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Data;
using Quarry.Server.Backtests;
using Quarry.Server.Tests.Support;

namespace Quarry.Server.Tests.Jobs;

/// <summary>The backtest jobs API over a real server whose data folder is the repository's samples/data.</summary>
public sealed class BacktestsApiTests : IAsyncLifetime
{
    RunningServer _server = null!;
    HttpClient Http => _server.Http;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(o => o with { DataRoot = SampleData.Folder });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Launched_backtest_finishes_as_a_tracked_run_with_the_engines_numbers_and_a_tearsheet()
    {
        string id = await BacktestJobsClient.LaunchAsync(Http, new
        {
            strategy = "sma-cross", @params = new { fast = 10, slow = "30" }, symbol = "orcl-1995-2014",
            start = "2000-01-01", end = "2009-12-31", commission = 0.001, slippage = 5, capital = 50_000, size = 0.5,
        });
        var job = await BacktestJobsClient.WaitAsync(Http, id);
        Assert.Equal("finished", job.GetProperty("state").GetString());
        Assert.True(job.GetProperty("duration_ms").GetInt64() >= 0);
        string runId = job.GetProperty("run_id").GetString()!;
        Assert.Equal("/runs/" + runId + "/tearsheet", job.GetProperty("tearsheet_url").GetString());

        // the same backtest run directly through the engine gives the same numbers
        var series = MarketData.Load(Path.Combine(SampleData.Folder, "orcl-1995-2014.txt")).Slice(new DateTime(2000, 1, 1), new DateTime(2009, 12, 31));
        var expected = BacktestEngine.Run(new SmaCross { Fast = 10, Slow = 30 }, series, new BacktestOptions
        {
            InitialCash = 50_000, Commission = new PercentOfValueCommission(0.001), SlippageBps = 5, Sizer = new FixedFractionSizer(0.5),
        });
        var metrics = job.GetProperty("metrics");
        Assert.Equal(expected.TotalReturn, metrics.GetProperty("total_return").GetDouble(), 12);
        Assert.Equal(expected.Summary.Sharpe, metrics.GetProperty("sharpe").GetDouble(), 12);
        Assert.Equal((double)expected.Summary.Trades, metrics.GetProperty("trades").GetDouble());

        using var run = JsonDocument.Parse(await Http.GetStringAsync("/api/2.0/mlflow/runs/get?run_id=" + runId));
        var info = run.RootElement.GetProperty("run").GetProperty("info");
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());
        var data = run.RootElement.GetProperty("run").GetProperty("data");
        var @params = data.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString()!);
        Assert.Equal("10", @params["fast"]);
        Assert.Equal("30", @params["slow"]);
        Assert.Equal("50000", @params["cash"]);
        Assert.Equal("0.001", @params["commission_pct"]);
        Assert.Equal("5", @params["slippage_bps"]);
        Assert.Equal("fraction:0.5", @params["sizing"]);
        Assert.Equal("2000-01-01", @params["start"]);
        var tags = data.GetProperty("tags").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString()!);
        Assert.Equal("dashboard", tags["quarry.source"]);
        Assert.Equal(id, tags["quarry.job_id"]);
        using var experiment = JsonDocument.Parse(await Http.GetStringAsync("/api/2.0/mlflow/experiments/get?experiment_id=" + info.GetProperty("experiment_id").GetString()));
        Assert.Equal("Dashboard.Backtests.sma-cross", experiment.RootElement.GetProperty("experiment").GetProperty("name").GetString());

        using var files = JsonDocument.Parse(await Http.GetStringAsync("/api/2.0/mlflow/artifacts/list?run_id=" + runId));
        Assert.Equal(["equity.csv", "result.json", BacktestRunLog.TearsheetFile, "trades.csv"],
            files.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
        string equity = await Http.GetStringAsync($"/get-artifact?run_uuid={runId}&path=equity.csv");
        Assert.Equal(series.Count + 1, equity.TrimEnd('\n').Split('\n').Length);

        using var tearsheet = await Http.GetAsync("/runs/" + runId + "/tearsheet");
        Assert.Equal(HttpStatusCode.OK, tearsheet.StatusCode);
        Assert.Equal("text/html", tearsheet.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("sandbox allow-scripts;", tearsheet.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        string html = await tearsheet.Content.ReadAsStringAsync();
        Assert.Contains("id=\"quarry-data\"", html, StringComparison.Ordinal);
        Assert.Equal(HtmlTearsheet.Render(TearsheetBuilder.FromBacktest(expected, new TearsheetInputs())).Length, html.Length, 2000.0);
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { """{"symbol":"orcl-1995-2014"}""", "strategy", "is required" },
        { """{"strategy":"sma-crosss","symbol":"orcl-1995-2014"}""", "strategy", "one of sma-cross, ema-cross" },
        { """{"strategy":"samples/strategies/InsideBar.cs","symbol":"orcl-1995-2014"}""", "strategy", "Unknown strategy" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","params":{"fats":5}}""", "params.fats", "declared: fast, slow" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","params":{"fast":"ten"}}""", "params.fast", "expected an integer" },
        { """{"strategy":"sma-cross","symbol":"../../../etc/passwd"}""", "symbol", "one of 2006-day-001" },
        { """{"strategy":"sma-cross","symbol":"/etc/passwd"}""", "symbol", "Unknown symbol" },
        { """{"strategy":"sma-cross"}""", "symbol", "is required" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","start":"2005-13-01"}""", "start", "yyyy-MM-dd" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","start":"2005-02-01","end":"2004-01-01"}""", "end", "before 'start'" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","commission":1.5}""", "commission", "[0, 1)" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","slippage":-1}""", "slippage", "basis points" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","capital":0}""", "capital", "positive" },
        { """{"strategy":"sma-cross","symbol":"orcl-1995-2014","size":1.5}""", "size", "(0, 1]" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Invalid_launch_is_a_400_naming_the_field_and_the_fix(string body, string field, string hint)
    {
        using var response = await Http.PostAsync("/api/quarry/backtests", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("INVALID_PARAMETER_VALUE", json.RootElement.GetProperty("error_code").GetString());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        Assert.Contains(hint, json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var list = JsonDocument.Parse(await Http.GetStringAsync("/api/quarry/backtests"));
        Assert.Equal(0, list.RootElement.GetProperty("jobs").GetArrayLength()); // nothing was queued
    }

    [Fact]
    public async Task Launch_without_a_json_body_is_a_400()
    {
        using var form = await Http.PostAsync("/api/quarry/backtests", new StringContent("strategy=sma-cross", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        using var broken = await Http.PostAsync("/api/quarry/backtests", new StringContent("{\"strategy\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("Malformed JSON", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_that_fails_reports_its_error_and_its_run_is_failed()
    {
        string id = await BacktestJobsClient.LaunchAsync(Http, new { strategy = "sma-cross", symbol = "orcl-1995-2014", start = "1980-01-01", end = "1980-12-31" });
        var job = await BacktestJobsClient.WaitAsync(Http, id);
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("orcl-1995-2014: no bars between 1980-01-01 and 1980-12-31 (fix: choose dates inside the file's range).", job.GetProperty("error").GetString());
        Assert.False(job.TryGetProperty("tearsheet_url", out _));
        using var run = JsonDocument.Parse(await Http.GetStringAsync("/api/2.0/mlflow/runs/get?run_id=" + job.GetProperty("run_id").GetString()));
        Assert.Equal("FAILED", run.RootElement.GetProperty("run").GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_job_is_404_and_a_run_without_a_tearsheet_is_a_404_page()
    {
        using var job = await Http.GetAsync("/api/quarry/backtests/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", await job.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var page = await Http.GetAsync("/backtests/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var created = await Http.PostAsJsonAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" });
        using var run = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string runId = run.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        using var tearsheet = await Http.GetAsync("/runs/" + runId + "/tearsheet");
        Assert.Equal(HttpStatusCode.NotFound, tearsheet.StatusCode);
        Assert.Contains("has no tearsheet.html", await tearsheet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await Http.GetAsync("/runs/no-such-run/tearsheet");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Several_jobs_at_once_all_finish_one_run_each_at_most_two_running_together()
    {
        string experiment = "Jobs.Concurrency." + Guid.NewGuid().ToString("N")[..8];
        int[] fasts = [5, 8, 10, 12, 15, 20];
        var ids = await Task.WhenAll(fasts.Select(f => BacktestJobsClient.LaunchAsync(Http,
            new { strategy = "sma-cross", @params = new { fast = f, slow = 40 }, symbol = "nvda-1999-2014", experiment })));
        Assert.Equal(fasts.Length, ids.Distinct().Count());
        var jobs = await Task.WhenAll(ids.Select(id => BacktestJobsClient.WaitAsync(Http, id)));
        Assert.All(jobs, j => Assert.Equal("finished", j.GetProperty("state").GetString()));
        var runIds = jobs.Select(j => j.GetProperty("run_id").GetString()!).ToHashSet();
        Assert.Equal(fasts.Length, runIds.Count);

        // every job has a run, and the experiment has exactly those runs, each with its own fast
        using var search = await Http.PostAsJsonAsync("/api/2.0/mlflow/runs/search",
            new { experiment_ids = new[] { jobs[0].GetProperty("experiment_id").GetString() }, max_results = 100 });
        using var found = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        var runs = found.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(runIds.Order(), runs.Select(r => r.GetProperty("info").GetProperty("run_id").GetString()!).Order());
        var loggedFasts = runs.Select(r => r.GetProperty("data").GetProperty("params").EnumerateArray()
            .Single(p => p.GetProperty("key").GetString() == "fast").GetProperty("value").GetString()!).Select(int.Parse).Order();
        Assert.Equal(fasts, loggedFasts);

        // bounded concurrency (MaxConcurrentBacktests = 2): at no instant were more than two jobs running
        var spans = jobs.Select(j => (Start: j.GetProperty("started_at").GetInt64(), End: j.GetProperty("finished_at").GetInt64())).ToList();
        int most = spans.Max(s => spans.Count(o => o.Start <= s.Start && s.Start < o.End));
        Assert.InRange(most, 1, 2);

        using var list = JsonDocument.Parse(await Http.GetStringAsync("/api/quarry/backtests?limit=3"));
        var listed = list.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("created_at").GetInt64()).ToList();
        Assert.Equal(3, listed.Count);
        Assert.Equal(listed.OrderDescending(), listed);
    }
}
