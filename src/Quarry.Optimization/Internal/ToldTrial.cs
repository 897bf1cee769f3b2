using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Internal;

/// <summary>
/// A trial whose tell was sent (<see cref="Study.Finish(Trial, TrialState, double?, string?, ValueTuple{int?, bool}?)"/>),
/// possibly not yet acknowledged (<see cref="PendingTell"/>). One owner; not thread-safe.
/// </summary>
internal sealed class ToldTrial(IStudyStorage storage, long trialId, PendingTell tell) : IDisposable
{
    /// <summary>The trial's id.</summary>
    public long TrialId => trialId;

    /// <summary>Waits until the tell is durable and returns the trial's final snapshot; throws the tell's error instead.</summary>
    public FrozenTrial Wait()
    {
        tell.Wait();
        return storage.GetTrial(trialId);
    }

    /// <summary>Waits for an acknowledgement nobody will read (see <see cref="PendingTell.Dispose"/>).</summary>
    public void Dispose() => tell.Dispose();
}
