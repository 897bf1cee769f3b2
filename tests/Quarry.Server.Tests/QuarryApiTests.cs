using System.Net;
using System.Text.Json;
using Quarry.Server.Tests.Support;
using Quarry.Storage.Testing;
using Quarry.Tracking;
using Quarry.Tracking.Storage;

namespace Quarry.Server.Tests;

/// <summary>
/// Leaderboard, status and compare against runs written to the server's own store, with every expected value worked
/// out by hand from the runs below. Runs on SQLite and on PostgreSQL (the queries are hand-written SQL).
/// </summary>
public abstract class QuarryApiContract : IAsyncLifetime
{
    static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    static readonly long TenDaysAgo = Now - (long)TimeSpan.FromDays(10).TotalMilliseconds;

    RunningServer _server = null!;
    string _e1 = "", _e2 = "";
    readonly Dictionary<string, string> _ids = [];

    /// <summary>The store location for a server about to start, or null for the server's own SQLite file.</summary>
    protected abstract string? Location { get; }

    public async Task InitializeAsync()
    {
        string? location = Location;
        _server = await RunningServer.StartAsync(o => location is null ? o : o with { Store = location });
        using var store = SqlTrackingStore.Open(location ?? "sqlite:" + Path.Combine(_server.Directory, "tracking.db"));
        _e1 = await store.CreateExperimentAsync("alpha");
        _e2 = await store.CreateExperimentAsync("beta");
        var gone = await store.CreateExperimentAsync("gone");
        //                    name  exp  symbol  sharpe        drawdown  fast   start       status
        await Add(store, "r1", _e1, "SPY", 1.5, -0.30, "10", Now, RunStatus.Finished);
        await Add(store, "r2", _e1, "SPY", 2.0, -0.10, "20", Now, RunStatus.Finished);
        await Add(store, "r3", _e1, "QQQ", 1.8, -0.05, "30", TenDaysAgo, RunStatus.Failed);
        await Add(store, "r4", _e1, "QQQ", double.NaN, -0.50, "40", TenDaysAgo, RunStatus.Finished);
        await Add(store, "r5", _e1, null, 3.0, null, "50", Now, RunStatus.Running);
        await Add(store, "r6", _e1, "SPY", 10.0, null, "60", Now, RunStatus.Finished);
        await store.DeleteRunAsync(_ids["r6"]);
        await Add(store, "r7", _e1, "IWM", 5.0, null, "70", Now, RunStatus.Finished);
        await store.LogMetricAsync(_ids["r7"], "sharpe", 0.5, Now, step: 1); // the latest value is 0.5, not 5.0
        await Add(store, "r8", _e2, "SPY", 2.5, -0.20, "80", TenDaysAgo, RunStatus.Finished);
        await Add(store, "r9", gone, "DIA", 9.0, null, "90", Now, RunStatus.Failed); // the only DIA run, deleted
        await store.DeleteExperimentAsync(gone);
    }

