namespace Quarry.Tracking.Search.Index;

/// <summary>The <c>runs</c> row of one run as an index holds it.</summary>
internal readonly record struct IndexedRun(string RunId, string Name, string UserId, string Status, long StartTime, long? EndTime,
    string ArtifactUri, bool Deleted);
