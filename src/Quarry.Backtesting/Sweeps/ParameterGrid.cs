using System.Globalization;
using Quarry.Core;

namespace Quarry.Backtesting.Sweeps;

/// <summary>
/// The cartesian product of parameter values, each axis written as <c>name=start:stop:step</c> (inclusive),
/// <c>name=a,b,c</c> or <c>name=value</c>. Cells are enumerated with the last axis varying fastest.
/// </summary>
public sealed class ParameterGrid
{
    ParameterGrid(IReadOnlyList<(string Name, IReadOnlyList<string> Values)> axes) => Axes = axes;

    /// <summary>The axes in the order given.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Axes { get; }

    /// <summary>Number of cells.</summary>
    public long Count => Axes.Aggregate(1L, (n, a) => n * a.Values.Count);

    /// <summary>Parses axis specifications; throws a <see cref="QuarryException"/> naming the bad one.</summary>
    public static ParameterGrid Parse(IEnumerable<string> specs)
    {
        var axes = new List<(string, IReadOnlyList<string>)>();
        foreach (var spec in specs)
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
                throw Bad(spec, "expected name=value, name=start:stop:step or name=a,b,c");
            string name = spec[..eq].Trim(), text = spec[(eq + 1)..].Trim();
            if (axes.Any(a => a.Item1 == name)) throw Bad(spec, $"parameter '{name}' is given twice");
            axes.Add((name, text.Contains(':', StringComparison.Ordinal) ? Range(spec, text) : text.Split(',').Select(v => v.Trim()).ToArray()));
        }
        return new ParameterGrid(axes);
    }

    /// <summary>The name → value assignments of cell <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public KeyValuePair<string, string>[] Cell(long index)
    {
        var cell = new KeyValuePair<string, string>[Axes.Count];
        for (int a = Axes.Count - 1; a >= 0; a--)
        {
            var values = Axes[a].Values;
            cell[a] = new(Axes[a].Name, values[(int)(index % values.Count)]);
            index /= values.Count;
        }
        return cell;
    }

    static string[] Range(string spec, string text)
    {
        var parts = text.Split(':');
        var inv = CultureInfo.InvariantCulture;
        if (parts.Length is < 2 or > 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, inv, out _)))
            throw Bad(spec, "a range is start:stop or start:stop:step with numbers, e.g. fast=5:50:5");
        double start = double.Parse(parts[0], inv), stop = double.Parse(parts[1], inv), step = parts.Length == 3 ? double.Parse(parts[2], inv) : 1;
        if (!(step > 0)) throw Bad(spec, "the step must be > 0");
        if (stop < start) throw Bad(spec, "stop is below start");
        long count = (long)Math.Floor((stop - start) / step + 1e-9) + 1;
        if (count > 1_000_000) throw Bad(spec, $"the range has {count} values; at most 1,000,000 per axis");
        var values = new string[count];
        for (long k = 0; k < count; k++)
            values[k] = Math.Round(start + k * step, 10).ToString("R", inv);
        return values;
    }

    static QuarryException Bad(string spec, string problem) =>
        new(ErrorCode.InvalidParameter, $"Bad parameter grid '-p {spec}': {problem}.");
}
