using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>
/// Optuna's <c>_ParzenEstimator</c>: a mixture of n + 1 product kernels (one per observation, in the order given,
/// plus the prior kernel last) over one or more dimensions. Numeric kernels are normal distributions truncated to the
/// dimension's box, with a density for continuous dimensions and a bin mass for grids; categorical kernels are
/// probability rows. Sampling draws one component per candidate, shared by all dimensions.
/// <para>
/// Reusable: <see cref="Fit"/> overwrites the previous mixture and reuses its buffers, so a sampler keeps two
/// instances (l and g) and allocates nothing per trial once the buffers have grown. Not thread-safe.
/// </para>
/// </summary>
internal sealed class ParzenEstimator
{
    const double SkipBelowMax = -50; // exp(−50) ≈ 2e-22: such components cannot move the log-sum-exp
    const int Block = 256;           // components per block in LogPdf: a block's kernel arrays stay in L1/L2

    TpeDimension[] _dims = [];
    int _k;
    double[] _weights = [], _logWeights = [], _cum = [], _base = [], _acc = [];
    double[][] _mu = [], _sigma = [], _invSigma = [];
    int[][] _cat = [];
    double[] _catMatch = [], _catOther = [], _catUniform = [];
    // Grid dimensions: kernels deduplicated by (mu, sigma), so a candidate's bin mass is computed once per distinct kernel.
    int[][] _uid = [];
    double[][] _uMu = [], _uSigma = [], _uLogBox = [];
    int[] _uCount = [];
    double[] _keys = [], _lseMax = [], _lseSum = [];
    bool[] _outside = [];
    double[] _offsetMass = [], _gain = [];
    double _weightGain;
    double[][] _uLogSigma = [];
    double[][] _gridVal = [];
    int[] _order = [], _idx = [], _comp = [];

    /// <summary>Number of mixture components (observations + prior).</summary>
    public int Components => _k;

    /// <summary>Normalised mixture weights, prior last.</summary>
    public ReadOnlySpan<double> Weights => _weights.AsSpan(0, _k);

    /// <summary>Kernel means of a numeric dimension (transformed), prior last.</summary>
    public ReadOnlySpan<double> Mus(int dim) => _mu[dim].AsSpan(0, _k);

    /// <summary>Kernel sigmas of a numeric dimension (transformed), prior last.</summary>
    public ReadOnlySpan<double> Sigmas(int dim) => _sigma[dim].AsSpan(0, _k);

    /// <summary>Probability of choice <paramref name="choice"/> under component <paramref name="component"/> of a categorical dimension.</summary>
    public double CategoricalProbability(int dim, int component, int choice)
    {
        int c = _cat[dim][component];
        return Math.Exp(c < 0 ? _catUniform[dim] : c == choice ? _catMatch[dim] : _catOther[dim]);
    }

