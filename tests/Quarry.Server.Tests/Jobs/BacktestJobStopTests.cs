using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Server.Jobs;
using Quarry.Server.Tests.Support;
using Quarry.Tracking;

namespace Quarry.Server.Tests.Jobs;

public sealed class BacktestJobStopTests
{
    [Fact]
    public async Task Stopping_the_server_cancels_queued_jobs_and_ends_every_job()
    {
        var dir = Directory.CreateTempSubdirectory("quarry-jobs-stop-").FullName;
        try
        {
            var app = await QuarryServer.StartAsync(new ServerOptions
            {
                Store = "sqlite:" + Path.Combine(dir, "t.db"), ArtifactsRoot = Path.Combine(dir, "artifacts"), Port = 0,
                DataRoot = SampleData.Folder, MaxConcurrentBacktests = 1,
            });
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var runner = app.Services.GetRequiredService<BacktestJobRunner>();
            using (var http = new HttpClient { BaseAddress = new Uri(address) })
                for (int i = 0; i < 4; i++)
                    await BacktestJobsClient.LaunchAsync(http, new { strategy = "sma-cross", @params = new { fast = 5 + i }, symbol = "spy-2000-2016" });
            await app.StopAsync();
            var jobs = runner.Recent(10);
            Assert.Equal(4, jobs.Count);
            Assert.All(jobs, j => Assert.True(j.IsDone, $"{j.Id} is {j.State} after the stop"));
            Assert.Contains(jobs, j => j.State == BacktestJobState.Failed && j.Error!.StartsWith("Cancelled: the server stopped", StringComparison.Ordinal));
            // a run that was started is never left RUNNING
            var store = app.Services.GetRequiredService<ITrackingStore>();
            foreach (var job in jobs.Where(j => j.RunId is not null))
                Assert.NotEqual(RunStatus.Running, (await store.GetRunAsync(job.RunId!)).Info.Status);
            Assert.Throws<Quarry.Core.QuarryException>(() => runner.Submit(jobs[0].Request));
            await app.DisposeAsync();
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
