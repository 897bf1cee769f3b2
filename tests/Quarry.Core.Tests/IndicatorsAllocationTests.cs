namespace Quarry.Core.Tests;

/// <summary>Every kernel allocates 0 bytes once warmed up.</summary>
public class IndicatorsAllocationTests
{
    const int Length = 5000;
    static readonly double[] High = new double[Length], Low = new double[Length], Close = new double[Length];
    static readonly double[] D1 = new double[Length], D2 = new double[Length], D3 = new double[Length];

    static IndicatorsAllocationTests()
    {
        for (int i = 0; i < Length; i++)
        {
            Close[i] = 100 + 10 * Math.Sin(i * 0.05) + 3 * Math.Sin(i * 0.7);
            High[i] = Close[i] + 1 + Math.Abs(Math.Sin(i * 1.3));
            Low[i] = Close[i] - 1 - Math.Abs(Math.Cos(i * 0.9));
        }
    }

    public static TheoryData<string> Kernels() =>
    [
        "Sma", "Ema", "Wma", "Rsi", "Atr", "TrueRange", "RollingStd", "Bollinger", "ZScore", "Macd", "Roc",
        "Highest", "Lowest", "HighestPooled", "LowestPooled", "Crossings", "CrossOver", "CrossUnder",
    ];

    static void Call(string kernel)
    {
        switch (kernel)
        {
            case "Sma": Indicators.Sma(Close, 20, D1); break;
            case "Ema": Indicators.Ema(Close, 20, D1); break;
            case "Wma": Indicators.Wma(Close, 20, D1); break;
            case "Rsi": Indicators.Rsi(Close, 14, D1); break;
            case "Atr": Indicators.Atr(High, Low, Close, 14, D1); break;
            case "TrueRange": Indicators.TrueRange(High, Low, Close, D1); break;
            case "RollingStd": Indicators.RollingStd(Close, 20, D1); break;
            case "Bollinger": Indicators.Bollinger(Close, 20, 2, D1, D2, D3); break;
            case "ZScore": Indicators.ZScore(Close, 20, D1); break;
            case "Macd": Indicators.Macd(Close, 12, 26, 9, D1, D2, D3); break;
            case "Roc": Indicators.Roc(Close, 10, D1); break;
            case "Highest": Indicators.Highest(Close, 20, D1); break;
            case "Lowest": Indicators.Lowest(Close, 20, D1); break;
            case "HighestPooled": Indicators.Highest(Close, 1000, D1); break;
            case "LowestPooled": Indicators.Lowest(Close, 1000, D1); break;
            case "Crossings": Indicators.Crossings(High, Close, D1); break;
            case "CrossOver": Indicators.CrossOver(Close, Low, D1); break;
            case "CrossUnder": Indicators.CrossUnder(Low, Close, D1); break;
            default: throw new ArgumentException(kernel);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_allocates_nothing_after_warm_up(string kernel)
    {
        Call(kernel);
        Call(kernel);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Call(kernel);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
