using System.Text.Json.Nodes;
using Quarry.Core;

namespace Quarry.Optimization.Distributions;

/// <summary>A real parameter in [Low, High], optionally log-scaled or on a grid of <see cref="Step"/> from Low.</summary>
public sealed record FloatDistribution : Distribution
{
    /// <summary>Creates the distribution; throws a <see cref="QuarryException"/> for an empty or invalid range.</summary>
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Float range [{Text(low)}, {Text(high)}] is invalid: need finite low ≤ high.");
        if (log && low <= 0) throw new QuarryException(ErrorCode.InvalidParameter, $"A log-scaled range needs low > 0 (got {Text(low)}).");
        if (log && step is not null) throw new QuarryException(ErrorCode.InvalidParameter, "A float range cannot have both log scale and a step.");
        if (step is { } s && !(s > 0)) throw new QuarryException(ErrorCode.InvalidParameter, $"Step must be > 0 (got {Text(s)}).");
        Low = low;
        // As Optuna does, a stepped range ends at the last grid point inside it.
        High = step is { } st ? low + Math.Floor((high - low) / st + 1e-9) * st : high;
        Log = log;
        Step = step;
    }

    /// <summary>Lower bound.</summary>
    public double Low { get; }

    /// <summary>Upper bound (a grid point when <see cref="Step"/> is set).</summary>
    public double High { get; }

    /// <summary>Whether values are sampled uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>Grid step from <see cref="Low"/>, or null for a continuous range.</summary>
    public double? Step { get; }

    /// <inheritdoc />
    public override bool IsSingle => Low == High;

    /// <inheritdoc />
    public override bool Contains(double internalValue)
    {
        if (!(internalValue >= Low && internalValue <= High)) return false;
        if (Step is not { } step) return true;
        double k = (internalValue - Low) / step;
        return Math.Abs(k - Math.Round(k)) < 1e-8;
    }

    /// <inheritdoc />
    public override object ToExternal(double internalValue) => internalValue;

    /// <inheritdoc />
    public override double ToInternal(object externalValue)
    {
        double v = Convert.ToDouble(externalValue, System.Globalization.CultureInfo.InvariantCulture);
        return Contains(v) ? v : throw new QuarryException(ErrorCode.InvalidParameter, $"{Text(v)} is outside {this}.");
    }

    /// <inheritdoc />
    public override string ToJson() => Json("FloatDistribution", new JsonObject
    {
        ["step"] = Step is { } s ? JsonValue.Create(s) : null, ["low"] = Low, ["high"] = High, ["log"] = Log,
    });

    /// <inheritdoc />
    public override string ToString() => $"float [{Text(Low)}, {Text(High)}]{(Log ? " log" : "")}{(Step is { } s ? $" step {Text(s)}" : "")}";
}
