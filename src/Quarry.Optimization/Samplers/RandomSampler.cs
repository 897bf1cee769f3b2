using System.Security.Cryptography;
using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Samplers;

/// <summary>
/// Samples every parameter independently and uniformly: floats uniform in [low, high] (log-uniform when log-scaled),
/// stepped floats and ints uniform over their grid points, log-scaled ints log-uniform over [low − 0.5, high + 0.5]
/// then rounded (as Optuna), categoricals uniform over the choices.
/// <para>
/// Reproducible and order-free: a value is a pure function of (seed, trial number, parameter name), computed with a
/// SplitMix64 hash instead of a shared sequential generator. A seeded study therefore proposes the same values for the
/// same trial numbers however many threads or processes run it, and workers sharing a seed do not duplicate each
/// other's trials (they have different numbers). Stateless after construction: thread-safe, no allocation per sample.
/// </para>
/// </summary>
public sealed class RandomSampler : ISampler
{
    readonly ulong _seed;

    /// <summary>Creates the sampler; a null <paramref name="seed"/> draws one from the OS random generator.</summary>
    public RandomSampler(int? seed = null) =>
        _seed = seed is { } s ? (ulong)(uint)s : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    /// <inheritdoc />
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(name);
        return Draw(distribution, Bits(_seed, trial.Number, name));
    }

    /// <summary>64 random bits for (seed, trial number, parameter name).</summary>
    internal static ulong Bits(ulong seed, int number, string name)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode
        foreach (char c in name) h = (h ^ c) * 1099511628211UL;
        return Mix(Mix(Mix(seed) ^ (ulong)(uint)number) ^ h);
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    internal static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n) (Lemire's multiply-high; bias below 2⁻⁶⁴·n).</summary>
    internal static long Below(ulong bits, long n) => (long)Math.BigMul(bits, (ulong)n, out _);

    /// <summary>A uniform internal value of <paramref name="distribution"/> from 64 random bits.</summary>
    internal static double Draw(Distribution distribution, ulong bits) => distribution switch
    {
        FloatDistribution { Step: { } step } f =>
            Math.Min(f.High, f.Low + Below(bits, (long)Math.Round((f.High - f.Low) / step) + 1) * step),
        FloatDistribution { Log: true } f =>
            Math.Clamp(Math.Exp(Math.Log(f.Low) + Unit(bits) * (Math.Log(f.High) - Math.Log(f.Low))), f.Low, f.High),
        FloatDistribution f => Math.Min(f.High, f.Low + Unit(bits) * (f.High - f.Low)),
        IntDistribution { Log: true } i => Math.Clamp(
            Math.Round(Math.Exp(Math.Log(i.Low - 0.5) + Unit(bits) * (Math.Log(i.High + 0.5) - Math.Log(i.Low - 0.5)))), i.Low, i.High),
        IntDistribution i => i.Low + Below(bits, (i.High - i.Low) / i.Step + 1) * i.Step,
        CategoricalDistribution c => Below(bits, c.Choices.Count),
        _ => throw new ArgumentException($"Unknown distribution type {distribution.GetType().Name}.", nameof(distribution)),
    };
}
