using System.Globalization;
using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Sizing;
using Quarry.Backtesting.Strategies;
using Quarry.Core;
using Quarry.Data;
using Quarry.Server.Backtests;
using Quarry.Tracking;
using Quarry.Tracking.Client;
using Quarry.Tracking.Research;

namespace Quarry.Server.Jobs;

/// <summary>
/// Runs one launched backtest end to end: starts its tracked run in the server's own store, loads the symbol's file,
/// runs the engine, builds and renders the tearsheet, and logs everything through <see cref="BacktestRunLog"/>. On any
/// error the run is marked FAILED and the error rethrown. The engine itself is synchronous and not interruptible;
/// cancellation is observed between the steps. Thread-safe (one client shared by every job).
/// </summary>
internal sealed class BacktestJobExecutor(TrackingClient client, StrategyCatalog catalog, TimeProvider time)
{
    /// <summary>The run's outcome: its ids and logged metrics.</summary>
    public sealed record Outcome(string RunId, string ExperimentId, IReadOnlyDictionary<string, double> Metrics);

    /// <summary>Runs <paramref name="job"/>; <paramref name="started"/> is told the run's ids as soon as it exists.</summary>
    public async Task<Outcome> RunAsync(BacktestJob job, Action<string, string> started, CancellationToken ct)
    {
        var request = job.Request;
        var experiment = await client.SetExperimentAsync(request.Experiment, ExperimentTags(request.Experiment), ct).ConfigureAwait(false);
        await using var run = await client.StartRunAsync(experiment.ExperimentId, RunName(request),
            new Dictionary<string, string> { ["quarry.source"] = "dashboard", ["quarry.job_id"] = job.Id }, cancellationToken: ct).ConfigureAwait(false);
        started(run.RunId, experiment.ExperimentId);
        try
        {
            var series = MarketData.Load(request.DataPath).Slice(request.Start, request.End);
            if (series.Count == 0)
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"{request.Symbol}: no bars between {Day(request.Start) ?? "the start"} and {Day(request.End) ?? "the end"} (fix: choose dates inside the file's range).");
            ct.ThrowIfCancellationRequested();
            var result = BacktestEngine.Run(catalog.Create(request.Strategy, request.Parameters), series, Options(request));
            ct.ThrowIfCancellationRequested();
            var sheet = TearsheetBuilder.FromBacktest(result, new TearsheetInputs { Clock = time });
            var content = new BacktestRunContent(result, sheet)
            {
                Options = TrackedOptions(request),
                Tags = [new("symbols", string.Join(",", result.Symbols)), new("strategy", result.Strategy), new("data", Path.GetFileName(request.DataPath))],
                TearsheetHtml = HtmlTearsheet.Render(sheet),
            };
            await BacktestRunLog.FinishAsync(run, content, ct).ConfigureAwait(false);
            return new Outcome(run.RunId, experiment.ExperimentId, BacktestRunLog.Metrics(result, sheet));
        }
        catch
        {
            await FailAsync(run).ConfigureAwait(false);
            throw;
        }
    }

    static async Task FailAsync(ActiveRun run)
    {
        try { await run.EndAsync(RunStatus.Failed, CancellationToken.None).ConfigureAwait(false); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort: the job's own error is what the user needs; the run stays RUNNING in the store.
        }
    }

    static BacktestOptions Options(BacktestRequest r)
    {
        var options = new BacktestOptions
        {
            InitialCash = r.Capital,
            Commission = r.Commission > 0 ? new PercentOfValueCommission(r.Commission) : ZeroCommission.Instance,
            SlippageBps = r.SlippageBps,
            Sizer = r.Size >= 1 ? AllInSizer.Instance : new FixedFractionSizer(r.Size),
        };
        options.Validate();
        return options;
    }

    static IReadOnlyList<Param> TrackedOptions(BacktestRequest r)
    {
        var list = new List<Param>
        {
            new("strategy", r.Strategy),
            new("data", Path.GetFileName(r.DataPath)),
            new("cash", Num(r.Capital)),
            new("commission_pct", Num(r.Commission)),
            new("slippage_bps", Num(r.SlippageBps)),
            new("fill", "next-open"),
            new("sizing", r.Size >= 1 ? "all-in" : "fraction:" + Num(r.Size)),
        };
        if (Day(r.Start) is { } start) list.Add(new("start", start));
        if (Day(r.End) is { } end) list.Add(new("end", end));
        return list;
    }

    static string RunName(BacktestRequest r) =>
        r.Strategy + (r.Parameters.Count == 0 ? "" : "(" + string.Join(",", r.Parameters.Select(p => $"{p.Key}={p.Value}")) + ")") + " " + r.Symbol;

    static IReadOnlyDictionary<string, string>? ExperimentTags(string name) =>
        ExperimentName.TryParse(name, out var parsed, out _) && parsed is not null ? ResearchTags.For(parsed) : null;

    static string? Day(DateTime? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
