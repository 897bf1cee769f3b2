using System.Globalization;
using System.Text;
using Quarry.Core;

namespace Quarry.Tracking.Artifacts;

/// <summary>
/// The rules for artifact paths (MLflow's <c>validate_path_is_safe</c>, made precise): relative, <c>/</c>-separated,
/// never leaving the root. Percent-escapes are decoded first (repeatedly, as MLflow does, so <c>%2e%2e</c> and
/// <c>%252e%252e</c> are <c>..</c>), then the path is checked: no NUL or control characters, no backslashes, not
/// absolute (<c>/x</c>, <c>C:</c>), no <c>..</c> segment, no segment over 255 bytes. <c>.</c> segments and repeated or
/// trailing slashes are dropped. Pure and thread-safe.
/// </summary>
public static class ArtifactPath
{
    /// <summary>The longest file or directory name most file systems accept, in UTF-8 bytes.</summary>
    public const int MaxSegmentBytes = 255;

    // MLflow stops after 10 rounds too; a path still changing then is refused rather than guessed at.
    const int MaxDecodeRounds = 10;

    /// <summary>
    /// Checks <paramref name="path"/> and returns its canonical form: decoded, segments joined by <c>/</c>, no leading
    /// or trailing slash; the empty string for the root (null, empty, <c>.</c> or <c>/</c>-free empty paths). Idempotent.
    /// </summary>
    /// <param name="path">The path as the caller sent it.</param>
    /// <param name="field">The request field it came from, named in the error message.</param>
    /// <exception cref="QuarryException">InvalidParameter, saying which rule the path breaks and how to fix it.</exception>
    public static string Validate(string? path, string field = "path")
    {
        if (string.IsNullOrEmpty(path)) return "";
        string decoded = Decode(path, field);
        for (int i = 0; i < decoded.Length; i++)
        {
            char c = decoded[i];
            if (c == '\0') throw Invalid(path, field, "it contains a NUL character", "remove the NUL (%00)");
            if (char.IsControl(c))
                throw Invalid(path, field, $"it contains the control character U+{(int)c:X4}", "use printable characters only");
            if (c == '\\')
                throw Invalid(path, field, "it contains a backslash", "separate directories with '/'");
        }
        if (decoded[0] == '/') throw Invalid(path, field, "it is absolute", "give a path relative to the artifact root, without the leading '/'");
        if (decoded.Length >= 2 && char.IsAsciiLetter(decoded[0]) && decoded[1] == ':')
            throw Invalid(path, field, "it starts with a drive letter", "give a path relative to the artifact root");
        var segments = new List<string>();
        foreach (var segment in decoded.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..") throw Invalid(path, field, "it has a '..' segment, which would leave the artifact root", "remove the '..' segments");
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
                throw Invalid(path, field, $"the name '{segment[..32]}…' is longer than {MaxSegmentBytes} bytes", "shorten it");
            segments.Add(segment);
        }
        return string.Join('/', segments);
    }

    /// <summary>
    /// <see cref="Validate"/> for a path that must name a file or directory, not the root.
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter when the path is empty or invalid.</exception>
    public static string ValidateNonRoot(string? path, string field = "path")
    {
        string canonical = Validate(path, field);
        return canonical.Length > 0 ? canonical
            : throw new QuarryException(ErrorCode.InvalidParameter,
                $"Missing value for required parameter '{field}': the artifact root itself cannot be used here (fix: name a file, e.g. 'model/MLmodel').");
    }

    /// <summary>Joins two canonical paths (either may be empty).</summary>
    public static string Combine(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + "/" + second;

    /// <summary>The last segment of a canonical path (the whole path when it has no <c>/</c>).</summary>
    public static string Name(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path[(path.LastIndexOf('/') + 1)..];
    }

    static string Decode(string path, string field)
    {
        string current = path;
        for (int round = 0; ; round++)
        {
            string next = Uri.UnescapeDataString(current);
            if (next == current) return current;
            if (round == MaxDecodeRounds) break;
            current = next;
        }
        throw Invalid(path, field, $"it is still percent-encoded after {MaxDecodeRounds} rounds of decoding", "send the path encoded once");
    }

    static QuarryException Invalid(string path, string field, string reason, string fix) =>
        new(ErrorCode.InvalidParameter, $"Invalid artifact path '{Printable(path)}' in '{field}': {reason} (fix: {fix}).");

    /// <summary>The path with control characters shown as <c>\uXXXX</c>, safe for a message.</summary>
    static string Printable(string path)
    {
        var text = new StringBuilder(path.Length);
        foreach (char c in path)
        {
            if (char.IsControl(c)) text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else text.Append(c);
        }
        return text.ToString();
    }
}
