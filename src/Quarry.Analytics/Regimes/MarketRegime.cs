namespace Quarry.Analytics.Regimes;

/// <summary>The market regime of one return period: trend (bull / bear) × volatility (calm / volatile).</summary>
public enum MarketRegime
{
    /// <summary>The regime inputs did not exist yet (SMA or volatility warm-up, no benchmark or volatility data yet), or the first period.</summary>
    Unclassified,
    /// <summary>Benchmark close above its SMA, volatility below the threshold.</summary>
    BullCalm,
    /// <summary>Benchmark close above its SMA, volatility at or above the threshold.</summary>
    BullVolatile,
    /// <summary>Benchmark close at or below its SMA, volatility below the threshold.</summary>
    BearCalm,
    /// <summary>Benchmark close at or below its SMA, volatility at or above the threshold.</summary>
    BearVolatile,
}
