using System.Net;
using Quarry.Server.Tests.Support;
using Xunit.Abstractions;

namespace Quarry.Server.Tests;

/// <summary>Runs alone: it measures the process's allocations, which other tests running in parallel would blur.</summary>
[CollectionDefinition(nameof(ArtifactStreamingTests), DisableParallelization = true)]
public sealed class ArtifactStreamingCollection;

[Collection(nameof(ArtifactStreamingTests))]
public class ArtifactStreamingTests(ITestOutputHelper output)
{
    const long Size = 20L * 1024 * 1024;

    [Fact]
    public async Task A_20_MB_artifact_streams_both_ways_without_the_server_buffering_it()
    {
        await using var server = await RunningServer.StartAsync();
        const string url = "api/2.0/mlflow-artifacts/artifacts/1/run/artifacts/model/weights.bin";
        // Warm up the route, Kestrel and the JIT so the measurement sees only the transfer.
        await server.Http.PutAsync(url, new ByteArrayContent([1]));
        (await server.Http.GetAsync(url)).Dispose();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var peak = new HeapPeakSampler();

        var upload = new StreamContent(new PatternStream(Size), 64 * 1024);
        upload.Headers.ContentLength = Size;
        var put = await server.Http.PutAsync(url, upload);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var response = await server.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        var (mismatch, count) = await PatternStream.VerifyAsync(body);

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long peakGrowth = peak.Stop() - heapBefore;
        output.WriteLine($"20 MB up and down: {allocated / 1024.0 / 1024:F2} MB allocated in the process, heap peak +{peakGrowth / 1024.0 / 1024:F2} MB");

        Assert.Equal(Size, count);
        Assert.Equal(-1, mismatch);
        Assert.Equal(Size, new FileInfo(Path.Combine(server.Directory, "artifacts", "1", "run", "artifacts", "model", "weights.bin")).Length);
        // Buffering the file anywhere (a byte[], a MemoryStream) would allocate at least its 20 MB; streaming allocates a few buffers.
        Assert.True(allocated < Size / 4, $"{allocated:N0} bytes allocated while moving {Size:N0} bytes: the file was buffered");
        Assert.True(peakGrowth < Size / 2, $"the managed heap grew by {peakGrowth:N0} bytes while moving {Size:N0} bytes");
    }

    /// <summary>Samples the managed heap size every few milliseconds and keeps the largest value.</summary>
    sealed class HeapPeakSampler : IDisposable
    {
        readonly CancellationTokenSource _stop = new();
        readonly Task _loop;
        long _peak;

        public HeapPeakSampler()
        {
            _peak = GC.GetTotalMemory(false);
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    long now = GC.GetTotalMemory(false);
                    if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
                    try { await Task.Delay(2, _stop.Token); } catch (OperationCanceledException) { }
                }
            });
        }

        public long Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            return Interlocked.Read(ref _peak);
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested) Stop();
            _stop.Dispose();
        }
    }
}
