namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>Settings shared by every estimator of a sampler.</summary>
internal readonly record struct ParzenSettings(
    double PriorWeight, TpeBandwidth Bandwidth, bool ConsiderEndpoints, bool MagicClip, bool UnnormalizedKernels);
