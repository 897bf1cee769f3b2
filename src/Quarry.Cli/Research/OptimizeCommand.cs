using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Output;
using Quarry.Core;
using Quarry.Optimization;
using Spectre.Console;

namespace Quarry.Cli.Research;

internal static class OptimizeCommand
{
    /// <summary>Study user attribute holding the command-line arguments that define the objective (read by `quarry worker`).</summary>
    public const string ArgsAttribute = "quarry.args";

    public static Command Create()
    {
        var inputs = new OptimizeInputs();
        var track = new Tracking.TrackOptions();
        var top = new Option<int>("--top") { Description = "trials to print", DefaultValueFactory = _ => 10 };
        var best = new Option<string>("--best") { Description = "write the best parameters as JSON to this file" };
        var json = new Option<string>("--json") { Description = "write the study summary (best trial and every trial) as JSON ('-' = stdout)" };
        var command = new Command("optimize", """
            Search a strategy's parameters with Bayesian optimization (TPE, as Optuna does it), random or grid search,
            with optional pruning and constraints. The space comes from the strategy's declared parameters unless
            --space narrows it. Ctrl-C stops cleanly and keeps every finished trial; with --storage the study can be
            resumed (same --study) and shared with `quarry worker` processes on other machines.

            Examples:
              quarry optimize --data samples/data/orcl-1995-2014.txt --strategy sma-cross --metric sharpe --trials 200 --jobs 2
              quarry optimize -d samples/data/spy-2000-2016.csv -s rsi-reversion --metric cagr --constraint "max_drawdown > -0.25" \
                --pruner median --study rsi --storage sqlite:studies.db --seed 7 --best best.json
              quarry optimize -d samples/data/orcl-1995-2014.txt -s sma-cross --trials 100 --track --project Alpha --asset-class Equities --strategy-family Trend
            """);
        inputs.AddTo(command);
        foreach (var option in new Option[] { top, best, json }) command.Options.Add(option);
        track.AddTo(command);
        command.SetAction((parse, cancellation) =>
        {
            var setup = inputs.Build(parse);
            var experiment = parse.GetValue(track.Track) ? track.Name(parse, setup.StrategyName) : null;
            var storage = StudyStorages.Open(parse.GetValue(inputs.Storage));
            var name = parse.GetValue(inputs.Study) ?? $"{setup.StrategyName}-{setup.Objective.Metric}-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            var study = Study.CreateOrLoad(name, setup.Direction, setup.Sampler, setup.Pruner, storage);
            if (study.Direction != setup.Direction)
                throw new QuarryException(ErrorCode.InvalidState, $"Study '{name}' exists with direction {study.Direction}; use another --study name.");
            storage.SetStudyUserAttribute(study.Id, ArgsAttribute, JsonSerializer.Serialize(parse.Tokens.Select(t => t.Value).ToArray()));
            using var tracker = experiment is null ? null : Tracking.StudyTracker.Start(track.Location.Open(parse), experiment, parse.GetValue(track.Team), study, setup);
            var result = Run(study, setup, cancellation, afterTrial: tracker is null ? null : tracker.OnTrialFinished);
            Report(study, setup, parse.GetValue(top), result.Elapsed);
            if (parse.GetValue(best) is { } bestPath) WriteBest(bestPath, study);
            if (parse.GetValue(json) is { } jsonPath) Json.Write(jsonPath, w => StudyJson.Write(w, study));
            if (tracker is not null)
            {
                tracker.Complete(study);
                Console.WriteLine($"tracked study as run {tracker.ParentRunId} with {tracker.ChildRuns} child runs in experiment {experiment}");
            }
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>Runs the study's remaining budget with a progress bar showing the best value so far.</summary>
    public static OptimizeResult Run(Study study, OptimizationSetup setup, CancellationToken cancellation, TimeSpan? heartbeat = null,
        Action<Study, FrozenTrial>? afterTrial = null)
    {
        int already = study.Trials.Count(t => t.IsFinished || t.State == TrialState.Running);
        var options = new OptimizeOptions
        {
            Trials = setup.Trials, Jobs = setup.Jobs, Timeout = setup.Timeout, StopWhenBudgetSpent = true,
            Catch = [typeof(QuarryException), typeof(ArithmeticException)], HeartbeatInterval = heartbeat, Callback = afterTrial,
        };
        return Output.Progress.Run($"{study.Name}: {setup.Trials - already} trials", setup.Trials - already, progress =>
        {
            var reporter = progress is null ? null : new BestSoFar(study, setup.Objective.Metric, progress);
            return study.Optimize(setup.Objective.Evaluate, options with { Progress = reporter }, cancellation);
        });
    }

    static void Report(Study study, OptimizationSetup setup, int top, TimeSpan elapsed)
    {
        var trials = study.Trials;
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(study.Name)}[/]: {trials.Count} trials " +
            $"({complete.Count} complete, {trials.Count(t => t.State == TrialState.Pruned)} pruned, {trials.Count(t => t.State == TrialState.Fail)} failed) " +
            $"in {elapsed.TotalSeconds:0.0} s, sampler {setup.Sampler.GetType().Name}, pruner {setup.Pruner.GetType().Name}");
        if (complete.Count == 0) { AnsiConsole.MarkupLine("[red]no complete trial[/]"); return; }
        var ranked = (study.Direction == StudyDirection.Maximize ? complete.OrderByDescending(t => t.Value) : complete.OrderBy(t => t.Value))
            .OrderByDescending(t => t.IsFeasible).Take(top).ToList();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn(new TableColumn(setup.Objective.Metric).RightAligned());
        foreach (var name in setup.Space.Searched.Keys) table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        foreach (var extra in new[] { "cagr", "max_drawdown", "trades" }) table.AddColumn(new TableColumn(extra).RightAligned());
        if (setup.Constraints.Count > 0) table.AddColumn("feasible");
        foreach (var t in ranked)
        {
            var metrics = t.UserAttributes.TryGetValue("metrics", out var m) ? JsonSerializer.Deserialize<Dictionary<string, double>>(m)! : [];
            var cells = new List<string> { t.Number.ToString(CultureInfo.InvariantCulture), Num(t.Value ?? double.NaN) };
            cells.AddRange(setup.Space.Searched.Keys.Select(k => Markup.Escape(SearchSpace.Text(t.Param(k)))));
            cells.AddRange(new[] { "cagr", "max_drawdown", "trades" }.Select(k => metrics.TryGetValue(k, out var v) ? Num(v) : "—"));
            if (setup.Constraints.Count > 0) cells.Add(t.IsFeasible ? "[green]yes[/]" : "[red]no[/]");
            table.AddRow([.. cells]);
        }
        AnsiConsole.Write(table);
        var bestTrial = study.BestTrial;
        AnsiConsole.MarkupLine($"best: trial #{bestTrial.Number}, {setup.Objective.Metric} = {Num(bestTrial.Value ?? double.NaN)}, " +
            Markup.Escape(string.Join(" ", study.BestParams.Select(p => $"{p.Key}={SearchSpace.Text(p.Value)}"))));
    }

    static string Num(double v) => double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    static void WriteBest(string path, Study study) => FileOutput.Text(path, w =>
        w.Write(JsonSerializer.Serialize(study.BestParams.ToDictionary(p => p.Key, p => p.Value), new JsonSerializerOptions { WriteIndented = true })));

    sealed class BestSoFar(Study study, string metric, ProgressReporter progress) : IProgress<FrozenTrial>
    {
        long _done;
        double? _best;
        readonly Lock _gate = new();

        public void Report(FrozenTrial trial)
        {
            progress.Report(Interlocked.Increment(ref _done));
            if (trial.State != TrialState.Complete || trial.Value is not { } value) return;
            lock (_gate)
            {
                if (_best is { } b && (study.Direction == StudyDirection.Maximize ? value <= b : value >= b)) return;
                _best = value;
                progress.Describe($"best {metric} {Num(value)} (#{trial.Number})");
            }
        }
    }
}
