using Quarry.Core;

namespace Quarry.Server.Auth;

/// <summary>
/// Where <see cref="AuthOptions"/> come from: an auth file and the environment variable
/// <see cref="TokensVariable"/>. An auth file holds one credential per line — <c>user:password</c> for HTTP Basic
/// (what MLflow clients send from <c>MLFLOW_TRACKING_USERNAME</c> / <c>MLFLOW_TRACKING_PASSWORD</c>) or
/// <c>token:VALUE</c> for a bearer token (<c>MLFLOW_TRACKING_TOKEN</c>) — with blank lines and <c>#</c> comments
/// ignored, whitespace around names and secrets trimmed, and the first <c>:</c> as the separator (passwords may contain
/// <c>:</c>; the user name <c>token</c> is reserved). Errors name the file and line but never echo a secret.
/// Thread-safe (pure functions over their inputs).
/// </summary>
public static class ServerAuth
{
    /// <summary>The environment variable with bearer tokens, separated by commas or whitespace.</summary>
    public const string TokensVariable = "QUARRY_SERVER_TOKENS";

    const string TokenKey = "token";

    /// <summary>Reads an auth file.</summary>
    /// <exception cref="QuarryException">
    /// NotFound when the file does not exist; InvalidParameter (<c>file:line: …</c>) for a line without <c>:</c>, an empty
    /// name, password or token, a user defined twice, or a file with no credentials at all.
    /// </exception>
    public static AuthOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new QuarryException(ErrorCode.NotFound, $"Auth file '{path}' does not exist (fix: create it with lines 'user:password' or 'token:VALUE').");
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var userLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new List<string>();
        int number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) throw Bad(path, number, "expected 'user:password' or 'token:VALUE' but the line has no ':'");
            string name = line[..colon].Trim(), secret = line[(colon + 1)..].Trim();
            if (name.Length == 0) throw Bad(path, number, "the user name before ':' is empty");
            if (name == TokenKey)
            {
                if (secret.Length == 0) throw Bad(path, number, "the token after 'token:' is empty");
                tokens.Add(secret);
                continue;
            }
            if (secret.Length == 0) throw Bad(path, number, $"the password of user '{name}' is empty");
            if (userLines.TryGetValue(name, out int first)) throw Bad(path, number, $"user '{name}' is already defined on line {first}");
            users[name] = secret;
            userLines[name] = number;
        }
        if (users.Count == 0 && tokens.Count == 0)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Auth file '{path}' defines no users or tokens, which would lock everyone out (fix: add lines 'user:password' or 'token:VALUE').");
        return new AuthOptions(users, tokens.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Bearer tokens from a list separated by commas or whitespace (the value of <see cref="TokensVariable"/>).</summary>
    /// <param name="value">The list.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <exception cref="QuarryException">InvalidParameter when the list holds no token.</exception>
    public static AuthOptions ParseTokens(string value, string source = TokensVariable)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tokens = value.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return tokens.Count > 0 ? new AuthOptions(new Dictionary<string, string>(StringComparer.Ordinal), tokens)
            : throw new QuarryException(ErrorCode.InvalidParameter,
                $"{source} is set but holds no tokens (fix: list tokens separated by commas, or unset it).");
    }

    /// <summary>
    /// The server's authentication from an optional auth file and an optional token list (the value of
    /// <see cref="TokensVariable"/>), merged; null — an open server — when neither is given.
    /// </summary>
    /// <exception cref="QuarryException">As <see cref="Load"/> and <see cref="ParseTokens"/>.</exception>
    public static AuthOptions? Resolve(string? authFile, string? tokens)
    {
        var fromFile = string.IsNullOrWhiteSpace(authFile) ? null : Load(authFile);
        var fromVariable = string.IsNullOrWhiteSpace(tokens) ? null : ParseTokens(tokens);
        if (fromFile is null || fromVariable is null) return fromFile ?? fromVariable;
        return new AuthOptions(fromFile.Users, fromFile.Tokens.Concat(fromVariable.Tokens).Distinct(StringComparer.Ordinal).ToList());
    }

    static QuarryException Bad(string path, int line, string what) =>
        new(ErrorCode.InvalidParameter, $"{path}:{line}: {what} (fix: write 'user:password' or 'token:VALUE'; '#' starts a comment).");
}
