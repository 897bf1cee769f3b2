using BenchmarkDotNet.Attributes;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Benchmarks;

/// <summary>Loading the ORCL CSV sample (5,036 rows) with MarketData.Load; ns and bytes per bar.</summary>
[MemoryDiagnoser]
public class DataBenchmarks
{
    string _path = null!;

    /// <summary>Resolves the file once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Workspace.OrclPath();
        _ = Workspace.LoadOrcl();
    }

    /// <summary>MarketData.Load of the CSV file.</summary>
    [Benchmark(OperationsPerInvoke = Workspace.OrclBars)]
    public BarSeries LoadCsv() => MarketData.Load(_path);
}
