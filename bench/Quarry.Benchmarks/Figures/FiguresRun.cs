using System.Diagnostics;
using System.Runtime.InteropServices;
using Quarry.Analytics.Inputs;
using Quarry.Analytics.Metrics;
using Quarry.Analytics.Tearsheets;
using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Backtesting.Sweeps;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Benchmarks.Figures;

/// <summary>
/// The default mode: times each headline figure at steady state with a Stopwatch median, then prints one table with
/// units and targets. About half a minute; figures, never a pass/fail exit code.
/// </summary>
internal sealed class FiguresRun(TextWriter output)
{
    const int Samples = 21;
    const double BacktestTargetMs = 0.3, SweepTargetMs = 10, FlatTolerance = 1.10;
    static readonly TimeSpan WarmupTogether = TimeSpan.FromSeconds(5);
    static readonly TimeSpan MinWarmup = TimeSpan.FromMilliseconds(500), MaxWarmup = TimeSpan.FromSeconds(4);
    static readonly TimeSpan ShortSample = TimeSpan.FromMilliseconds(25), BacktestSample = TimeSpan.FromMilliseconds(60);

    readonly FigureTable _table = new();
    readonly BarSeries _orcl = Workspace.LoadOrcl();
    readonly BacktestOptions _options = Workspace.ReferenceOptions();
    readonly List<string> _notes = [];
    readonly MachineLoad _load = new();

    /// <summary>Measures everything and writes the header, the table and the notes.</summary>
    public void Run()
    {
        var clock = Stopwatch.StartNew();
        WriteHeader();
        long start = Stopwatch.GetTimestamp();
        double cold = Cold();
        WarmUpEverything();
        _notes.Add($"Warm-up: {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s for all paths together, then per item.");
        Backtests(cold);
        Sweeps();
        MemoryFlatness();
        IndicatorKernels();
        CsvLoad();
        Analytics();
        _table.Write(output);
        foreach (var note in _notes) output.WriteLine(note);
        output.WriteLine($"Figures took {clock.Elapsed.TotalSeconds:F0} s.");
        double others = _load.OthersShare();
        if (!double.IsNaN(others))
            output.WriteLine($"Other processes used {others:P0} of the {Environment.ProcessorCount} cores meanwhile" +
                (others > 0.05 ? ": the machine was busy, so these figures are slower and noisier than on a quiet one." : "."));
    }

    void WriteHeader()
    {
#if DEBUG
        output.WriteLine("WARNING: Debug build; run with -c Release for meaningful figures.");
#endif
        output.WriteLine($"Quarry figures — {Path.GetFileName(Workspace.OrclPath())}, {Units.Count(_orcl.Count)} bars, " +
            $"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        output.WriteLine($"Steady state: all paths run together for {WarmupTogether.TotalSeconds:F0} s (tiered JIT takes seconds to settle), " +
            $"then each item until its speed settles; the median of {Samples} samples is reported. Allocations count all threads.");
        output.WriteLine();
    }

    static Timing Time(Action action, int samples, TimeSpan sampleTime) =>
        Stopwatches.Measure(action, samples, sampleTime, MinWarmup, MaxWarmup);

