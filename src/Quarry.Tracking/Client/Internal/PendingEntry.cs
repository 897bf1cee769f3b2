namespace Quarry.Tracking.Client.Internal;

/// <summary>A param or tag waiting to be written.</summary>
internal readonly record struct PendingEntry(string Key, string Value);
