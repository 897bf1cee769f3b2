namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// Sums over a trailing window of <c>window</c> values, advanced one index at a time (0, 1, 2, … with no gaps):
/// Σ(x − K), Σ(x − K)² around a shift K (which keeps the variance free of cancellation) and Σ min(x − τ, 0)² with the
/// count of values below τ. Sums are Neumaier-compensated, and recomputed exactly every <c>window</c> steps so rounding
/// never accumulates beyond one window. A window whose values are all equal has variance exactly 0; one without a value
/// below τ has a downside sum exactly 0. A window holding a non-finite value has no value.
/// </summary>
internal ref struct SlidingWindow
{
    readonly ReadOnlySpan<double> source;
    readonly int window;
    readonly double threshold;
    CompensatedSum s1, s2, down;
    double shift;
    int below, lastBad, run, sinceExact, last;
    bool stale;

    public SlidingWindow(ReadOnlySpan<double> source, int window, double threshold = 0)
    {
        this.source = source;
        this.window = window;
        this.threshold = threshold;
        lastBad = -1;
        stale = true;
    }

    /// <summary>Mean of the window.</summary>
    public readonly double Mean => IsConstant ? source[last] : shift + s1.Value / window;

    /// <summary>Sample variance (ddof 1) of the window; NaN when the window is 1 value.</summary>
    public readonly double Variance
    {
        get
        {
            if (window < 2) return double.NaN;
            if (IsConstant) return 0;
            double sum = s1.Value;
            return Math.Max(0, (s2.Value - sum * sum / window) / (window - 1));
        }
    }

    /// <summary>Σ min(x − τ, 0)² over the window; exactly 0 when no value is below τ.</summary>
    public readonly double DownsideSquares => below == 0 ? 0 : Math.Max(0, down.Value);

    /// <summary>Whether every value of the window equals the newest one.</summary>
    public readonly bool IsConstant => run >= window;

    /// <summary>Moves the window to end at <paramref name="i"/>; false during warm-up or when it holds a non-finite value.</summary>
    public bool Advance(int i)
    {
        double x = source[i];
        last = i;
        if (!double.IsFinite(x)) lastBad = i;
        run = i > 0 && x == source[i - 1] ? run + 1 : 1;
        if (i < window - 1 || lastBad > i - window)
        {
            stale = true;
            return false;
        }
        if (stale || ++sinceExact >= window)
        {
            Recompute(i);
            return true;
        }
        double old = source[i - window];
        double dx = x - shift, dOld = old - shift;
        s1.Add(dx);
        s1.Add(-dOld);
        s2.Add(dx * dx);
        s2.Add(-dOld * dOld);
        double nx = x - threshold, nOld = old - threshold;
        if (nx < 0)
        {
            below++;
            down.Add(nx * nx);
        }
        if (nOld < 0)
        {
            below--;
            down.Add(-nOld * nOld);
        }
        return true;
    }

    void Recompute(int i)
    {
        var values = source.Slice(i - window + 1, window);
        double mean = 0;
        foreach (double v in values) mean += v;
        shift = mean / window;
        s1 = default;
        s2 = default;
        down = default;
        below = 0;
        foreach (double v in values)
        {
            double d = v - shift, n = v - threshold;
            s1.Add(d);
            s2.Add(d * d);
            if (n < 0)
            {
                below++;
                down.Add(n * n);
            }
        }
        sinceExact = 0;
        stale = false;
    }
}

/// <summary>Sliding sums over a trailing window of aligned pairs (x, y): centred co-moments for a rolling beta.</summary>
internal ref struct SlidingPair
{
    readonly ReadOnlySpan<double> x, y;
    readonly int window;
    CompensatedSum sx, sy, sxy, syy;
    double kx, ky;
    int lastBad, runX, runY, sinceExact;
    bool stale;

    public SlidingPair(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int window)
    {
        this.x = x;
        this.y = y;
        this.window = window;
        lastBad = -1;
        stale = true;
    }

    /// <summary>Whether either side of the window is constant (its correlation is undefined).</summary>
    public readonly bool EitherConstant => runX >= window || runY >= window;

    /// <summary>cov(x, y) / var(y) over the window.</summary>
    public readonly double Slope
    {
        get
        {
            double cov = sxy.Value - sx.Value * sy.Value / window, var = syy.Value - sy.Value * sy.Value / window;
            return cov / var;
        }
    }

    /// <summary>Moves the window to end at <paramref name="i"/>; false during warm-up or when it holds a non-finite value.</summary>
    public bool Advance(int i)
    {
        double xi = x[i], yi = y[i];
        if (!double.IsFinite(xi) || !double.IsFinite(yi)) lastBad = i;
        runX = i > 0 && xi == x[i - 1] ? runX + 1 : 1;
        runY = i > 0 && yi == y[i - 1] ? runY + 1 : 1;
        if (i < window - 1 || lastBad > i - window)
        {
            stale = true;
            return false;
        }
        if (stale || ++sinceExact >= window)
        {
            Recompute(i);
            return true;
        }
        double dx = xi - kx, dy = yi - ky, ox = x[i - window] - kx, oy = y[i - window] - ky;
        sx.Add(dx);
        sx.Add(-ox);
        sy.Add(dy);
        sy.Add(-oy);
        sxy.Add(dx * dy);
        sxy.Add(-ox * oy);
        syy.Add(dy * dy);
        syy.Add(-oy * oy);
        return true;
    }

    void Recompute(int i)
    {
        int start = i - window + 1;
        double mx = 0, my = 0;
        for (int t = start; t <= i; t++)
        {
            mx += x[t];
            my += y[t];
        }
        kx = mx / window;
        ky = my / window;
        sx = sy = sxy = syy = default;
        for (int t = start; t <= i; t++)
        {
            double dx = x[t] - kx, dy = y[t] - ky;
            sx.Add(dx);
            sy.Add(dy);
            sxy.Add(dx * dy);
            syy.Add(dy * dy);
        }
        sinceExact = 0;
        stale = false;
    }
}

/// <summary>Neumaier's compensated sum: <see cref="Value"/> keeps the low-order bits a plain sum loses.</summary>
internal struct CompensatedSum
{
    double sum, compensation;

    /// <summary>The compensated total.</summary>
    public readonly double Value => sum + compensation;

    /// <summary>Adds <paramref name="x"/>.</summary>
    public void Add(double x)
    {
        double t = sum + x;
        compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
}
