using System.Globalization;

namespace Quarry.Backtesting.Tests.Engine;

/// <summary>
/// An independent, deliberately plain re-implementation of the reference backtest, sharing no code with the engine:
/// it reads the CSV columns itself, computes SMAs by summing each window, detects crossings with the
/// last-non-zero-difference rule, and books long-only all-in trades at the next open with a percentage commission
/// on both sides. Size = floor(cash / (open × (1 + rate))).
/// </summary>
internal sealed class NaiveSmaCrossBacktest
{
    public sealed record Trade(string EntryDate, double EntryPrice, double Shares, string? ExitDate, double? ExitPrice, double NetPnl);

    public List<Trade> Trades { get; } = [];
    public double FinalValue { get; private set; }
    public double Cash { get; private set; }
    public double Shares { get; private set; }

    public static NaiveSmaCrossBacktest Run(string csvPath, int fast, int slow, double cash, double rate)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        int dateCol = Array.IndexOf(header, "Date"), openCol = Array.IndexOf(header, "Open"), closeCol = Array.IndexOf(header, "Close");
        int n = lines.Length - 1;
        var date = new string[n];
        double[] open = new double[n], close = new double[n];
        for (int i = 0; i < n; i++)
        {
            var f = lines[i + 1].Split(',');
            date[i] = f[dateCol];
            open[i] = double.Parse(f[openCol], CultureInfo.InvariantCulture);
            close[i] = double.Parse(f[closeCol], CultureInfo.InvariantCulture);
        }

        double[] smaFast = Sma(close, fast), smaSlow = Sma(close, slow);
        var signal = new int[n];
        int lastSign = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(smaFast[i]) || double.IsNaN(smaSlow[i])) continue;
            double diff = smaFast[i] - smaSlow[i];
            if (diff > 0) { if (lastSign < 0) signal[i] = 1; lastSign = 1; }
            else if (diff < 0) { if (lastSign > 0) signal[i] = -1; lastSign = -1; }
        }

        var run = new NaiveSmaCrossBacktest();
        double shares = 0, entryPrice = 0, entryFee = 0;
        string entryDate = "";
        int pending = 0;
        for (int i = 0; i < n; i++)
        {
            if (pending == 1 && shares == 0)
            {
                double q = Math.Floor(cash / (open[i] * (1 + rate)));
                if (q > 0)
                {
                    double cost = q * open[i], fee = cost * rate;
                    cash -= cost + fee;
                    (shares, entryPrice, entryFee, entryDate) = (q, open[i], fee, date[i]);
                }
            }
            else if (pending == -1 && shares > 0)
            {
                double proceeds = shares * open[i], fee = proceeds * rate;
                cash += proceeds - fee;
                run.Trades.Add(new Trade(entryDate, entryPrice, shares, date[i], open[i], shares * (open[i] - entryPrice) - entryFee - fee));
                shares = 0;
            }
            pending = i + 1 < n ? signal[i] : 0;
        }
        if (shares > 0)
            run.Trades.Add(new Trade(entryDate, entryPrice, shares, null, null, shares * (close[^1] - entryPrice) - entryFee));
        run.Cash = cash;
        run.Shares = shares;
        run.FinalValue = cash + shares * close[^1];
        return run;
    }

    static double[] Sma(double[] x, int period)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            if (i < period - 1) { r[i] = double.NaN; continue; }
            double sum = 0;
            for (int k = i - period + 1; k <= i; k++) sum += x[k];
            r[i] = sum / period;
        }
        return r;
    }
}
