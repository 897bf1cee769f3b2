namespace Quarry.Optimization;

/// <summary>A study as stored.</summary>
/// <param name="Id">Storage id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="Direction">Optimisation direction.</param>
public sealed record StudyInfo(long Id, string Name, StudyDirection Direction);
