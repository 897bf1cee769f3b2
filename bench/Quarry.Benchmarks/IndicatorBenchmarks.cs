using BenchmarkDotNet.Attributes;
using Quarry.Core;

namespace Quarry.Benchmarks;

/// <summary>Indicator kernels over the ORCL bars into a preallocated column; ns and bytes per bar (bytes should be 0).</summary>
[MemoryDiagnoser]
public class IndicatorBenchmarks
{
    double[] _high = null!, _low = null!, _close = null!, _destination = null!;

    /// <summary>Loads the data and allocates the output column once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var orcl = Workspace.LoadOrcl();
        (_high, _low, _close) = (orcl.High, orcl.Low, orcl.Close);
        _destination = new double[orcl.Count];
    }

    /// <summary>SMA(30) of Close.</summary>
    [Benchmark(OperationsPerInvoke = Workspace.OrclBars)]
    public void Sma30() => Indicators.Sma(_close, 30, _destination);

    /// <summary>EMA(30) of Close.</summary>
    [Benchmark(OperationsPerInvoke = Workspace.OrclBars)]
    public void Ema30() => Indicators.Ema(_close, 30, _destination);

    /// <summary>Wilder RSI(14) of Close.</summary>
    [Benchmark(OperationsPerInvoke = Workspace.OrclBars)]
    public void Rsi14() => Indicators.Rsi(_close, 14, _destination);

    /// <summary>Wilder ATR(14).</summary>
    [Benchmark(OperationsPerInvoke = Workspace.OrclBars)]
    public void Atr14() => Indicators.Atr(_high, _low, _close, 14, _destination);
}
