using System.Text.Json.Nodes;
using Quarry.Core;

namespace Quarry.Optimization.Distributions;

/// <summary>An integer parameter in [Low, High] on a grid of <see cref="Step"/> from Low, optionally log-scaled.</summary>
public sealed record IntDistribution : Distribution
{
    /// <summary>Creates the distribution; throws a <see cref="QuarryException"/> for an empty or invalid range.</summary>
    public IntDistribution(long low, long high, bool log = false, long step = 1)
    {
        if (low > high) throw new QuarryException(ErrorCode.InvalidParameter, $"Int range [{low}, {high}] is invalid: need low ≤ high.");
        if (step < 1) throw new QuarryException(ErrorCode.InvalidParameter, $"Step must be ≥ 1 (got {step}).");
        if (log && low < 1) throw new QuarryException(ErrorCode.InvalidParameter, $"A log-scaled int range needs low ≥ 1 (got {low}).");
        if (log && step != 1) throw new QuarryException(ErrorCode.InvalidParameter, "A log-scaled int range must have step 1.");
        Low = low;
        High = low + (high - low) / step * step;
        Log = log;
        Step = step;
    }

    /// <summary>Lower bound.</summary>
    public long Low { get; }

    /// <summary>Upper bound (a grid point).</summary>
    public long High { get; }

    /// <summary>Whether values are sampled uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>Grid step.</summary>
    public long Step { get; }

    /// <inheritdoc />
    public override bool IsSingle => Low == High;

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High && internalValue == Math.Floor(internalValue) && ((long)internalValue - Low) % Step == 0;

    /// <inheritdoc />
    public override object ToExternal(double internalValue) => (long)Math.Round(internalValue);

    /// <inheritdoc />
    public override double ToInternal(object externalValue)
    {
        double v = Convert.ToDouble(externalValue, System.Globalization.CultureInfo.InvariantCulture);
        return Contains(v) ? v : throw new QuarryException(ErrorCode.InvalidParameter, $"{v} is outside {this}.");
    }

    /// <inheritdoc />
    public override string ToJson() => Json("IntDistribution", new JsonObject { ["log"] = Log, ["step"] = Step, ["low"] = Low, ["high"] = High });

    /// <inheritdoc />
    public override string ToString() => $"int [{Low}, {High}]{(Log ? " log" : "")}{(Step != 1 ? $" step {Step}" : "")}";
}
