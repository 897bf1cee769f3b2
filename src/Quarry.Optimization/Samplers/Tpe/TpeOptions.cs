using Quarry.Core;

namespace Quarry.Optimization.Samplers;

/// <summary>
/// Settings of <see cref="TpeSampler"/>. The defaults are Optuna HEAD's (5.0.0.dev) single-objective
/// <c>TPESampler()</c> — multivariate, constant liar, 10 random start-up trials, 24 EI candidates, prior weight 1,
/// magic clip, neighbour bandwidth without the prior mean, <c>gamma = min(ceil(0.1·n), 25)</c> and
/// <c>default_weights</c> — with one deliberate difference, <see cref="EvidenceScaledClip"/>. <see cref="OptunaHead"/>
/// reproduces Optuna HEAD exactly and <see cref="Optuna31"/> Optuna 3.1.0's defaults, for comparison.
/// Immutable; <see cref="Validate"/> is called by the sampler's constructor.
/// </summary>
public sealed record TpeOptions
{
    /// <summary>
    /// Sample the intersection search space (parameters present with identical distributions in every finished
    /// trial) jointly from one product-kernel mixture; other parameters fall back to univariate TPE. Default true.
    /// </summary>
    public bool Multivariate { get; init; } = true;

    /// <summary>
    /// With <see cref="Multivariate"/>: split the space into groups of parameters that always appear together and
    /// sample each group jointly (for conditional search spaces). Default false.
    /// </summary>
    public bool Group { get; init; }

    /// <summary>
    /// Treat other workers' Running trials as bad observations (they join the "above" set), so parallel trials
    /// repel. No effect when trials run one at a time. Default true.
    /// </summary>
    public bool ConstantLiar { get; init; } = true;

    /// <summary>Number of finished (Complete or Pruned) trials sampled uniformly at random before TPE starts. Default 10.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) per sampling; the one maximising l(x)/g(x) wins. Default 24.</summary>
    public int EiCandidates { get; init; } = 24;

    /// <summary>Weight of the prior kernel (box centre, sigma = box width) relative to an observation's weight of 1. Default 1.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Floor the kernel sigmas at (H − L)/min(100, n + 2) (otherwise at 1e-12). Default true.</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>
    /// Compute the magic-clip floor of an estimator with k observations from √(k·n), n = finished trials, instead of
    /// Optuna's k: the floor becomes (H − L)/min(100, √(k·n) + 2). Optuna's gamma caps l(x) at 25 observations, so
    /// with its rule the good-region kernels never get narrower than 1/27 of the range and TPE stops refining the
    /// optimum however long the study runs; scaling the floor with the study's evidence lets l(x) sharpen as trials
    /// accumulate, while g(x) (k ≈ n) is unchanged. Measured on the optimizer benchmark and on seven held-out test
    /// functions (seeds disjoint from the benchmark's): better or equal median best values everywhere. Default true;
    /// false reproduces Optuna.
    /// </summary>
    public bool EvidenceScaledClip { get; init; } = true;

    /// <summary>Let the outermost observations use the gap to the box edge in the neighbour bandwidth rule. Default false.</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>Bandwidth rule for numeric kernels. Default <see cref="TpeBandwidth.Neighbor"/> (Optuna HEAD).</summary>
    public TpeBandwidth Bandwidth { get; init; } = TpeBandwidth.Neighbor;

    /// <summary>
    /// Reproduce Optuna 3.1.0's truncated-normal density, which lacks the −ln(sigma) term (fixed in Optuna 3.5), so
    /// wide continuous kernels are over-weighted. Only for comparisons with 3.1.0; default false.
    /// </summary>
    public bool UnnormalizedKernels { get; init; }

    /// <summary>Size of the "below" (good) set for n finished trials; null = <see cref="DefaultGamma"/>.</summary>
    public Func<int, int>? Gamma { get; init; }

    /// <summary>
    /// Optuna's <c>weights</c>: the n weights (finite, ≥ 0, in trial-number order) of an estimator's observations;
    /// null = <see cref="DefaultWeights"/>. Called twice per sampling (l and g), so keep it cheap.
    /// </summary>
    public Func<int, double[]>? Weights { get; init; }

    /// <summary>
    /// Optuna's <c>constraints_func</c>: constraint values of a finished trial (feasible when all ≤ 0), evaluated once
    /// per trial and cached. When null, the trials' <see cref="FrozenTrial.ConstraintsKey"/> system attribute is
    /// used, and constraints are considered as soon as one finished trial carries it. Infeasible trials rank after
    /// every feasible one, ordered by their summed positive violations (a trial without constraint values ranks last).
    /// </summary>
    public Func<FrozenTrial, IReadOnlyList<double>>? ConstraintsFunc { get; init; }

