using System.Runtime.CompilerServices;
namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>Kernel bandwidths (sigmas) of one numeric dimension: the neighbour and Scott rules plus the magic clip.</summary>
internal static class Bandwidth
{
    /// <summary>
    /// Writes the sigma of each observation <paramref name="mus"/>[i] (transformed coordinates inside [low, high])
    /// into <paramref name="sigmas"/>[i], and the observation indices sorted by mu (ties in an unspecified but
    /// deterministic order) into <paramref name="order"/>. <paramref name="keys"/> and <paramref name="idx"/> are
    /// scratch of length ≥ n + 1. The prior kernel is not included: its sigma is always high − low.
    /// </summary>
    /// <param name="mus">Observations.</param>
    /// <param name="low">Box lower edge.</param>
    /// <param name="high">Box upper edge.</param>
    /// <param name="rule">Bandwidth rule.</param>
    /// <param name="considerEndpoints">Whether the outermost points may use the gap to the box edge.</param>
    /// <param name="magicClip">Whether to floor sigmas at (high − low)/min(100, <paramref name="clipCount"/> + 2) (else 1e-12).</param>
    /// <param name="clipCount">The count the magic-clip floor is computed from (Optuna: n; see <see cref="ClipCount"/>).</param>
    /// <param name="jointDims">Number of jointly modelled parameters (Scott rule only).</param>
    /// <param name="sigmas">Output sigmas, length ≥ n.</param>
    /// <param name="order">Output sorted order, length ≥ n.</param>
    /// <param name="keys">Scratch.</param>
    /// <param name="idx">Scratch.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<double> mus, double low, double high, TpeBandwidth rule, bool considerEndpoints,
        bool magicClip, double clipCount, int jointDims, Span<double> sigmas, Span<int> order, Span<double> keys, Span<int> idx)
    {
        int n = mus.Length;
        mus.CopyTo(keys);
        for (int i = 0; i < n; i++) idx[i] = i;
        keys[..n].Sort(idx[..n]);
        StabilizeTies(keys[..n], idx[..n]);
        idx[..n].CopyTo(order);
        ComputeSorted(n, low, high, rule, considerEndpoints, magicClip, clipCount, jointDims, sigmas, keys, idx);
    }

    /// <summary>
    /// Orders each run of equal keys by ascending index, so that tied observations get their sigmas in a fixed order
    /// however they were sorted (ties matter: a run of equal values gets [left gap, floor, …, right gap], and the
    /// observations carry different weights).
    /// </summary>
    public static void StabilizeTies(ReadOnlySpan<double> keys, Span<int> idx)
    {
        int n = keys.Length;
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            for (int a = start + 1; a < end; a++)
            {
                int v = idx[a], b = a;
                while (b > start && idx[b - 1] > v) { idx[b] = idx[b - 1]; b--; }
                idx[b] = v;
            }
            start = end;
        }
    }

    /// <summary>
    /// <see cref="Compute"/> for observations already sorted: <paramref name="keys"/>[p] is the p-th smallest mu and
    /// <paramref name="idx"/>[p] its observation index, for p &lt; n; both need room for n + 1 entries (the prior mean
    /// may be inserted) and are modified.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ComputeSorted(int n, double low, double high, TpeBandwidth rule, bool considerEndpoints,
        bool magicClip, double clipCount, int jointDims, Span<double> sigmas, Span<double> keys, Span<int> idx)
    {
        double width = high - low;
        if (rule == TpeBandwidth.Scott)
        {
            double s = 0.2 * Math.Pow(Math.Max(n, 1), -1.0 / (jointDims + 4)) * width;
            sigmas[..n].Fill(s);
        }
        else
        {
            int m = n;
            if (rule == TpeBandwidth.NeighborWithPrior)
            {
                // Insert the prior mean after any equal observation (numpy's argsort keeps the appended prior last among ties).
                double prior = 0.5 * (low + high);
                int at = n;
                while (at > 0 && keys[at - 1] > prior) at--;
                for (int j = n; j > at; j--) { keys[j] = keys[j - 1]; idx[j] = idx[j - 1]; }
                keys[at] = prior;
                idx[at] = -1;
                m = n + 1;
            }
            for (int p = 0; p < m; p++)
            {
                double left = p == 0 ? low : keys[p - 1];
                double right = p == m - 1 ? high : keys[p + 1];
                double s = Math.Max(keys[p] - left, right - keys[p]);
                if (!considerEndpoints && m >= 2)
                {
                    if (p == 0) s = keys[1] - keys[0];
                    else if (p == m - 1) s = keys[m - 1] - keys[m - 2];
                }
                int i = idx[p];
                if (i >= 0) sigmas[i] = s;
            }
        }

        double min = magicClip ? ClipFloor(width, clipCount) : 1e-12;
        for (int i = 0; i < n; i++)
            sigmas[i] = Math.Clamp(sigmas[i], min, width);
    }

    /// <summary>The magic-clip floor for a clip count c: (high − low)/min(100, c + 2).</summary>
    public static double ClipFloor(double width, double clipCount) => width / Math.Min(100.0, clipCount + 2.0);

    /// <summary>
    /// The count the magic-clip floor uses for an estimator of <paramref name="kernels"/> observations in a study of
    /// <paramref name="studyTrials"/> finished trials: Optuna's rule is the estimator's own count (pass
    /// <paramref name="studyTrials"/> ≤ 0); the evidence-scaled rule is the geometric mean √(kernels · studyTrials), so
    /// l(x), which gamma caps at 25 observations, keeps sharpening as the study grows (see
    /// <see cref="TpeOptions.EvidenceScaledClip"/>).
    /// </summary>
    public static double ClipCount(int kernels, int studyTrials) =>
        studyTrials <= kernels ? kernels : Math.Sqrt((double)kernels * studyTrials);
}
