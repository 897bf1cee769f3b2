using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Samplers.Tpe;

namespace Quarry.Optimization.Tests.Samplers.Tpe;

// Golden vectors from shared/spec/optuna-tpe.md §1.4 (produced by Optuna's own _ParzenEstimator, 3.1.0 and HEAD).
public class ParzenEstimatorTests
{
    static readonly ParzenSettings Head = new(1.0, TpeBandwidth.Neighbor, false, true, false);
    static readonly ParzenSettings V31 = new(1.0, TpeBandwidth.NeighborWithPrior, false, true, true);

    static ParzenEstimator Fit(Distribution[] dists, double[][] obs, ParzenSettings s, double[]? weights = null)
    {
        var dims = dists.Select(TpeDimension.Create).ToArray();
        int n = obs.Length == 0 ? 0 : obs[0].Length;
        var transformed = new double[dims.Length][];
        for (int d = 0; d < dims.Length; d++)
        {
            transformed[d] = new double[n + 1];
            for (int i = 0; i < n; i++) transformed[d][i] = dims[d].Transform(obs[d][i]);
        }
        var e = new ParzenEstimator();
        e.Fit(dims, transformed, n, weights ?? TpeOptions.DefaultWeights(n), s);
        return e;
    }

    static void Near(double[] expected, ReadOnlySpan<double> actual, double tol = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"[{i}] expected {expected[i]}, got {actual[i]}");
    }

    static double LogPdf(ParzenEstimator e, params double[] valuesPerDim)
    {
        var values = valuesPerDim.Select(v => new[] { v }).ToArray();
        var result = new double[1];
        e.LogPdf(values, values, 1, result);
        return result[0];
    }

    [Fact]
    public void Head_neighbor_bandwidth_excludes_the_prior_mean_and_clips()
    {
        // [0, 1, 2, 2.5, 8, 10] → raw [1, 1, 5.5, 5.5] → floor 10/6 → [1.6667, 1.6667, 5.5, 5.5]; prior sigma 10.
        var e = Fit([new FloatDistribution(0, 10)], [[1, 2, 2.5, 8]], Head);
        Near([1, 2, 2.5, 8, 5], e.Mus(0));
        Near([10.0 / 6, 10.0 / 6, 5.5, 5.5, 10], e.Sigmas(0));
        Near([0.2, 0.2, 0.2, 0.2, 0.2], e.Weights, 1e-15);
    }

    [Fact]
    public void Evidence_scaled_clip_floors_at_the_geometric_mean_of_kernels_and_study_trials()
    {
        // Two close observations: raw neighbour sigmas 0.1. Optuna's floor: 10/min(100, 2 + 2) = 2.5. Evidence-scaled
        // with 50 finished trials: count √(2·50) = 10, floor 10/(10 + 2) = 0.8333. The prior keeps sigma 10.
        double[][] obs = [[5, 5.1]];
        Near([2.5, 2.5, 10], Fit([new FloatDistribution(0, 10)], obs, Head).Sigmas(0));
        Near([10.0 / 12, 10.0 / 12, 10], Fit([new FloatDistribution(0, 10)], obs, Head with { StudyTrials = 50 }).Sigmas(0));
        // The spec's golden vector with 100 finished trials: count √(4·100) = 20, floor 10/22 = 0.4545, so only the
        // neighbour sigmas remain: [1, 1, 5.5, 5.5].
        Near([1, 1, 5.5, 5.5, 10], Fit([new FloatDistribution(0, 10)], [[1, 2, 2.5, 8]], Head with { StudyTrials = 100 }).Sigmas(0));
        // The cap of 100 still holds: √(25·5000) ≈ 354 → floor 10/100.
        Assert.Equal(0.1, Bandwidth.ClipFloor(10, Bandwidth.ClipCount(25, 5000)), 12);
    }

    [Theory]
    [InlineData(4, 0, 4.0)]
    [InlineData(4, 4, 4.0)]
    [InlineData(4, 3, 4.0)]
    [InlineData(2, 50, 10.0)]
    [InlineData(20, 200, 63.245553203367585)]
    public void Clip_count_is_the_estimators_own_count_or_the_geometric_mean(int kernels, int studyTrials, double expected) =>
        Assert.Equal(expected, Bandwidth.ClipCount(kernels, studyTrials), 12);

    [Fact]
    public void Optuna31_neighbor_bandwidth_includes_the_prior_mean()
    {
        var e = Fit([new FloatDistribution(0, 10)], [[1, 2, 2.5, 8]], V31);
        Near([1.6667, 1.6667, 2.5, 3, 10], e.Sigmas(0));
    }

    [Fact]
    public void Int_box_is_widened_by_half_a_step()
    {
        // int[1,20], obs [3, 7] → box [0.5, 20.5], raw sigmas [4, 4], floor 20/4 = 5; prior mu 10.5, sigma 20.
        var e = Fit([new IntDistribution(1, 20)], [[3, 7]], Head);
        Near([3, 7, 10.5], e.Mus(0));
        Near([5, 5, 20], e.Sigmas(0));
    }

    [Fact]
    public void Scott_bandwidth_and_categorical_rows_match_the_31_multivariate_golden_vector()
    {
        var s = V31 with { Bandwidth = TpeBandwidth.Scott };
        var e = Fit([new FloatDistribution(0, 10), new CategoricalDistribution(["a", "b", "c"])], [[1, 2, 2.5, 8], [0, 1, 2, 1]], s);
        // 0.2·4^(−1/6)·10 = 1.587, clipped up to 10/6.
        Near([10.0 / 6, 10.0 / 6, 10.0 / 6, 10.0 / 6, 10], e.Sigmas(0));
        Near([0.75, 0.125, 0.125], [e.CategoricalProbability(1, 0, 0), e.CategoricalProbability(1, 0, 1), e.CategoricalProbability(1, 0, 2)], 1e-12);
        Near([0.125, 0.75, 0.125], [e.CategoricalProbability(1, 1, 0), e.CategoricalProbability(1, 1, 1), e.CategoricalProbability(1, 1, 2)], 1e-12);
        Near([1.0 / 3, 1.0 / 3, 1.0 / 3], [e.CategoricalProbability(1, 4, 0), e.CategoricalProbability(1, 4, 1), e.CategoricalProbability(1, 4, 2)], 1e-12);
    }

    [Fact]
    public void Magic_clip_floors_a_tight_three_point_cluster()
    {
        // Sorted [4.9, 5, 5.1]: every raw sigma is 0.1; the floor is 10/min(100, 3 + 2) = 2.
        var e = Fit([new FloatDistribution(0, 10)], [[4.9, 5.0, 5.1]], Head);
        Near([2, 2, 2, 10], e.Sigmas(0));
        // With endpoints the outer points see the box edges: max(4.9, 0.1) = 4.9.
        var ends = Fit([new FloatDistribution(0, 10)], [[4.9, 5.0, 5.1]], Head with { ConsiderEndpoints = true });
        Near([4.9, 2, 4.9, 10], ends.Sigmas(0));
        // Without the clip the floor is 1e-12.
        var raw = Fit([new FloatDistribution(0, 10)], [[4.9, 5.0, 5.1]], Head with { MagicClip = false });
        Near([0.1, 0.1, 0.1, 10], raw.Sigmas(0), 1e-12);
    }

    [Fact]
    public void Single_observation_uses_the_larger_gap_to_the_box()
    {
        // n = 1: max(8 − 0, 10 − 8) = 8; floor 10/3.
        var e = Fit([new FloatDistribution(0, 10)], [[8]], Head);
        Near([8, 10], e.Sigmas(0));
    }

    [Fact]
    public void Weights_include_the_prior_and_ramp_old_trials_down()
    {
        // 25 observations: all weight 1, prior weight 1 → each 1/26.
        var obs = Enumerable.Range(0, 25).Select(i => 0.4 * i).ToArray();
        var e = Fit([new FloatDistribution(0, 10)], [obs], Head);
        Assert.All(e.Weights.ToArray(), w => Assert.Equal(1.0 / 26, w, 15));

        // 30 observations: linspace(1/30, 1, 5) for the 5 oldest, then 25 ones, then the prior (1), normalised.
        var obs30 = Enumerable.Range(0, 30).Select(i => i / 3.0).ToArray();
        var e30 = Fit([new FloatDistribution(0, 10)], [obs30], Head);
        double start = 1.0 / 30, step = (1 - start) / 4;
        double[] raw = [.. Enumerable.Range(0, 5).Select(i => start + i * step), .. Enumerable.Repeat(1.0, 25), 1.0];
        double total = raw.Sum();
        Near([.. raw.Select(w => w / total)], e30.Weights, 1e-15);

        // Prior weight 2 doubles the prior's share.
        var p2 = Fit([new FloatDistribution(0, 10)], [[1, 2, 3]], Head with { PriorWeight = 2 });
        Near([0.2, 0.2, 0.2, 0.4], p2.Weights, 1e-15);
    }

    [Fact]
    public void Continuous_log_pdf_matches_the_truncated_normal_formula()
    {
        // Prior only on [0, 10]: N(5, 10²) truncated; at 7: ln(φ(0.2)/10 / (Φ(.5) − Φ(−.5))) (mpmath).
        var prior = Fit([new FloatDistribution(0, 10)], [], Head);
        Assert.Equal(-2.2816072925030961065, LogPdf(prior, 7), 12);
        // One observation at 8 (sigma 8) plus the prior, weights ½ each, at 6 (mpmath).
        var one = Fit([new FloatDistribution(0, 10)], [[8]], Head);
        Assert.Equal(-2.2372682908144508663, LogPdf(one, 6), 12);
    }

    [Fact]
    public void Unnormalized_kernels_reproduce_the_31_density_bug()
    {
        var bug = Fit([new FloatDistribution(0, 10)], [], V31);
        Assert.Equal(-2.2816072925030961065 + Math.Log(10), LogPdf(bug, 7), 12);
    }

    [Fact]
    public void Int_pmf_is_the_bin_mass_and_sums_to_one()
    {
        // Prior only on int[1,20]: box [0.5, 20.5], N(10.5, 20²); P(7) = mass of [6.5, 7.5] / box mass (mpmath).
        var prior = Fit([new IntDistribution(1, 20)], [], Head);
        Assert.Equal(-2.9701679455532187249, LogPdf(prior, 7), 12);
        var e = Fit([new IntDistribution(1, 20)], [[3, 7, 7, 7, 19]], Head);
        double total = Enumerable.Range(1, 20).Sum(v => Math.Exp(LogPdf(e, v)));
        Assert.Equal(1.0, total, 12);
    }

    [Fact]
    public void Log_int_pmf_is_the_bin_mass_in_log_space_and_sums_to_one()
    {
        var e = Fit([new IntDistribution(1, 100, log: true)], [[2, 3, 50]], Head);
        double total = Enumerable.Range(1, 100).Sum(v => Math.Exp(LogPdf(e, v)));
        Assert.Equal(1.0, total, 12);
    }

    [Fact]
    public void Stepped_float_pmf_sums_to_one_over_the_grid()
    {
        var e = Fit([new FloatDistribution(0, 1, step: 0.25)], [[0.25, 0.5]], Head);
        double total = new[] { 0, 0.25, 0.5, 0.75, 1 }.Sum(v => Math.Exp(LogPdf(e, v)));
        Assert.Equal(1.0, total, 12);
    }

    [Fact]
    public void Categorical_pmf_mixes_observed_rows_and_the_uniform_prior()
    {
        // n = 4, C = 3: rows (1/5 + [k=c]) / (1 + 3/5); mixture P(b) = (0.125 + 0.75 + 0.125 + 0.75 + 1/3) / 5.
        var e = Fit([new CategoricalDistribution(["a", "b", "c"])], [[0, 1, 2, 1]], Head);
        Assert.Equal(Math.Log((0.125 + 0.75 + 0.125 + 0.75 + 1.0 / 3) / 5), LogPdf(e, 1), 12);
        Assert.Equal(1.0, Enumerable.Range(0, 3).Sum(j => Math.Exp(LogPdf(e, j))), 12);
    }

    [Fact]
    public void Far_grid_bins_get_finite_log_mass()
    {
        // A narrow kernel at 1 on int[1, 10000]: the bin at 9000 is thousands of sigmas away, yet finite.
        var e = Fit([new IntDistribution(1, 10000)], [Enumerable.Repeat(1.0, 150).ToArray()], Head);
        double lp = LogPdf(e, 9000);
        Assert.True(double.IsFinite(lp), $"{lp}");
    }

    [Fact]
    public void Samples_are_legal_values_of_each_distribution()
    {
        Distribution[] dists =
        [
            new FloatDistribution(-3, 7), new FloatDistribution(1e-4, 10, log: true), new FloatDistribution(0, 1, step: 0.1),
            new IntDistribution(-5, 5), new IntDistribution(1, 1000, log: true), new IntDistribution(0, 30, step: 3),
            new CategoricalDistribution(["x", "y", "z", "w"]),
        ];
        double[][] obs =
        [
            [-3, 7, 0], [1e-4, 10, 0.5], [0, 1, 0.3], [-5, 5, 0], [1, 1000, 17], [0, 30, 12], [0, 3, 1],
        ];
        var e = Fit(dists, obs, Head);
        var values = dists.Select(_ => new double[500]).ToArray();
        var coords = dists.Select(_ => new double[500]).ToArray();
        e.Sample(new Random(7), 500, values, coords);
        for (int d = 0; d < dists.Length; d++)
            foreach (var v in values[d])
                Assert.True(dists[d].Contains(v), $"{dists[d]} does not contain {v}");
        var lp = new double[500];
        e.LogPdf(values, coords, 500, lp);
        Assert.All(lp, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Presorted_orders_and_mass_memos_do_not_change_the_mixture()
    {
        var rng = new Random(3);
        var dims = new[] { TpeDimension.Create(new FloatDistribution(-5, 10)), TpeDimension.Create(new IntDistribution(0, 40)) };
        int n = 300;
        var obs = new[] { new double[n + 1], new double[n + 1] };
        for (int i = 0; i < n; i++) { obs[0][i] = -5 + 15 * rng.NextDouble(); obs[1][i] = rng.Next(41); }
        var weights = TpeOptions.DefaultWeights(n);
        var plain = new ParzenEstimator();
        plain.Fit(dims, obs, n, weights, Head);

        var sorted = Enumerable.Range(0, 2).Select(d => Enumerable.Range(0, n).OrderBy(i => obs[d][i]).ToArray()).ToArray();
        var slots = Enumerable.Range(0, n).ToArray();
        var memos = new[] { new KernelMemo(), new KernelMemo() };
        foreach (var m in memos) m.Ensure(n);
        var hinted = new ParzenEstimator();
        for (int round = 0; round < 2; round++) // the second round is served from the memo
        {
            hinted.Fit(dims, obs, n, weights, Head, new FitHints(sorted, slots, memos));
            for (int d = 0; d < 2; d++)
            {
                Assert.Equal(plain.Mus(d).ToArray(), hinted.Mus(d).ToArray());
                Assert.Equal(plain.Sigmas(d).ToArray(), hinted.Sigmas(d).ToArray());
            }
            var values = new[] { new double[50], new double[50] };
            var coords = new[] { new double[50], new double[50] };
            plain.Sample(new Random(round), 50, values, coords);
            var a = new double[50];
            var b = new double[50];
            plain.LogPdf(values, coords, 50, a);
            hinted.LogPdf(values, coords, 50, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Grid_offset_table_matches_per_candidate_bin_masses()
    {
        // 400 observations on int[5, 300] step 5: many kernels share the clip-floor sigma, so a batch of candidates is
        // served from the offset table; one candidate at a time is not. Both must agree.
        var rng = new Random(2);
        var dist = new IntDistribution(5, 300, step: 5);
        var obs = Enumerable.Range(0, 400).Select(_ => 5.0 + 5 * rng.Next(60)).ToArray();
        var e = Fit([dist], [obs], Head);
        var values = new[] { Enumerable.Range(0, 300).Select(_ => 5.0 + 5 * rng.Next(60)).ToArray() };
        var batch = new double[300];
        e.LogPdf(values, values, 300, batch);
        for (int c = 0; c < 300; c++)
            Assert.Equal(LogPdf(e, values[0][c]), batch[c], 12);
    }

    [Fact]
    public void Skipping_negligible_grid_kernels_leaves_the_density_unchanged()
    {
        // Wide int range with many distinct kernels: far kernels are skipped by the bound in batch evaluation; the
        // result must equal the per-candidate evaluation up to terms below e^-50 of the total.
        var rng = new Random(4);
        var dists = new Distribution[] { new IntDistribution(1, 100000), new FloatDistribution(0, 1), new IntDistribution(1, 5000, log: true) };
        int n = 800;
        var obs = new[]
        {
            Enumerable.Range(0, n).Select(_ => (double)rng.Next(1, 100001)).ToArray(),
            Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray(),
            Enumerable.Range(0, n).Select(_ => Math.Round(Math.Exp(rng.NextDouble() * Math.Log(5000)))).ToArray(),
        };
        var e = Fit(dists, obs, Head);
        var values = dists.Select(_ => new double[64]).ToArray();
        var coords = dists.Select(_ => new double[64]).ToArray();
        e.Sample(new Random(5), 64, values, coords);
        var batch = new double[64];
        e.LogPdf(values, coords, 64, batch);
        var dims = dists.Select(TpeDimension.Create).ToArray();
        for (int c = 0; c < 64; c++)
        {
            // Brute force over every component: ln Σ_k w_k Π_d kernel_kd(x_d), no skipping.
            var terms = new double[e.Components];
            for (int k = 0; k < e.Components; k++)
            {
                double t = Math.Log(e.Weights[k]);
                for (int d = 0; d < dims.Length; d++)
                {
                    double mu = e.Mus(d)[k], sg = e.Sigmas(d)[k];
                    double box = NormalMath.LogGaussMass((dims[d].Low - mu) / sg, (dims[d].High - mu) / sg);
                    if (dims[d].Kind == DimensionKind.Continuous)
                        t += NormalMath.TruncNormLogPdf(coords[d][c], mu, sg, dims[d].Low, dims[d].High);
                    else
                    {
                        var (lo, hi) = dims[d].Bin(values[d][c]);
                        t += NormalMath.LogGaussMass((lo - mu) / sg, (hi - mu) / sg) - box;
                    }
                }
                terms[k] = t;
            }
            double max = terms.Max();
            double expected = max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
            Assert.Equal(expected, batch[c], 9);
        }
    }
}
