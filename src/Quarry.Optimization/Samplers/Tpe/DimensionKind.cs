namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>How a dimension is modelled by the Parzen estimator.</summary>
internal enum DimensionKind
{
    /// <summary>Continuous float (linear or ln-space): truncated-normal density.</summary>
    Continuous,
    /// <summary>Int or stepped float on a linear grid: truncated-normal mass of the bin [x − step/2, x + step/2].</summary>
    Discrete,
    /// <summary>Log-scaled int: truncated-normal mass of the bin [ln(x − ½), ln(x + ½)] in ln-space.</summary>
    LogDiscrete,
    /// <summary>Categorical: per-kernel probability rows.</summary>
    Categorical,
}
