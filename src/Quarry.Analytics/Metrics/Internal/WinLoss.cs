namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// One pass over a return series collecting what the per-period win/loss statistics need: counts and sums of
/// positive, negative and zero returns, and the longest runs of positive and of negative returns. NaN values are
/// neither wins nor losses nor zeros (they are only counted in <see cref="Count"/>) and end runs.
/// </summary>
internal readonly struct WinLoss
{
    /// <summary>All values, NaN included.</summary>
    public int Count { get; init; }

    /// <summary>Values &gt; 0.</summary>
    public int Wins { get; init; }

    /// <summary>Values &lt; 0.</summary>
    public int Losses { get; init; }

    /// <summary>Values == 0.</summary>
    public int Zeros { get; init; }

    /// <summary>Σ of values &gt; 0.</summary>
    public double WinSum { get; init; }

    /// <summary>Σ of values &lt; 0 (≤ 0).</summary>
    public double LossSum { get; init; }

    /// <summary>Σ of all values (NaN if any is NaN).</summary>
    public double Sum { get; init; }

    /// <summary>Longest run of consecutive values &gt; 0.</summary>
    public int LongestWinRun { get; init; }

    /// <summary>Longest run of consecutive values &lt; 0.</summary>
    public int LongestLossRun { get; init; }

    /// <summary>#{r &gt; 0} / #{r ≠ 0} (NaN counts as ≠ 0, as in pandas); 0 when no value is non-zero.</summary>
    public double WinRate => Count - Zeros == 0 ? 0 : (double)Wins / (Count - Zeros);

    /// <summary>mean{r ≠ 0}; NaN when none.</summary>
    public double AvgReturn => Wins + Losses == 0 ? double.NaN : (WinSum + LossSum) / (Wins + Losses);

    /// <summary>mean{r &gt; 0}; NaN when none.</summary>
    public double AvgWin => Wins == 0 ? double.NaN : WinSum / Wins;

    /// <summary>mean{r &lt; 0}; NaN when none.</summary>
    public double AvgLoss => Losses == 0 ? double.NaN : LossSum / Losses;

    /// <summary>mean{r ≥ 0}; NaN when none.</summary>
    public double AvgNonNegative => Wins + Zeros == 0 ? double.NaN : WinSum / (Wins + Zeros);

    /// <summary>avg_win / |avg_loss|; NaN without a loss (or without a win).</summary>
    public double PayoffRatio => AvgWin / Math.Abs(AvgLoss);

    /// <summary>Σ{r ≥ 0} / |Σ{r &lt; 0}|; without losses 0 when the numerator is 0, else +∞.</summary>
    public double ProfitFactor => LossSum == 0 ? (WinSum == 0 ? 0 : double.PositiveInfinity) : WinSum / -LossSum;

    /// <summary>|mean(W)/#W| / |mean(L)/#L| with W = {r ≥ 0}, L = {r &lt; 0}; 0 when W is empty, NaN when L is empty.</summary>
    public double ProfitRatio
    {
        get
        {
            int w = Wins + Zeros;
            if (w == 0) return 0;
            if (Losses == 0) return double.NaN;
            return Math.Abs(WinSum / w / w) / Math.Abs(LossSum / Losses / Losses);
        }
    }

    /// <summary>Σr / |Σ{r &lt; 0}|; NaN without a negative value.</summary>
    public double GainToPain => LossSum == 0 ? double.NaN : Sum / -LossSum;

    /// <summary>(payoff·p − (1 − p)) / payoff with p = win rate; NaN when the payoff ratio is 0 or NaN.</summary>
    public double Kelly
    {
        get
        {
            double payoff = PayoffRatio, p = WinRate;
            return payoff == 0 || double.IsNaN(payoff) ? double.NaN : (payoff * p - (1 - p)) / payoff;
        }
    }

    /// <summary>((1 − p)/(1 + p))^N with p = win rate and N = all values; NaN when empty.</summary>
    public double RiskOfRuin => Count == 0 ? double.NaN : Math.Pow((1 - WinRate) / (1 + WinRate), Count);

    /// <summary>Collects the statistics of <paramref name="x"/>.</summary>
    public static WinLoss Of(ReadOnlySpan<double> x)
    {
        // Branch-free per value (conditional moves, min/max): return signs are unpredictable, so branches would be
        // mispredicted half the time. NaN, rare, takes the one predictable branch.
        int wins = 0, losses = 0, zeros = 0, winRun = 0, lossRun = 0, longestWin = 0, longestLoss = 0;
        double winSum = 0, lossSum = 0, sum = 0;
        foreach (double v in x)
        {
            sum += v;
            if (double.IsNaN(v))
            {
                winRun = lossRun = 0;
                continue;
            }
            int win = v > 0 ? 1 : 0, loss = v < 0 ? 1 : 0;
            wins += win;
            losses += loss;
            zeros += 1 - win - loss;
            winSum += Math.Max(v, 0);
            lossSum += Math.Min(v, 0);
            winRun = win == 1 ? winRun + 1 : 0;
            lossRun = loss == 1 ? lossRun + 1 : 0;
            longestWin = Math.Max(longestWin, winRun);
            longestLoss = Math.Max(longestLoss, lossRun);
        }
        return new WinLoss
        {
            Count = x.Length, Wins = wins, Losses = losses, Zeros = zeros, WinSum = winSum, LossSum = lossSum, Sum = sum,
            LongestWinRun = longestWin, LongestLossRun = longestLoss,
        };
    }
}
