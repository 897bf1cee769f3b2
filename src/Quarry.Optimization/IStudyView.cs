namespace Quarry.Optimization;

/// <summary>What samplers and pruners see of a study: its direction and its trials (a snapshot, possibly slightly stale).</summary>
public interface IStudyView
{
    /// <summary>Study name.</summary>
    string Name { get; }

    /// <summary>Optimisation direction.</summary>
    StudyDirection Direction { get; }

    /// <summary>The study's trials in number order, optionally only those in <paramref name="states"/>.</summary>
    IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null);
}
