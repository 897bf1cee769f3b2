namespace Quarry.Optimization;

/// <summary>
/// Thrown by an objective to stop its trial early, after <see cref="Trial.ShouldPrune"/> returned true:
/// <see cref="Study.Optimize"/> then tells the trial as <see cref="TrialState.Pruned"/> and goes on. This is control
/// flow, as in Optuna (<c>raise TrialPruned()</c>), not an error.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialPrunedException() : base("The trial was pruned.") { }

    /// <summary>Creates the exception with a message.</summary>
    public TrialPrunedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TrialPrunedException(string message, Exception innerException) : base(message, innerException) { }
}
