using Quarry.Optimization;

namespace Quarry.Optimization.Tests;

public class SmokeTests
{
    [Fact]
    public void Optimize_quadratic_finds_a_good_point()
    {
        var study = Study.Create("smoke", StudyDirection.Minimize);
        var result = study.Optimize(t => { var x = t.SuggestFloat("x", -10, 10); return x * x; }, new OptimizeOptions { Trials = 50 });
        Assert.Equal(50, result.Trials.Count);
        Assert.True(study.BestValue < 5);
    }
}
