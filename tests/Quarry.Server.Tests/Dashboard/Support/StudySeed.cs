using Quarry.Optimization;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Storage;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// A study written through the storage with values checkable by hand: Complete trials i = 0..<see cref="Complete"/>−1 have
/// fast = 5 + 5·i, slow = 200 − 10·i, side = long|both alternating and value = 0.1·i − 0.01·(i mod 3) (maximised, so the
/// best is the last one, value 0.9 − 0.0 = 0.9 for i = 9); then one Pruned trial (last report 0.05 at step 3), one Fail
/// trial and, unless <c>finished</c>, one Running trial. The study's user attribute <c>quarry.args</c> holds CLI args.
/// </summary>
internal static class StudySeed
{
    public const int Complete = 10;
    public const double BestValue = 0.9;
    public const int BestNumber = 9;
    public const string Args = "[\"--strategy\",\"sma-cross\",\"--trials\",\"13\"]";

    public static readonly IntDistribution Fast = new(5, 60), Slow = new(20, 200);
    public static readonly CategoricalDistribution Side = new(["long", "both"]);

    public static double Value(int i) => 0.1 * i - 0.01 * (i % 3);

    public static StudyInfo Write(IStudyStorage storage, string name, bool finished = false)
    {
        var study = storage.CreateStudy(name, StudyDirection.Maximize);
        storage.SetStudyUserAttribute(study.Id, "quarry.args", Args);
        for (int i = 0; i < Complete; i++)
        {
            var t = Start(storage, study, i);
            storage.SetState(t.TrialId, TrialState.Complete, Value(i));
        }
        var pruned = Start(storage, study, 3);
        storage.SetIntermediateValue(pruned.TrialId, 3, 0.05);
        storage.SetState(pruned.TrialId, TrialState.Pruned, 0.05);
        var failed = Start(storage, study, 4);
        storage.SetState(failed.TrialId, TrialState.Fail);
        if (!finished) Start(storage, study, 5);
        return study;
    }

    /// <summary>A Running trial with the parameters of index <paramref name="i"/>.</summary>
    public static FrozenTrial Start(IStudyStorage storage, StudyInfo study, int i)
    {
        var t = storage.CreateTrial(study.Id);
        storage.SetParam(t.TrialId, "fast", 5 + 5 * i, Fast);
        storage.SetParam(t.TrialId, "slow", 200 - 10 * i, Slow);
        storage.SetParam(t.TrialId, "side", i % 2, Side);
        return t;
    }
}
