using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Client.Internal;

/// <summary>
/// Checks metric, param and tag keys on the logging thread, so a bad key fails the call that passed it rather than a
/// whole background batch. Plain ASCII keys are checked by a loop (a few ns); anything else goes to the store's rules,
/// which also phrase the error.
/// </summary>
internal static class KeyCheck
{
    public static void Key(string key, string what)
    {
        if (!IsPlainCleanKey(key)) BatchValidator.Key(key, what);
    }

    /// <summary>True when <paramref name="key"/> is certainly valid: 1–250 chars of [A-Za-z0-9_./ :-], a clean relative path.</summary>
    static bool IsPlainCleanKey(string? key)
    {
        if (key is null || key.Length == 0 || key.Length > BatchValidator.MaxKeyLength || key[0] == '/' || key[0] == '.') return false;
        char previous = '\0';
        foreach (char c in key)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or ' ' or ':'
                || (c == '.' && previous != '/') || (c == '/' && previous != '/');
            if (!ok) return false;
            previous = c;
        }
        return true;
    }
}
