using Quarry.Core;
using Quarry.Server.Auth;

namespace Quarry.Server.Tests;

public sealed class AuthFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("quarry-auth-").FullName;

    string Write(string text)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".auth");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_reads_users_and_tokens_skipping_comments_and_blank_lines()
    {
        var auth = ServerAuth.Load(Write("""
            # team credentials
            alice : pa:ss:word

              bob:hunter2
            token: abc123
            token:def456
            token:abc123
            """));
        Assert.Equal(2, auth.Users.Count);
        Assert.Equal("pa:ss:word", auth.Users["alice"]);
        Assert.Equal("hunter2", auth.Users["bob"]);
        Assert.Equal(["abc123", "def456"], auth.Tokens);
    }

    [Theory]
    [InlineData("alice:pw\njust-a-word\n", 2, "has no ':'")]
    [InlineData("# c\n:pw\n", 2, "user name before ':' is empty")]
    [InlineData("alice:\n", 1, "password of user 'alice' is empty")]
    [InlineData("token:\n", 1, "token after 'token:' is empty")]
    [InlineData("alice:one\n\nalice:two-secret\n", 3, "already defined on line 1")]
    public void Load_errors_name_the_file_and_line(string text, int line, string what)
    {
        var path = Write(text);
        var e = Assert.Throws<QuarryException>(() => ServerAuth.Load(path));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("two-secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_refuses_a_file_with_no_credentials_and_a_missing_file()
    {
        Assert.Contains("no users or tokens", Assert.Throws<QuarryException>(() => ServerAuth.Load(Write("# nothing\n\n"))).Message,
            StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<QuarryException>(() => ServerAuth.Load(Path.Combine(_dir, "missing"))).Code);
    }

    [Fact]
    public void Tokens_from_the_environment_variable_are_split_on_commas_and_whitespace()
    {
        Assert.Equal(["a1", "b2", "c3"], ServerAuth.ParseTokens(" a1, b2\tc3 ,a1").Tokens);
        var e = Assert.Throws<QuarryException>(() => ServerAuth.ParseTokens(" , "));
        Assert.Contains(ServerAuth.TokensVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_merges_the_file_and_the_variable_and_is_null_when_neither_is_given()
    {
        Assert.Null(ServerAuth.Resolve(null, " "));
        var merged = ServerAuth.Resolve(Write("alice:pw\ntoken:t1\n"), "t2,t1")!;
        Assert.Equal("pw", merged.Users["alice"]);
        Assert.Equal(["t1", "t2"], merged.Tokens);
        Assert.Equal(["t9"], ServerAuth.Resolve(null, "t9")!.Tokens);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
