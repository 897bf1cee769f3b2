namespace Quarry.Optimization.Pruners;

/// <summary>Decides whether a running trial should stop early, from its intermediate values and the study's other trials.</summary>
public interface IPruner
{
    /// <summary>True to prune <paramref name="trial"/> now (it has just reported its latest intermediate value).</summary>
    bool Prune(IStudyView study, FrozenTrial trial);
}
