using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Quarry.Server.Tests.Jobs;

/// <summary>Launches backtests over the real HTTP API and waits for them.</summary>
internal static class BacktestJobsClient
{
    public static async Task<string> LaunchAsync(HttpClient http, object request)
    {
        using var response = await http.PostAsJsonAsync("/api/quarry/backtests", request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("job_id").GetString()!;
    }

    /// <summary>Polls the job until it is finished or failed (at most <paramref name="seconds"/>) and returns its last status.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient http, string jobId, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync("/api/quarry/backtests/" + jobId));
            string state = json.RootElement.GetProperty("state").GetString()!;
            if (state is "finished" or "failed") return json.RootElement.Clone();
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {state} after {seconds} s");
            await Task.Delay(100);
        }
    }
}