    /// <summary>
    /// Fits the mixture to <paramref name="n"/> observations: <paramref name="obs"/>[d][i] is observation i's
    /// transformed coordinate in dimension d (a choice index for categoricals), <paramref name="obsWeights"/>[i] its
    /// (unnormalised) weight. <paramref name="hints"/> may carry per-dimension sorted orders and kernel memos
    /// (see <see cref="FitHints"/>); they change the cost, never the result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fit(TpeDimension[] dims, double[][] obs, int n, ReadOnlySpan<double> obsWeights, in ParzenSettings s,
        in FitHints hints = default)
    {
        _dims = dims;
        _k = n + 1;
        Ensure(dims.Length, _k);

        double total = 0;
        for (int i = 0; i < n; i++) { _weights[i] = obsWeights[i]; total += obsWeights[i]; }
        _weights[n] = n == 0 ? 1.0 : s.PriorWeight;
        total += _weights[n];
        double run = 0;
        for (int i = 0; i < _k; i++)
        {
            double w = _weights[i] / total;
            _weights[i] = w;
            _logWeights[i] = Math.Log(w);
            run += w;
            _cum[i] = run;
        }
        _cum[_k - 1] = 1.0;
        _logWeights.AsSpan(0, _k).CopyTo(_base);
        double maxLogW = double.NegativeInfinity;
        for (int i = 0; i < n; i++) maxLogW = Math.Max(maxLogW, _logWeights[i]);
        _weightGain = Math.Max(0, maxLogW - _logWeights[n]);

        for (int d = 0; d < dims.Length; d++)
        {
            var dim = dims[d];
            if (dim.Kind == DimensionKind.Categorical)
                FitCategorical(d, dim, obs[d], n, s.PriorWeight);
            else
                FitNumeric(d, dim, obs[d], n, s, dims.Length, hints.Presorted?[d], hints.ComponentSlots, hints.Memos?[d]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void FitCategorical(int d, TpeDimension dim, double[] obs, int n, double priorWeight)
    {
        var cat = _cat[d];
        for (int i = 0; i < n; i++) cat[i] = (int)obs[i];
        cat[n] = -1;
        int c = dim.Choices;
        double b = priorWeight / (n + 1);
        double norm = c * b + 1;
        _catMatch[d] = Math.Log((b + 1) / norm);
        _catOther[d] = Math.Log(b / norm);
        _catUniform[d] = -Math.Log(c);
        _gain[d] = Math.Max(0, _catMatch[d] - _catUniform[d]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void FitNumeric(int d, TpeDimension dim, double[] obs, int n, in ParzenSettings s, int jointDims, int[]? sorted,
        int[]? slots, KernelMemo? memo)
    {
        double[] mu = _mu[d], sigma = _sigma[d], inv = _invSigma[d];
        Array.Copy(obs, mu, n);
        double clipCount = Bandwidth.ClipCount(n, s.StudyTrials);
        if (sorted is null)
            Bandwidth.Compute(obs.AsSpan(0, n), dim.Low, dim.High, s.Bandwidth, s.ConsiderEndpoints, s.MagicClip, clipCount, jointDims,
                sigma, _order, _keys, _idx);
        else
        {
            for (int p = 0; p < n; p++) { int i = sorted[p]; _keys[p] = obs[i]; _idx[p] = i; }
            Bandwidth.StabilizeTies(_keys.AsSpan(0, n), _idx.AsSpan(0, n));
            Array.Copy(_idx, _order, n);
            Bandwidth.ComputeSorted(n, dim.Low, dim.High, s.Bandwidth, s.ConsiderEndpoints, s.MagicClip, clipCount, jointDims, sigma, _keys, _idx);
        }
        mu[n] = 0.5 * (dim.Low + dim.High);
        sigma[n] = dim.Width;
        for (int i = 0; i < _k; i++) inv[i] = 1.0 / sigma[i];

        if (dim.Kind == DimensionKind.Continuous)
        {
            // Per-kernel constant of the truncated-normal log density: −ln σ − ½ ln 2π − ln(Φ(b) − Φ(a)).
            double lastSigma = double.NaN, lastLog = 0, maxConst = double.NegativeInfinity, priorConst = 0;
            for (int i = 0; i < _k; i++)
            {
                double sg = sigma[i];
                if (sg != lastSigma) { lastSigma = sg; lastLog = Math.Log(sg); }
                double mass;
                int slot = slots is not null && memo is not null && i < n ? slots[i] : -1;
                if (slot < 0) mass = LogBoxMass(dim, mu[i], sg);
                else if (memo!.Sigma[slot] == sg) mass = memo.LogMass[slot];
                else
                {
                    mass = LogBoxMass(dim, mu[i], sg);
                    memo.Sigma[slot] = sg;
                    memo.LogMass[slot] = mass;
                }
                double constant = (s.UnnormalizedKernels ? 0 : -lastLog) - NormalMath.HalfLn2Pi - mass;
                _base[i] += constant;
                if (i < n) maxConst = Math.Max(maxConst, constant);
                else priorConst = constant;
            }
            // A kernel's log density exceeds the prior's (whose |z| ≤ ½ inside the box) by at most this.
            _gain[d] = Math.Max(0, maxConst - (priorConst - 0.125));
            return;
        }

        // Grid: deduplicate kernels along the sorted order (equal mus are adjacent, a tie run has ≤ 3 distinct sigmas).
        int[] uid = _uid[d];
        double[] uMu = _uMu[d], uSigma = _uSigma[d], uLogBox = _uLogBox[d];
        int u = 0;
        double pm = double.NaN, ps = double.NaN;
        for (int p = 0; p < n; p++)
        {
            int i = _order[p];
            if (mu[i] != pm || sigma[i] != ps)
            {
                pm = mu[i]; ps = sigma[i];
                uMu[u] = pm; uSigma[u] = ps; uLogBox[u] = LogBoxMass(dim, pm, ps);
                u++;
            }
            uid[i] = u - 1;
        }
        uMu[u] = mu[n]; uSigma[u] = sigma[n]; uLogBox[u] = LogBoxMass(dim, mu[n], sigma[n]);
        uid[n] = u;
        _uCount[d] = u + 1;
        var uLogSigma = _uLogSigma[d];
        double maxTerm = 0;
        for (int v = 0; v <= u; v++)
        {
            uLogSigma[v] = Math.Log(uSigma[v]);
            maxTerm = Math.Max(maxTerm, -uLogBox[v]); // a bin mass is at most the kernel's box mass
        }
        // The prior's smallest bin mass is at an end of the grid (farthest from its centre; narrowest in ln-space).
        double minPrior = Math.Min(PriorBinTerm(dim, dim.ValueLow, mu[n], sigma[n]), PriorBinTerm(dim, dim.ValueHigh, mu[n], sigma[n])) - uLogBox[u];
        _gain[d] = Math.Max(0, maxTerm - minPrior);
    }

    static double PriorBinTerm(TpeDimension dim, double value, double mu, double sigma)
    {
        var (lo, hi) = dim.Bin(value);
        return NormalMath.LogGaussMass((lo - mu) / sigma, (hi - mu) / sigma);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double LogBoxMass(TpeDimension dim, double mu, double sigma)
    {
        double a = (dim.Low - mu) / sigma, b = (dim.High - mu) / sigma;
        // An edge beyond 9 sigma cuts off < 1.2e-19 of the mass, which ln(1 − ·) rounds away next to the other edge.
        if (a < -9)
        {
            if (b > 9) return 0;
            if (b > 0) return NormalMath.Log1P(-NormalMath.Ndtr(-b));
        }
        else if (b > 9 && a < 0)
            return NormalMath.Log1P(-NormalMath.Ndtr(a));
        return NormalMath.LogGaussMass(a, b);
    }

    /// <summary>
    /// Draws <paramref name="count"/> joint samples: <paramref name="values"/>[d][c] receives a legal internal value and
    /// <paramref name="coords"/>[d][c] the coordinate the log pdf uses (the clamped transformed sample for continuous
    /// dimensions, the internal value otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sample(Random rng, int count, double[][] values, double[][] coords)
    {
        if (_comp.Length < count) _comp = new int[count];
        var cum = _cum.AsSpan(0, _k);
        for (int c = 0; c < count; c++)
        {
            double r = rng.NextDouble();
            int lo = 0, hi = _k - 1;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (cum[mid] > r) hi = mid; else lo = mid + 1;
            }
            _comp[c] = lo;
        }
        for (int d = 0; d < _dims.Length; d++)
        {
            var dim = _dims[d];
            for (int c = 0; c < count; c++)
            {
                int k = _comp[c];
                double r = rng.NextDouble();
                if (dim.Kind == DimensionKind.Categorical)
                {
                    int j = SampleChoice(d, dim.Choices, _cat[d][k], r);
                    values[d][c] = j;
                    coords[d][c] = j;
                    continue;
                }
                double mu = _mu[d][k], sg = _sigma[d][k];
                double z = NormalMath.TruncNormPpf(r, (dim.Low - mu) / sg, (dim.High - mu) / sg);
                double t = Math.Clamp(mu + sg * z, dim.Low, dim.High);
                double v = dim.Snap(t);
                values[d][c] = v;
                coords[d][c] = dim.Kind == DimensionKind.Continuous ? t : v;
            }
        }
    }

    int SampleChoice(int d, int choices, int observed, double r)
    {
        if (observed < 0) return Math.Min((int)(r * choices), choices - 1);
        double pOther = Math.Exp(_catOther[d]), pMatch = Math.Exp(_catMatch[d]);
        double acc = 0;
        for (int j = 0; j < choices - 1; j++)
        {
            acc += j == observed ? pMatch : pOther;
            if (r < acc) return j;
        }
        return choices - 1;
    }

    /// <summary>
    /// Mixture log density (log mass for grids and categoricals) of each candidate into <paramref name="result"/>.
    /// Components are processed in cache-sized blocks, each block for every candidate, with an online log-sum-exp, so
    /// the kernel arrays are streamed from memory once per call however many candidates there are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LogPdf(double[][] values, double[][] coords, int count, Span<double> result)
    {
        int k = _k, nd = _dims.Length;
        if (_lseMax.Length < count) { _lseMax = new double[count]; _lseSum = new double[count]; _outside = new bool[count]; }
        for (int c = 0; c < count; c++)
        {
            _lseMax[c] = double.NegativeInfinity;
            _lseSum[c] = 0;
            bool outside = false;
            for (int d = 0; d < nd; d++)
            {
                var dim = _dims[d];
                if (dim.Kind == DimensionKind.Continuous && (coords[d][c] < dim.Low || coords[d][c] > dim.High)) outside = true;
            }
            _outside[c] = outside;
        }
        for (int d = 0; d < nd; d++)
            if (_dims[d].Kind is DimensionKind.Discrete or DimensionKind.LogDiscrete)
                FillGridTable(d, values[d], count);

        var buf = _acc.AsSpan(0, Math.Min(Block, k));
        for (int k0 = 0; k0 < k; k0 += Block)
        {
            int len = Math.Min(Block, k - k0);
            var b = buf[..len];
            for (int c = 0; c < count; c++)
            {
                if (_outside[c]) continue;
                _base.AsSpan(k0, len).CopyTo(b);
                for (int d = 0; d < nd; d++)
                {
                    switch (_dims[d].Kind)
                    {
                        case DimensionKind.Continuous:
                            AddQuadratic(b, coords[d][c], _mu[d].AsSpan(k0, len), _invSigma[d].AsSpan(k0, len));
                            break;
                        case DimensionKind.Categorical:
                            AddCategorical(b, (int)values[d][c], _cat[d].AsSpan(k0, len), _catMatch[d], _catOther[d], _catUniform[d]);
                            break;
                        default:
                            int u = _uCount[d];
                            AddGrid(b, _gridVal[d].AsSpan(c * u, u), _uid[d].AsSpan(k0, len));
                            break;
                    }
                }
                Accumulate(b, ref _lseMax[c], ref _lseSum[c]);
            }
        }
        for (int c = 0; c < count; c++)
            result[c] = _outside[c] || !(_lseSum[c] > 0) ? double.NegativeInfinity : _lseMax[c] + Math.Log(_lseSum[c]);
    }

    // Per candidate, the log bin mass under each distinct kernel of grid dimension d. On a linear grid the mass of a
    // bin under N(mu, sigma) depends only on sigma and the bin's offset from mu in steps, so when many kernels share
    // the smallest sigma (the clip floor, typically) the masses are read from a table of offsets computed once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void FillGridTable(int d, double[] values, int count)
    {
        var dim = _dims[d];
        int uc = _uCount[d];
        if (_gridVal[d] is null || _gridVal[d].Length < uc * count) _gridVal[d] = new double[Math.Max(uc * count, 64)];
        var table = _gridVal[d];
        double[] uMu = _uMu[d], uSigma = _uSigma[d], uLogBox = _uLogBox[d];

        double sigmaStar = double.PositiveInfinity, step = dim.Step;
        int shared = 0;
        for (int u = 0; u < uc; u++)
        {
            if (uSigma[u] < sigmaStar) { sigmaStar = uSigma[u]; shared = 1; }
            else if (uSigma[u] == sigmaStar) shared++;
        }
        double span = Math.Round((dim.ValueHigh - dim.ValueLow) / step);
        bool offsets = dim.Kind == DimensionKind.Discrete && span < 1_000_000 && (double)shared * count > 2 * (span + 1);
        int g = offsets ? (int)span : 0;
        if (offsets)
        {
            if (_offsetMass.Length < g + 1) _offsetMass = new double[g + 1];
            double h = step / sigmaStar;
            for (int o = 0; o <= g; o++) _offsetMass[o] = NormalMath.LogGaussMassFast((o - 0.5) * h, (o + 0.5) * h);
        }
        // Kernels provably more than `margin` nats below the prior in this dimension end up more than 50 nats below
        // the prior component overall (the other dimensions and the weights cannot make up the gap), so the
        // log-sum-exp would skip them anyway: their exact bin mass is not computed.
        double margin = SkipMargin(d);
        double[] uLogSigma = _uLogSigma[d];
        for (int c = 0; c < count; c++)
        {
            double x = values[c];
            var (lo, hi) = dim.Bin(x);
            int prior = uc - 1;
            double priorValue = NormalMath.LogGaussMassFast((lo - uMu[prior]) / uSigma[prior], (hi - uMu[prior]) / uSigma[prior]) - uLogBox[prior];
            double threshold = priorValue - margin, logWidth = Math.Log(hi - lo);
            for (int u = 0; u < uc; u++)
            {
                double m = uMu[u], sg = uSigma[u];
                if (u != prior && double.IsFinite(threshold))
                {
                    double zl = (lo - m) / sg, zh = (hi - m) / sg;
                    double near = Math.Max(0, Math.Abs(0.5 * (zl + zh)) - 0.5 * (zh - zl));
                    double upper = logWidth - uLogSigma[u] - 0.5 * near * near - NormalMath.HalfLn2Pi - uLogBox[u];
                    if (upper < threshold)
                    {
                        table[c * uc + u] = double.NegativeInfinity;
                        continue;
                    }
                }
                if (offsets && sg == sigmaStar)
                {
                    double off = (x - m) / step;
                    double r = Math.Round(off);
                    if (Math.Abs(off - r) < 1e-9 && Math.Abs(r) <= g)
                    {
                        table[c * uc + u] = _offsetMass[(int)Math.Abs(r)] - uLogBox[u];
                        continue;
                    }
                }
                table[c * uc + u] = NormalMath.LogGaussMassFast((lo - m) / sg, (hi - m) / sg) - uLogBox[u];
            }
        }
    }

    // 50 nats (the log-sum-exp cut) plus what the weights and every other dimension can add relative to the prior.
    double SkipMargin(int d)
    {
        double total = _weightGain;
        for (int j = 0; j < _dims.Length; j++) if (j != d) total += _gain[j];
        return 50 + total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AddGrid(Span<double> acc, ReadOnlySpan<double> table, ReadOnlySpan<int> uid)
    {
        for (int i = 0; i < acc.Length; i++) acc[i] += table[uid[i]];
    }

    // Online log-sum-exp: (max, sum) represent ln Σ = max + ln sum; terms more than 50 nats below the max are skipped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Accumulate(ReadOnlySpan<double> b, ref double max, ref double sum)
    {
        double bm = double.NegativeInfinity;
        for (int i = 0; i < b.Length; i++) if (b[i] > bm) bm = b[i];
        if (!(bm > double.NegativeInfinity)) return;
        if (bm > max)
        {
            sum = double.IsNegativeInfinity(max) ? 0 : sum * Math.Exp(max - bm);
            max = bm;
        }
        double m = max, floor = m + SkipBelowMax, acc = 0;
        for (int i = 0; i < b.Length; i++)
        {
            double v = b[i];
            if (v > floor) acc += Math.Exp(v - m);
        }
        sum += acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AddQuadratic(Span<double> acc, double x, ReadOnlySpan<double> mu, ReadOnlySpan<double> inv)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && acc.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(acc);
            var vm = MemoryMarshal.Cast<double, Vector<double>>(mu);
            var vi = MemoryMarshal.Cast<double, Vector<double>>(inv);
            var vx = new Vector<double>(x);
            var half = new Vector<double>(0.5);
            for (int j = 0; j < va.Length; j++)
            {
                var z = (vx - vm[j]) * vi[j];
                va[j] -= half * z * z;
            }
            i = va.Length * Vector<double>.Count;
        }
        for (; i < acc.Length; i++)
        {
            double z = (x - mu[i]) * inv[i];
            acc[i] -= 0.5 * z * z;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AddCategorical(Span<double> acc, int choice, ReadOnlySpan<int> cat, double match, double other, double uniform)
    {
        for (int i = 0; i < acc.Length; i++)
        {
            int c = cat[i];
            acc[i] += c == choice ? match : c < 0 ? uniform : other;
        }
    }

    /// <summary>ln Σ exp(a_i); −∞ when every term is −∞.</summary>
    internal static double LogSumExp(ReadOnlySpan<double> a)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < a.Length; i++) if (a[i] > max) max = a[i];
        if (double.IsNegativeInfinity(max) || double.IsNaN(max)) return max;
        double sum = 0, floor = max + SkipBelowMax;
        for (int i = 0; i < a.Length; i++)
        {
            double v = a[i];
            if (v > floor) sum += Math.Exp(v - max);
        }
        return max + Math.Log(sum);
    }

    void Ensure(int dims, int k)
    {
        if (_mu.Length < dims)
        {
            Array.Resize(ref _mu, dims); Array.Resize(ref _sigma, dims); Array.Resize(ref _invSigma, dims);
            Array.Resize(ref _cat, dims); Array.Resize(ref _uid, dims); Array.Resize(ref _uMu, dims);
            Array.Resize(ref _uSigma, dims); Array.Resize(ref _uLogBox, dims);
            Array.Resize(ref _catMatch, dims); Array.Resize(ref _catOther, dims); Array.Resize(ref _catUniform, dims);
            Array.Resize(ref _uCount, dims);
            Array.Resize(ref _gridVal, dims);
            Array.Resize(ref _gain, dims);
            Array.Resize(ref _uLogSigma, dims);
        }
        int cap = Math.Max(k + 1, 16);
        if (_weights.Length < cap)
        {
            cap = Math.Max(cap, _weights.Length * 2);
            _weights = new double[cap]; _logWeights = new double[cap]; _cum = new double[cap];
            _base = new double[cap]; _acc = new double[cap]; _keys = new double[cap];
            _order = new int[cap]; _idx = new int[cap];
        }
        for (int d = 0; d < dims; d++)
        {
            if (_mu[d] is null || _mu[d].Length < _weights.Length)
            {
                int c = _weights.Length;
                _mu[d] = new double[c]; _sigma[d] = new double[c]; _invSigma[d] = new double[c];
                _cat[d] = new int[c]; _uid[d] = new int[c]; _uMu[d] = new double[c]; _uSigma[d] = new double[c]; _uLogBox[d] = new double[c];
                _uLogSigma[d] = new double[c];
            }
        }
    }
}
