using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;

namespace Quarry.Cli.Research;

/// <summary>Creates the --sampler.</summary>
internal static class Samplers
{
    public static ISampler Create(string name, SearchSpace space, int? seed) => name switch
    {
        "tpe" => new TpeSampler(new TpeOptions { Seed = seed }),
        "tpe-independent" => new TpeSampler(new TpeOptions { Seed = seed, Multivariate = false }),
        "random" => new RandomSampler(seed),
        "grid" => new GridSampler(Grid(space), seed),
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--sampler {name}' is invalid: expected tpe, tpe-independent, random or grid."),
    };

    static Dictionary<string, IReadOnlyList<object>> Grid(SearchSpace space)
    {
        var grid = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
        foreach (var (name, distribution) in space.Searched)
        {
            grid[name] = distribution switch
            {
                IntDistribution i when !i.Log => [.. Enumerable.Range(0, (int)((i.High - i.Low) / i.Step) + 1).Select(k => (object)(i.Low + k * i.Step))],
                FloatDistribution { Step: { } step } f => [.. Enumerable.Range(0, (int)Math.Round((f.High - f.Low) / step) + 1).Select(k => (object)Math.Round(f.Low + k * step, 10))],
                CategoricalDistribution c => [.. c.Choices],
                _ => throw new QuarryException(ErrorCode.InvalidParameter,
                    $"--sampler grid needs a finite grid, but '{name}' is {distribution}: give it a step in --space FILE, or use tpe/random."),
            };
        }
        return grid;
    }
}