    async Task Add(ITrackingStore store, string name, string experiment, string? symbol, double sharpe, double? drawdown,
        string fast, long start, RunStatus status)
    {
        var run = await store.CreateRunAsync(experiment, "tester", start, name);
        var metrics = new List<Metric> { new("sharpe", sharpe, start) };
        if (drawdown is { } d) metrics.Add(new Metric("max_drawdown", d, start));
        var tags = symbol is null ? new List<RunTag>() : [new RunTag("symbol", symbol)];
        await store.LogBatchAsync(run.Info.RunId, metrics, [new Param("fast", fast), new Param("slow", "50")], tags);
        if (status != RunStatus.Running) await store.UpdateRunAsync(run.Info.RunId, status, start + 1000);
        _ids[name] = run.Info.RunId;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    async Task<JsonElement> Get(string url)
    {
        var response = await _server.Http.GetAsync(url);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    string[] Names(JsonElement board) =>
        [.. board.GetProperty("entries").EnumerateArray().Select(e => _ids.Single(p => p.Value == e.GetProperty("run_id").GetString()).Key)];

    [Fact]
    public async Task Leaderboard_ranks_active_runs_by_their_latest_value_highest_first()
    {
        var board = await Get($"api/quarry/leaderboard?metric=sharpe&experiment_ids={_e1}");
        // r6 is deleted, r4 is NaN, r7's latest sharpe is 0.5.
        Assert.Equal(["r5", "r2", "r3", "r1", "r7"], Names(board));
        Assert.Equal("value desc", board.GetProperty("order").GetString());
        var first = board.GetProperty("entries")[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal(3.0, first.GetProperty("value").GetDouble());
        Assert.Equal("r5", first.GetProperty("run_name").GetString());
        Assert.Equal(_e1, first.GetProperty("experiment_id").GetString());
        Assert.Equal("RUNNING", first.GetProperty("status").GetString());
        Assert.Equal("50", first.GetProperty("params").GetProperty("fast").GetString());
        Assert.Equal(3.0, first.GetProperty("metrics").GetProperty("sharpe").GetDouble());
        Assert.Equal(0.5, board.GetProperty("entries")[4].GetProperty("value").GetDouble());

        Assert.Equal(["r5", "r2"], Names(await Get($"api/quarry/leaderboard?metric=sharpe&experiment_ids={_e1}&max=2")));
        Assert.Equal(["r7", "r1", "r3"], Names(await Get($"api/quarry/leaderboard?metric=sharpe&experiment_ids={_e1}&direction=asc&max=3")));
    }

    [Fact]
    public async Task Leaderboard_across_experiments_takes_repeated_or_comma_separated_ids_and_defaults_to_all()
    {
        string[] expected = ["r5", "r8", "r2", "r3", "r1", "r7"];
        Assert.Equal(expected, Names(await Get($"api/quarry/leaderboard?metric=sharpe&experiment_ids={_e1},{_e2}")));
        Assert.Equal(expected, Names(await Get($"api/quarry/leaderboard?metric=sharpe&experiment_ids={_e1}&experiment_ids={_e2}")));
        Assert.Equal(expected, Names(await Get("api/quarry/leaderboard?metric=sharpe")));
    }

    [Fact]
    public async Task Leaderboard_by_symbol_keeps_the_best_run_per_tag_value()
    {
        var board = await Get($"api/quarry/leaderboard?metric=sharpe&experiment_ids={_e1}&symbol_tag=symbol");
        // SPY: r2 (2.0) beats r1; QQQ: r3 (r4 is NaN); IWM: r7 (0.5); r5 has no symbol tag.
        Assert.Equal(["r2", "r3", "r7"], Names(board));
        Assert.Equal(["SPY", "QQQ", "IWM"], board.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("group").GetString()));
        Assert.Equal("symbol", board.GetProperty("symbol_tag").GetString());
        Assert.Equal(["r8", "r3", "r7"], Names(await Get("api/quarry/leaderboard?metric=sharpe&symbol_tag=symbol")));
        Assert.Equal(["r8"], Names(await Get("api/quarry/leaderboard?metric=sharpe&symbol_tag=symbol&max=1")));
    }

    [Fact]
    public async Task Drawdowns_rank_by_smallest_magnitude_unless_a_direction_is_given()
    {
        var board = await Get($"api/quarry/leaderboard?metric=max_drawdown&experiment_ids={_e1}");
        Assert.Equal("abs(value) asc", board.GetProperty("order").GetString());
        Assert.Equal(["r3", "r2", "r1", "r4"], Names(board));
        Assert.Equal(["r4", "r1", "r2", "r3"], Names(await Get($"api/quarry/leaderboard?metric=max_drawdown&experiment_ids={_e1}&direction=asc")));
        Assert.Equal(["r3", "r2"], Names(await Get($"api/quarry/leaderboard?metric=max_drawdown&experiment_ids={_e1}&symbol_tag=symbol")));
    }

    [Theory]
    [InlineData("api/quarry/leaderboard", "metric")]
    [InlineData("api/quarry/leaderboard?metric=sharpe&direction=up", "direction")]
    [InlineData("api/quarry/leaderboard?metric=sharpe&max=0", "max")]
    [InlineData("api/quarry/leaderboard?metric=sharpe&experiment_ids=abc", "experiment_ids")]
    [InlineData("api/quarry/compare", "runs")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string url, string parameter)
    {
        var response = await _server.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("INVALID_PARAMETER_VALUE", error.RootElement.GetProperty("error_code").GetString());
        Assert.Contains($"'{parameter}'", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_metric_gives_an_empty_leaderboard() =>
        Assert.Empty((await Get("api/quarry/leaderboard?metric=no_such_metric")).GetProperty("entries").EnumerateArray());

    [Fact]
    public async Task Status_counts_active_experiments_and_runs()
    {
        var status = await Get("api/quarry/status");
        Assert.Equal(3, status.GetProperty("experiments").GetInt64());      // Default, alpha, beta ("gone" is deleted)
        Assert.Equal(7, status.GetProperty("runs").GetInt64());             // r1–r5, r7, r8 (r6 and r9 are deleted)
        Assert.Equal(4, status.GetProperty("runs_last_7_days").GetInt64()); // r1, r2, r5, r7
        Assert.Equal(1, status.GetProperty("failed_runs").GetInt64());      // r3 (r9's experiment is deleted)
        Assert.Equal(1, status.GetProperty("running_runs").GetInt64());     // r5
        long since = status.GetProperty("since").GetInt64(), at = status.GetProperty("generated_at").GetInt64();
        Assert.Equal(TimeSpan.FromDays(7).TotalMilliseconds, at - since);
        Assert.InRange(at, Now, Now + 600_000);

        var beta = await Get($"api/quarry/status?experiment_ids={_e2}");
        Assert.Equal(1, beta.GetProperty("experiments").GetInt64());
        Assert.Equal(1, beta.GetProperty("runs").GetInt64());               // r8, ten days old
        Assert.Equal(0, beta.GetProperty("runs_last_7_days").GetInt64());
    }

    [Fact]
    public async Task Compare_puts_runs_side_by_side_and_names_the_best_per_metric()
    {
        var compare = await Get($"api/quarry/compare?runs={_ids["r1"]},{_ids["r2"]},{_ids["r3"]},{_ids["r5"]}");
        Assert.Equal(["r1", "r2", "r3", "r5"], compare.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_name").GetString()));
        Assert.Equal("FAILED", compare.GetProperty("runs")[2].GetProperty("status").GetString());

        var metrics = compare.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!);
        var sharpe = metrics["sharpe"];
        Assert.Equal([1.5, 2.0, 1.8, 3.0], sharpe.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("higher", sharpe.GetProperty("better").GetString());
        Assert.Equal(_ids["r5"], sharpe.GetProperty("best_run_id").GetString());
        var drawdown = metrics["max_drawdown"];
        Assert.Equal("lower", drawdown.GetProperty("better").GetString());
        Assert.Equal(_ids["r3"], drawdown.GetProperty("best_run_id").GetString()); // −0.05 is the smallest drawdown
        Assert.Equal(JsonValueKind.Null, drawdown.GetProperty("values")[3].ValueKind); // r5 logged none

        var @params = compare.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!);
        Assert.Equal(["10", "20", "30", "50"], @params["fast"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.False(@params["fast"].GetProperty("same").GetBoolean());
        Assert.True(@params["slow"].GetProperty("same").GetBoolean());
        var tags = compare.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!);
        Assert.Equal(["SPY", "SPY", "QQQ", null], tags["symbol"].GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()));
    }

    [Fact]
    public async Task Compare_skips_NaN_when_choosing_the_best_and_404s_an_unknown_run()
    {
        var compare = await Get($"api/quarry/compare?runs={_ids["r4"]}&runs={_ids["r1"]}");
        var sharpe = compare.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "sharpe");
        Assert.Equal("NaN", sharpe.GetProperty("values")[0].GetString());
        Assert.Equal(_ids["r1"], sharpe.GetProperty("best_run_id").GetString());

        var unknown = await _server.Http.GetAsync($"api/quarry/compare?runs={_ids["r1"]},0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

public sealed class QuarryApiSqliteTests : QuarryApiContract
{
    protected override string? Location => null;
}

[Collection(PostgresCollection.Name)]
public sealed class QuarryApiPostgresTests(PostgresFixture postgres) : QuarryApiContract
{
    protected override string? Location => postgres.CreateDatabase();
}
