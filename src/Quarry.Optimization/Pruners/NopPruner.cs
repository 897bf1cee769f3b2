namespace Quarry.Optimization.Pruners;

/// <summary>Never prunes (the default pruner). Stateless and thread-safe.</summary>
public sealed class NopPruner : IPruner
{
    /// <inheritdoc />
    public bool Prune(IStudyView study, FrozenTrial trial) => false;
}
