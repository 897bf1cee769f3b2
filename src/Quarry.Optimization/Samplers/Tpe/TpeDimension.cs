using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>
/// One parameter as TPE models it: the transformed box [<see cref="Low"/>, <see cref="High"/>] (ln for log scales,
/// widened by half a step for grids; Optuna's <c>_transform</c> plus the step widening), the mapping of internal
/// values into it and the snapping of samples back onto the distribution.
/// </summary>
internal sealed class TpeDimension
{
    TpeDimension(Distribution distribution, DimensionKind kind, double low, double high, double step,
        double valueLow, double valueHigh, bool log, int choices)
    {
        Distribution = distribution;
        Kind = kind;
        Low = low;
        High = high;
        Step = step;
        ValueLow = valueLow;
        ValueHigh = valueHigh;
        Log = log;
        Choices = choices;
    }

    /// <summary>The distribution being modelled.</summary>
    public Distribution Distribution { get; }

    /// <summary>Model kind.</summary>
    public DimensionKind Kind { get; }

    /// <summary>Lower edge of the transformed box.</summary>
    public double Low { get; }

    /// <summary>Upper edge of the transformed box.</summary>
    public double High { get; }

    /// <summary>Grid step for <see cref="DimensionKind.Discrete"/> and <see cref="DimensionKind.LogDiscrete"/> (internal units), 0 otherwise.</summary>
    public double Step { get; }

    /// <summary>Smallest internal value.</summary>
    public double ValueLow { get; }

    /// <summary>Largest internal value.</summary>
    public double ValueHigh { get; }

    /// <summary>Whether the box is in ln-space.</summary>
    public bool Log { get; }

    /// <summary>Number of choices (categorical only).</summary>
    public int Choices { get; }

    /// <summary>Box width H − L (the prior's sigma and the bandwidth ceiling).</summary>
    public double Width => High - Low;

    /// <summary>Builds the model of a distribution.</summary>
    public static TpeDimension Create(Distribution distribution)
    {
        switch (distribution)
        {
            case FloatDistribution f when f.Step is { } s:
                return new(f, DimensionKind.Discrete, f.Low - 0.5 * s, f.High + 0.5 * s, s, f.Low, f.High, false, 0);
            case FloatDistribution f when f.Log:
                return new(f, DimensionKind.Continuous, Math.Log(f.Low), Math.Log(f.High), 0, f.Low, f.High, true, 0);
            case FloatDistribution f:
                return new(f, DimensionKind.Continuous, f.Low, f.High, 0, f.Low, f.High, false, 0);
            case IntDistribution i when i.Log:
                return new(i, DimensionKind.LogDiscrete, Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), i.Step, i.Low, i.High, true, 0);
            case IntDistribution i:
                return new(i, DimensionKind.Discrete, i.Low - 0.5 * i.Step, i.High + 0.5 * i.Step, i.Step, i.Low, i.High, false, 0);
            case CategoricalDistribution c:
                return new(c, DimensionKind.Categorical, 0, c.Choices.Count, 0, 0, c.Choices.Count - 1, false, c.Choices.Count);
            default:
                throw new ArgumentException($"Unsupported distribution type {distribution.GetType().Name}.", nameof(distribution));
        }
    }

    /// <summary>
    /// The transformed coordinate of an observed internal value, or NaN when it cannot be used (a categorical
    /// index out of range). Numeric values outside [ValueLow, ValueHigh] (recorded under an older range) are
    /// clamped into it.
    /// </summary>
    public double Transform(double internalValue)
    {
        if (double.IsNaN(internalValue)) return double.NaN;
        if (Kind == DimensionKind.Categorical)
            return internalValue >= 0 && internalValue < Choices && internalValue == Math.Floor(internalValue) ? internalValue : double.NaN;
        double v = Math.Clamp(internalValue, ValueLow, ValueHigh);
        return Log ? Math.Log(v) : v;
    }

    /// <summary>Whether an observation recorded under <paramref name="recorded"/> can be modelled by this dimension.</summary>
    public bool Accepts(Distribution recorded) =>
        Kind == DimensionKind.Categorical
            ? recorded.Equals(Distribution)
            : recorded is FloatDistribution or IntDistribution;

    /// <summary>
    /// Maps a sample drawn in the transformed box to a legal internal value: exp for ln-space, the nearest grid
    /// point (round half to even, as numpy) clamped to [ValueLow, ValueHigh] for grids.
    /// </summary>
    public double Snap(double transformed)
    {
        switch (Kind)
        {
            case DimensionKind.Continuous:
                return Math.Clamp(Log ? Math.Exp(transformed) : transformed, ValueLow, ValueHigh);
            case DimensionKind.Discrete:
                return Math.Clamp(ValueLow + Math.Round((transformed - ValueLow) / Step) * Step, ValueLow, ValueHigh);
            case DimensionKind.LogDiscrete:
                return Math.Clamp(ValueLow + Math.Round((Math.Exp(transformed) - ValueLow) / Step) * Step, ValueLow, ValueHigh);
            default:
                return Math.Clamp(Math.Floor(transformed), 0, Choices - 1);
        }
    }

    /// <summary>The transformed bin [lo, hi] of a grid value (Discrete and LogDiscrete).</summary>
    public (double Lo, double Hi) Bin(double internalValue) => Kind == DimensionKind.LogDiscrete
        ? (Math.Log(internalValue - 0.5 * Step), Math.Log(internalValue + 0.5 * Step))
        : (internalValue - 0.5 * Step, internalValue + 0.5 * Step);
}