    /// <summary>The first backtest in the process, JIT included: what a one-off CLI backtest pays.</summary>
    double Cold()
    {
        long start = Stopwatch.GetTimestamp();
        BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>
    /// Runs every single-threaded path round-robin so that all of it is jitted and promoted before anything is timed.
    /// The parallel sweep is left out so that the JIT's background thread keeps a core.
    /// </summary>
    void WarmUpEverything()
    {
        var grid = Workspace.ReferenceGrid();
        var destination = new double[_orcl.Count];
        string path = Workspace.OrclPath();
        Action[] paths =
        [
            () => _ = BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options).Summary,
            () => VectorizedBacktest.Run(Workspace.ReferenceStrategy(), _orcl, _options),
            () => Sweep.Run(typeof(SmaCross), [_orcl], grid, _options, 1),
            () => Indicators.Sma(_orcl.Close, 30, destination),
            () => Indicators.Ema(_orcl.Close, 30, destination),
            () => Indicators.Rsi(_orcl.Close, 14, destination),
            () => Indicators.Atr(_orcl.High, _orcl.Low, _orcl.Close, 14, destination),
            () => MarketData.Load(path),
        ];
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < WarmupTogether)
            foreach (var run in paths) run();
    }

    void Backtests(double cold)
    {
        _table.Section("Reference backtest: SmaCross 10/30, 0.1 % commission, next-open, all-in (indicators included)");
        var result = BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options);
        var engine = Time(() => BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options), Samples, BacktestSample);
        Add("BacktestEngine.Run", Units.Ms(engine.MedianSeconds, 3), Units.Ms(engine.MinSeconds, 3),
            Units.NsPer(engine.MedianSeconds, _orcl.Count, "bar"), Units.Bytes(engine.AllocatedBytes),
            $"< {BacktestTargetMs} ms", engine.MedianSeconds * 1e3 < BacktestTargetMs);
        var withSummary = Time(() => _ = BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options).Summary, Samples, BacktestSample);
        Add("  + result.Summary (metrics)", Units.Ms(withSummary.MedianSeconds, 3), Units.Ms(withSummary.MinSeconds, 3),
            Units.NsPer(withSummary.MedianSeconds, _orcl.Count, "bar"), Units.Bytes(withSummary.AllocatedBytes), "—", null);
        _table.Add(new("  first call in the process (JIT)", Units.Ms(cold, 1), "", "", "", "—", null));
        var vector = Time(() => VectorizedBacktest.Run(Workspace.ReferenceStrategy(), _orcl, _options), Samples, BacktestSample);
        Add("VectorizedBacktest.Run", Units.Ms(vector.MedianSeconds, 3), Units.Ms(vector.MinSeconds, 3),
            Units.NsPer(vector.MedianSeconds, _orcl.Count, "bar"), Units.Bytes(vector.AllocatedBytes), "—", null);
        _notes.Add($"Reference result: {result.Summary.Trades} trades, final value {result.Summary.FinalValue:N2}. Timed " +
            $"{Units.Count(engine.Calls)} engine runs (after {engine.WarmupSeconds:F1} s more warm-up) and {Units.Count(vector.Calls)} vectorised runs.");
    }

    void Sweeps()
    {
        var grid = Workspace.ReferenceGrid();
        long barCells = grid.Count * _orcl.Count;
        _table.Section($"Sweep: {grid.Count} cells (fast=5:50:5 × slow=20:200:20), fresh indicator cache per sweep");
        foreach (int jobs in new[] { 1, 0 })
        {
            var t = Time(() => Sweep.Run(typeof(SmaCross), [_orcl], grid, _options, jobs), Samples, TimeSpan.Zero);
            bool all = jobs == 0;
            Add(all ? $"Sweep.Run jobs: 0 ({Environment.ProcessorCount} cores)" : "Sweep.Run jobs: 1",
                Units.Ms(t.MedianSeconds), Units.Ms(t.MinSeconds), Units.NsPer(t.MedianSeconds, barCells, "bar×cell"),
                Units.Bytes(t.AllocatedBytes / grid.Count) + "/cell",
                all ? $"< {SweepTargetMs} ms on 2 cores" : "—", all ? t.MedianSeconds * 1e3 < SweepTargetMs : null);
            _table.Add(new("  throughput", Units.Rate(barCells / t.MedianSeconds, "bar×combos/s"),
                Units.Rate(barCells / t.MinSeconds, "/s"), "", "", "—", null));
        }
    }

    void MemoryFlatness()
    {
        _table.Section("Memory vs grid size (jobs: 0): allocated bytes per cell must not grow with the number of cells");
        double baseline = double.NaN;
        bool resettable = true;
        foreach (int cells in new[] { 100, 400, 1600 })
        {
            var grid = Workspace.GridOf(cells);
            resettable &= PeakMemory.Reset();
            long idle = PeakMemory.Current();
            var t = Stopwatches.Measure(() => Sweep.Run(typeof(SmaCross), [_orcl], grid, _options, 0), cells >= 1600 ? 5 : 9,
                TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));
            long peak = PeakMemory.Peak();
            double perCell = t.AllocatedBytes / cells;
            if (cells == 100) baseline = perCell;
            Add($"{Units.Count(cells)} cells", Units.Ms(t.MedianSeconds), Units.Ms(t.MinSeconds),
                $"peak WS {Units.Bytes(peak)} (+{Units.Bytes(peak - idle)})", Units.Bytes(perCell) + "/cell",
                cells == 100 ? "baseline" : $"≤ 100-cell + {FlatTolerance - 1:P0}", cells == 100 ? null : perCell <= baseline * FlatTolerance);
        }
        if (!resettable) _notes.Add("Peak working set could not be reset between sizes (no /proc/self/clear_refs): it is the process peak so far.");
    }

    void IndicatorKernels()
    {
        _table.Section($"Indicator kernels over {Units.Count(_orcl.Count)} bars into a preallocated column");
        var destination = new double[_orcl.Count];
        (string Name, Action Kernel)[] kernels =
        [
            ("Indicators.Sma(30)", () => Indicators.Sma(_orcl.Close, 30, destination)),
            ("Indicators.Ema(30)", () => Indicators.Ema(_orcl.Close, 30, destination)),
            ("Indicators.Rsi(14)", () => Indicators.Rsi(_orcl.Close, 14, destination)),
            ("Indicators.Atr(14)", () => Indicators.Atr(_orcl.High, _orcl.Low, _orcl.Close, 14, destination)),
        ];
        foreach (var (name, kernel) in kernels)
        {
            var t = Time(kernel, Samples, ShortSample);
            Add(name, Units.Us(t.MedianSeconds), Units.Us(t.MinSeconds), Units.NsPer(t.MedianSeconds, _orcl.Count, "bar"),
                Units.Bytes(t.AllocatedBytes), "0 B", t.AllocatedBytes == 0);
        }
    }

    void CsvLoad()
    {
        _table.Section("Data");
        string path = Workspace.OrclPath();
        var t = Time(() => MarketData.Load(path), Samples, ShortSample);
        Add("MarketData.Load (CSV)", Units.Ms(t.MedianSeconds), Units.Ms(t.MinSeconds),
            Units.NsPer(t.MedianSeconds, _orcl.Count, "bar"), Units.Bytes(t.AllocatedBytes), "—", null);
        double megabytes = new FileInfo(path).Length / 1e6;
        _notes.Add($"CSV load: {megabytes:F2} MB file, {megabytes / t.MedianSeconds:F0} MB/s.");
    }

    void Analytics()
    {
        var result = BacktestEngine.Run(Workspace.ReferenceStrategy(), _orcl, _options);
        var returns = result.Returns();
        var time = result.Time;
        var benchmark = BenchmarkData.Load(Path.Combine(Workspace.RepoRoot(), "samples", "data", "spy-benchmark-returns-1993-2018.csv"));
        var aligned = Alignment.Align(new TimeSeries("orcl", time, returns), benchmark.Returns);
        _table.Section($"Analytics on the reference backtest's {Units.Count(aligned.Time.Length)} daily returns vs SPY");
        var options = new MetricOptions();
        var metrics = Time(() => MetricTable.Compute(aligned.Time, aligned.Strategy, aligned.Benchmark, options), Samples, ShortSample);
        int count = MetricTable.Compute(aligned.Time, aligned.Strategy, aligned.Benchmark, options).Count;
        Add($"MetricTable.Compute ({count} metrics, with benchmark)", Units.Ms(metrics.MedianSeconds, 3), Units.Ms(metrics.MinSeconds, 3),
            Units.NsPer(metrics.MedianSeconds, aligned.Time.Length, "return"), Units.Bytes(metrics.AllocatedBytes), "< 1 ms", metrics.MedianSeconds * 1e3 < 1);
        var destination = new double[aligned.Time.Length];
        var rolling = Time(() =>
        {
            Rolling.Sharpe(aligned.Strategy, 126, 252, destination);
            Rolling.Sortino(aligned.Strategy, 126, 252, destination);
            Rolling.Volatility(aligned.Strategy, 126, 252, destination);
            Rolling.Beta(aligned.Strategy, aligned.Benchmark, 126, destination);
        }, Samples, ShortSample);
        Add("Rolling Sharpe + Sortino + volatility + beta (126)", Units.Ms(rolling.MedianSeconds, 3), Units.Ms(rolling.MinSeconds, 3),
            Units.NsPer(rolling.MedianSeconds, aligned.Time.Length, "return"), Units.Bytes(rolling.AllocatedBytes), "< 5 ms", rolling.MedianSeconds * 1e3 < 5);
        var inputs = new TearsheetInputs { Benchmark = benchmark };
        var build = Time(() => TearsheetBuilder.FromBacktest(result, inputs), Samples, ShortSample);
        Add("TearsheetBuilder.FromBacktest (everything)", Units.Ms(build.MedianSeconds), Units.Ms(build.MinSeconds), "",
            Units.Bytes(build.AllocatedBytes), "—", null);
        var sheet = TearsheetBuilder.FromBacktest(result, inputs);
        var html = Time(() => HtmlTearsheet.Render(sheet), Samples, ShortSample);
        int size = System.Text.Encoding.UTF8.GetByteCount(HtmlTearsheet.Render(sheet));
        Add("HtmlTearsheet.Render", Units.Ms(html.MedianSeconds), Units.Ms(html.MinSeconds), $"file {Units.Bytes(size)}",
            Units.Bytes(html.AllocatedBytes), "< 200 ms", html.MedianSeconds * 1e3 < 200);
    }

    void Add(string name, string value, string best, string perUnit, string allocated, string target, bool? met) =>
        _table.Add(new(name, value, best, perUnit, allocated, target, met));
}