    /// <summary>Seed of the sampler's random streams (start-up and TPE); null = nondeterministic.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Optuna 3.1.0's defaults: independent (univariate) TPE, no constant liar, the neighbour rule with the prior
    /// mean among the points, and the unnormalised 3.1.0 density. For 3.1.0's <c>multivariate=True</c> use
    /// <c>Optuna31 with { Multivariate = true, Bandwidth = TpeBandwidth.Scott }</c>. Not reproduced: 3.1.0 modelled
    /// log-scaled ints as a continuous density in ln-space (here they use the bin mass, as Optuna ≥ 4.7), and its random
    /// number streams.
    /// </summary>
    public static TpeOptions Optuna31 { get; } = new()
    {
        Multivariate = false,
        ConstantLiar = false,
        Bandwidth = TpeBandwidth.NeighborWithPrior,
        UnnormalizedKernels = true,
        EvidenceScaledClip = false,
    };

    /// <summary>
    /// Optuna HEAD's (5.0.0.dev) <c>TPESampler()</c> exactly: the defaults with <see cref="EvidenceScaledClip"/> off
    /// (the magic-clip floor of each estimator from its own observation count).
    /// </summary>
    public static TpeOptions OptunaHead { get; } = new() { EvidenceScaledClip = false };

    /// <summary>Optuna's <c>default_gamma</c>: min(ceil(0.1·n), 25).</summary>
    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Optuna's <c>hyperopt_default_gamma</c>: min(ceil(0.25·√n), 25).</summary>
    public static int HyperoptGamma(int n) => Math.Min((int)Math.Ceiling(0.25 * Math.Sqrt(n)), 25);

    /// <summary>
    /// Optuna's <c>default_weights</c> over n observations in trial-number order: all 1 when n &lt; 25, otherwise a
    /// linear ramp from 1/n to 1 over the n − 25 oldest followed by 25 ones. Allocates the returned array.
    /// </summary>
    public static double[] DefaultWeights(int n)
    {
        var w = new double[Math.Max(n, 0)];
        FillDefaultWeights(w);
        return w;
    }

    internal static void FillDefaultWeights(Span<double> w)
    {
        int n = w.Length;
        if (n < 25)
        {
            w.Fill(1.0);
            return;
        }
        int ramp = n - 25;
        double start = 1.0 / n;
        if (ramp == 1) w[0] = start;
        else
            for (int i = 0; i < ramp; i++)
                w[i] = start + i * ((1.0 - start) / (ramp - 1));
        w[ramp..].Fill(1.0);
    }

    /// <summary>Throws a <see cref="QuarryException"/> (InvalidParameter) naming the first invalid setting.</summary>
    public void Validate()
    {
        if (StartupTrials < 0)
            throw new QuarryException(ErrorCode.InvalidParameter, $"TpeOptions.StartupTrials must be ≥ 0 (got {StartupTrials}).");
        if (EiCandidates < 1)
            throw new QuarryException(ErrorCode.InvalidParameter, $"TpeOptions.EiCandidates must be ≥ 1 (got {EiCandidates}).");
        if (!(PriorWeight > 0) || !double.IsFinite(PriorWeight))
            throw new QuarryException(ErrorCode.InvalidParameter, $"TpeOptions.PriorWeight must be finite and > 0 (got {PriorWeight}).");
        if (Group && !Multivariate)
            throw new QuarryException(ErrorCode.InvalidParameter, "TpeOptions.Group requires Multivariate = true (group decomposition is a multivariate mode).");
        if (!Enum.IsDefined(Bandwidth))
            throw new QuarryException(ErrorCode.InvalidParameter, $"TpeOptions.Bandwidth has an unknown value {(int)Bandwidth}.");
    }

    internal void FillWeights(Span<double> w)
    {
        if (Weights is null) { FillDefaultWeights(w); return; }
        var custom = Weights(w.Length);
        if (custom.Length < w.Length)
            throw new QuarryException(ErrorCode.InvalidParameter, $"TpeOptions.Weights returned {custom.Length} weights for {w.Length} observations.");
        for (int i = 0; i < w.Length; i++)
        {
            double v = custom[i];
            if (!(v >= 0) || !double.IsFinite(v))
                throw new QuarryException(ErrorCode.InvalidParameter, $"TpeOptions.Weights returned {v} at {i}; weights must be finite and ≥ 0.");
            w[i] = v;
        }
    }

    internal int GammaOf(int n)
    {
        int g = Gamma is null ? DefaultGamma(n) : Gamma(n);
        return Math.Clamp(g, 0, n);
    }
}
