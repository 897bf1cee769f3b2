using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Quarry.Cli.Tests;

/// <summary><c>quarry serve --auth-file</c> as a real process on a free loopback port.</summary>
public sealed partial class ServeAuthTests
{
    [Fact]
    public async Task Serve_with_an_auth_file_denies_anonymous_calls_and_accepts_its_users_and_tokens()
    {
        var dir = QuarryProcess.TempDir();
        var authFile = Path.Combine(dir, "team.auth");
        await File.WriteAllTextAsync(authFile, "# research team\nalice:correct horse\ntoken:file-token\n");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["QUARRY_SERVER_TOKENS"] = "env-token-1, env-token-2";
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "quarry.dll"), "serve", "--store", "sqlite:" + Path.Combine(dir, "t.db"),
                     "--artifacts", Path.Combine(dir, "artifacts"), "--port", "0", "--auth-file", authFile })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException(
                "quarry serve exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
            Assert.Contains("authentication: 1 users, 3 tokens", line, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(Url().Match(line).Value + "/") };
            const string search = "api/2.0/mlflow/experiments/search?max_results=5";

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health", timeout.Token)).StatusCode);
            var denied = await http.GetAsync(search, timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Contains("UNAUTHENTICATED", await denied.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
            foreach (var auth in new[]
                     {
                         new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:correct horse"))),
                         new AuthenticationHeaderValue("Bearer", "file-token"),
                         new AuthenticationHeaderValue("Bearer", "env-token-2"),
                     })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, search) { Headers = { Authorization = auth } };
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request, timeout.Token)).StatusCode);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void Serve_refuses_a_bad_auth_file_with_its_line_and_never_echoes_a_secret()
    {
        var dir = QuarryProcess.TempDir();
        var authFile = Path.Combine(dir, "bad.auth");
        File.WriteAllText(authFile, "alice:s3cret-value\nalice:other-s3cret\n");
        var (exit, _, stderr) = QuarryProcess.Run("serve", "--store", "sqlite:" + Path.Combine(dir, "t.db"), "--port", "0", "--auth-file", authFile);
        Assert.Equal(2, exit);
        Assert.Contains($"{authFile}:2: user 'alice' is already defined on line 1", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);

        var (missingExit, _, missing) = QuarryProcess.Run("serve", "--port", "0", "--auth-file", Path.Combine(dir, "nope.auth"));
        Assert.Equal(3, missingExit);
        Assert.Contains("nope.auth' does not exist", missing, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://[0-9.]+:[0-9]+")]
    private static partial Regex Url();
}
