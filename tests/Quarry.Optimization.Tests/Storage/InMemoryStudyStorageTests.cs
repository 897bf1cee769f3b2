using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Tests.Storage;

public sealed class InMemoryStudyStorageTests : StudyStorageContract
{
    readonly ManualClock _clock = new();

    protected override IStudyStorage CreateStorage() => new InMemoryStudyStorage(_clock);

    protected override void AdvanceClock(TimeSpan by) => _clock.Advance(by);
}
