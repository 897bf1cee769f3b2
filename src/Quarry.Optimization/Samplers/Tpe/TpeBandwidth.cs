namespace Quarry.Optimization.Samplers;

/// <summary>How <see cref="TpeSampler"/> chooses the sigma of each numeric kernel (before the magic clip).</summary>
public enum TpeBandwidth
{
    /// <summary>
    /// Hyperopt's neighbour rule as in Optuna 4.9+ and HEAD: sort the observations (the prior mean excluded), pad
    /// with the box edges, sigma = the larger gap to a neighbour; without <see cref="TpeOptions.ConsiderEndpoints"/>
    /// the outermost points use only their inner gap. Used per dimension in multivariate mode too (HEAD).
    /// </summary>
    Neighbor,

    /// <summary>The neighbour rule with the prior mean (the box centre) among the sorted points: Optuna 3.1.0 – 4.8 univariate TPE.</summary>
    NeighborWithPrior,

    /// <summary>Optuna 3.1.0 – 4.9 multivariate rule: sigma = 0.2 · max(n, 1)^(−1/(d + 4)) · (H − L) for every kernel, d = number of jointly sampled parameters.</summary>
    Scott,
}
