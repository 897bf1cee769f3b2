using Quarry.Core;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>The errors and name checks the SQL storage's parts share, so that every path reports them alike.</summary>
static class StorageErrors
{
    /// <summary>Longest study name, parameter name or attribute key (the VARCHAR(512) columns).</summary>
    public const int MaxNameLength = 512;

    public static QuarryException StudyNotFound(long studyId) => new(ErrorCode.NotFound, $"Study {studyId} does not exist (fix: list the studies, or create it).");

    public static QuarryException TrialNotFound(long trialId) => new(ErrorCode.NotFound, $"Trial {trialId} does not exist.");

    public static QuarryException Finished(long trialId, int number, TrialState state) =>
        new(ErrorCode.InvalidState, $"Trial {number} (id {trialId}) has already finished ({state}) and cannot be updated.");

    /// <summary>Throws InvalidParameter unless <paramref name="name"/> has 1–512 characters.</summary>
    public static void CheckName(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxNameLength)
            throw new QuarryException(ErrorCode.InvalidParameter, $"A {what} must have 1–{MaxNameLength} characters (got {name.Length}).");
    }
}
