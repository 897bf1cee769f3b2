using Quarry.Optimization.Storage;

namespace Quarry.Cli.Research;

/// <summary>Opens the --storage of a study: in memory (this process only) or a SQL database shared by workers.</summary>
internal static class StudyStorages
{
    public static IStudyStorage Open(string? spec) =>
        spec is null or "memory" ? new InMemoryStudyStorage() : SqlStudyStorage.Open(spec);
}
