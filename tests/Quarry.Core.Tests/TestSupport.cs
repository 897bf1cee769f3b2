using System.Globalization;

namespace Quarry.Core.Tests;

/// <summary>Columns of samples/data/orcl-1995-2014.txt (Date,Open,High,Low,Close,Adj Close,Volume), parsed by hand.</summary>
internal sealed class OrclBars
{
    static readonly Lazy<OrclBars> Loaded = new(Load);

    OrclBars(double[] high, double[] low, double[] close)
    {
        High = high;
        Low = low;
        Close = close;
    }

    public static OrclBars Instance => Loaded.Value;

    public double[] High { get; }
    public double[] Low { get; }
    public double[] Close { get; }

    static OrclBars Load()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepoRoot(), "samples", "data", "orcl-1995-2014.txt"));
        int n = lines.Length - 1;
        double[] high = new double[n], low = new double[n], close = new double[n];
        for (int i = 0; i < n; i++)
        {
            string[] f = lines[i + 1].Split(',');
            high[i] = double.Parse(f[2], CultureInfo.InvariantCulture);
            low[i] = double.Parse(f[3], CultureInfo.InvariantCulture);
            close[i] = double.Parse(f[4], CultureInfo.InvariantCulture);
        }
        return new OrclBars(high, low, close);
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quarry.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Quarry.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Straightforward O(n·period) reference implementations, written independently of the kernels.</summary>
internal static class Naive
{
    public static double[] Sma(double[] x, int period)
    {
        var r = Nans(x.Length);
        for (int i = period - 1; i < x.Length; i++)
        {
            double s = 0;
            for (int k = i - period + 1; k <= i; k++) s += x[k];
            r[i] = s / period;
        }
        return r;
    }

    public static double[] Wma(double[] x, int period)
    {
        var r = Nans(x.Length);
        for (int i = period - 1; i < x.Length; i++)
        {
            double s = 0, w = 0;
            for (int k = 0; k < period; k++)
            {
                s += (period - k) * x[i - k];
                w += period - k;
            }
            r[i] = s / w;
        }
        return r;
    }

    public static double[] Std(double[] x, int period, int ddof = 0)
    {
        var r = Nans(x.Length);
        for (int i = period - 1; i < x.Length; i++)
        {
            double m = 0, q = 0;
            for (int k = i - period + 1; k <= i; k++) m += x[k];
            m /= period;
            for (int k = i - period + 1; k <= i; k++) q += (x[k] - m) * (x[k] - m);
            r[i] = Math.Sqrt(q / (period - ddof));
        }
        return r;
    }

    public static double[] Highest(double[] x, int period, bool max)
    {
        var r = Nans(x.Length);
        for (int i = period - 1; i < x.Length; i++)
        {
            double e = x[i];
            for (int k = i - period + 1; k <= i; k++)
            {
                if (double.IsNaN(x[k])) { e = double.NaN; break; }
                e = max ? Math.Max(e, x[k]) : Math.Min(e, x[k]);
            }
            r[i] = e;
        }
        return r;
    }

    /// <summary>Wilder RSI from explicit gain/loss arrays; RSI as 100·G/(G+L), algebraically equal to 100 - 100/(1+RS).</summary>
    public static double[] Rsi(double[] x, int period)
    {
        int n = x.Length;
        var r = Nans(n);
        double[] gain = new double[n], loss = new double[n];
        for (int i = 1; i < n; i++)
        {
            gain[i] = Math.Max(x[i] - x[i - 1], 0);
            loss[i] = Math.Max(x[i - 1] - x[i], 0);
        }
        double g = 0, l = 0;
        for (int i = 1; i <= period; i++) { g += gain[i]; l += loss[i]; }
        g /= period;
        l /= period;
        for (int i = period; i < n; i++)
        {
            if (i > period)
            {
                g = (g * (period - 1) + gain[i]) / period;
                l = (l * (period - 1) + loss[i]) / period;
            }
            r[i] = g + l == 0 ? 50 : 100 * g / (g + l);
        }
        return r;
    }

    public static double[] Atr(double[] h, double[] l, double[] c, int period)
    {
        int n = c.Length;
        var r = Nans(n);
        double[] tr = new double[n];
        for (int i = 1; i < n; i++)
            tr[i] = new[] { h[i] - l[i], Math.Abs(h[i] - c[i - 1]), Math.Abs(l[i] - c[i - 1]) }.Max();
        double a = 0;
        for (int i = 1; i <= period; i++) a += tr[i];
        a /= period;
        for (int i = period; i < n; i++)
        {
            if (i > period) a = (a * (period - 1) + tr[i]) / period;
            r[i] = a;
        }
        return r;
    }

    public static double[] Nans(int n)
    {
        var r = new double[n];
        Array.Fill(r, double.NaN);
        return r;
    }
}

internal static class AssertEx
{
    /// <summary>Element-wise equality with an absolute-or-relative tolerance; NaN must match NaN.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                Assert.True(double.IsNaN(e) && double.IsNaN(a), $"index {i}: expected {e}, actual {a}");
                continue;
            }
            double scale = Math.Max(1.0, Math.Abs(e));
            Assert.True(Math.Abs(e - a) <= tolerance * scale, $"index {i}: expected {e:R}, actual {a:R}");
        }
    }

    public static double[] Nan(int count) => Naive.Nans(count);

    public const double N = double.NaN;
}
