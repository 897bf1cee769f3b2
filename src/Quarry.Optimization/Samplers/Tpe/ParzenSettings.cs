namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>
/// Settings shared by the estimators of one sampling step. <see cref="StudyTrials"/> is the number of finished trials
/// the step learns from when the magic-clip floor is evidence-scaled (see <see cref="Bandwidth.ClipCount"/>), 0 for
/// Optuna's per-estimator floor.
/// </summary>
internal readonly record struct ParzenSettings(
    double PriorWeight, TpeBandwidth Bandwidth, bool ConsiderEndpoints, bool MagicClip, bool UnnormalizedKernels, int StudyTrials = 0);
