using Quarry.Core;
using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Benchmarks;

/// <summary>
/// The five problems of the optimizer benchmark (<c>shared/bench/optimizer.md</c> §1–5), with the same domains,
/// parameter names, types, log flags and suggest order as the Optuna peer runs. All are minimised.
/// </summary>
public static class BenchmarkObjectives
{
    const double Pi = Math.PI;

    /// <summary>branin (2-D): x0 ∈ [−5, 10], x1 ∈ [0, 15]; f* = 0.397887357729738.</summary>
    public static BenchmarkObjective Branin { get; } = new("branin", 0.397887357729738,
        [new("x0", new FloatDistribution(-5, 10)), new("x1", new FloatDistribution(0, 15))],
        x => BraninFunction(x[0], x[1]));

    /// <summary>hartmann6 (6-D): x0..x5 ∈ [0, 1]; f* = −3.322368011391339.</summary>
    public static BenchmarkObjective Hartmann6 { get; } = new("hartmann6", -3.322368011391339,
        Floats(6, 0, 1), Hartmann6Function);

    /// <summary>rosenbrock10 (10-D): x0..x9 ∈ [−5, 10]; f* = 0 at (1, …, 1).</summary>
    public static BenchmarkObjective Rosenbrock10 { get; } = new("rosenbrock10", 0, Floats(10, -5, 10), RosenbrockFunction);

    /// <summary>ackley5 (5-D): x0..x4 ∈ [−32.768, 32.768]; f* = 0 at the box centre.</summary>
    public static BenchmarkObjective Ackley5 { get; } = new("ackley5", 0, Floats(5, -32.768, 32.768), AckleyFunction);

    /// <summary>
    /// mixed: x ∈ [−5, 5], y ∈ [0.001, 1] log, n ∈ int [1, 20], c ∈ {a, b, c}; f = u² + v² + uv + 0.1(n − 7)² + off(c) with
    /// u = x − 1.5, v = log10(y) + 2, off = (0.5, 0, 1); f* = 0 at (1.5, 0.01, 7, "b").
    /// </summary>
    public static BenchmarkObjective Mixed { get; } = new("mixed", 0,
        [
            new("x", new FloatDistribution(-5, 5)),
            new("y", new FloatDistribution(0.001, 1, log: true)),
            new("n", new IntDistribution(1, 20)),
            new("c", new CategoricalDistribution(["a", "b", "c"])),
        ],
        x => MixedFunction(x[0], x[1], x[2], (int)x[3]));

    /// <summary>All five, in the order of the benchmark tables.</summary>
    public static IReadOnlyList<BenchmarkObjective> All { get; } = [Branin, Hartmann6, Rosenbrock10, Ackley5, Mixed];

    /// <summary>The objective called <paramref name="name"/>; throws a <see cref="QuarryException"/> (NotFound) for an unknown name.</summary>
    public static BenchmarkObjective Get(string name)
    {
        foreach (var o in All)
            if (string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)) return o;
        throw new QuarryException(ErrorCode.NotFound, $"No benchmark objective '{name}' (known: {string.Join(", ", All.Select(o => o.Name))}).");
    }

    /// <summary>Branin: a(x1 − b·x0² + c·x0 − r)² + s(1 − t)cos(x0) + s with a = 1, b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π).</summary>
    public static double BraninFunction(double x0, double x1)
    {
        const double a = 1, r = 6, s = 10;
        double b = 5.1 / (4 * Pi * Pi), c = 5 / Pi, t = 1 / (8 * Pi);
        double q = x1 - b * x0 * x0 + c * x0 - r;
        return a * q * q + s * (1 - t) * Math.Cos(x0) + s;
    }

    static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };
    static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Hartmann 6-D: −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²).</summary>
    public static double Hartmann6Function(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        double f = 0;
        for (int i = 0; i < 4; i++)
        {
            double inner = 0;
            for (int j = 0; j < 6; j++)
            {
                double d = x[j] - P[i, j];
                inner += A[i, j] * d * d;
            }
            f -= Alpha[i] * Math.Exp(-inner);
        }
        return f;
    }

    /// <summary>Rosenbrock: Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)².</summary>
    public static double RosenbrockFunction(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            f += 100 * a * a + b * b;
        }
        return f;
    }

    /// <summary>Ackley: −20 exp(−0.2 √(Σx²/d)) − exp(Σcos(2πx)/d) + 20 + e.</summary>
    public static double AckleyFunction(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        double d = x.Length, sq = 0, cs = 0;
        foreach (var v in x)
        {
            sq += v * v;
            cs += Math.Cos(2 * Pi * v);
        }
        return -20 * Math.Exp(-0.2 * Math.Sqrt(sq / d)) - Math.Exp(cs / d) + 20 + Math.E;
    }

    /// <summary>The mixed problem's f (see <see cref="Mixed"/>); <paramref name="choice"/> is the index of c in (a, b, c).</summary>
    public static double MixedFunction(double x, double y, double n, int choice)
    {
        double u = x - 1.5, v = Math.Log10(y) + 2;
        double off = choice switch { 0 => 0.5, 1 => 0.0, 2 => 1.0, _ => throw new ArgumentOutOfRangeException(nameof(choice)) };
        return u * u + v * v + u * v + 0.1 * (n - 7) * (n - 7) + off;
    }

    static BenchmarkParameter[] Floats(int count, double low, double high)
    {
        var p = new BenchmarkParameter[count];
        for (int i = 0; i < count; i++) p[i] = new($"x{i}", new FloatDistribution(low, high));
        return p;
    }
}
