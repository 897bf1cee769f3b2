using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Benchmarks;

/// <summary>
/// A minimisation test problem of the optimizer benchmark: a search space (parameter names, distributions and suggest
/// order, exactly as in Quarry's <c>shared/bench/optimizer.md</c>) and a function of the parameters' internal values
/// (a categorical's value is its choice index). Immutable and thread-safe.
/// </summary>
public sealed class BenchmarkObjective
{
    readonly Func<double[], double> _function;

    /// <summary>Creates an objective.</summary>
    /// <param name="name">Short name (<c>branin</c>, ...).</param>
    /// <param name="optimum">The global minimum f*.</param>
    /// <param name="space">Parameters in suggest order.</param>
    /// <param name="function">f of the internal values, in the order of <paramref name="space"/>.</param>
    public BenchmarkObjective(string name, double optimum, IReadOnlyList<BenchmarkParameter> space, Func<double[], double> function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(function);
        Name = name;
        Optimum = optimum;
        Space = [.. space];
        _function = function;
    }

    /// <summary>Short name.</summary>
    public string Name { get; }

    /// <summary>Global minimum f*.</summary>
    public double Optimum { get; }

    /// <summary>Parameters in suggest order.</summary>
    public IReadOnlyList<BenchmarkParameter> Space { get; }

    /// <summary>f at internal values given in <see cref="Space"/> order (the array is not kept).</summary>
    public double Evaluate(double[] internalValues)
    {
        ArgumentNullException.ThrowIfNull(internalValues);
        if (internalValues.Length != Space.Count)
            throw new ArgumentException($"{Name} takes {Space.Count} values, got {internalValues.Length}.", nameof(internalValues));
        return _function(internalValues);
    }

    /// <summary>Suggests every parameter on <paramref name="trial"/>, in order, and returns their internal values.</summary>
    public double[] Suggest(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var x = new double[Space.Count];
        for (int i = 0; i < x.Length; i++)
        {
            var (name, dist) = (Space[i].Name, Space[i].Distribution);
            x[i] = dist switch
            {
                FloatDistribution f => trial.SuggestFloat(name, f.Low, f.High, f.Log, f.Step),
                IntDistribution n => trial.SuggestInt(name, n.Low, n.High, n.Log, n.Step),
                CategoricalDistribution c => dist.ToInternal(trial.SuggestCategorical(name, c.Choices)),
                _ => throw new InvalidOperationException($"Unsupported distribution {dist}."),
            };
        }
        return x;
    }

    /// <summary>Suggests the parameters on <paramref name="trial"/> and returns f (convenient as a <see cref="Study.Optimize"/> objective).</summary>
    public double Evaluate(Trial trial) => _function(Suggest(trial));

    /// <inheritdoc />
    public override string ToString() => $"{Name} (f* = {Optimum})";
}
