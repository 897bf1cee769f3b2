using Quarry.Tracking.Client.Internal;

namespace Quarry.Tracking.Tests.Client;

public class BatchChunkerTests
{
    static PendingSet Pending(int metrics, int @params, int tags, int valueLength = 3)
    {
        var set = new PendingSet();
        for (int i = 0; i < metrics; i++) set.Metrics.Add(new PendingMetric($"m{i % 7}", i, 1000 + i, i));
        for (int i = 0; i < @params; i++) set.Params.Add(new PendingEntry($"p{i}", new string('v', valueLength)));
        for (int i = 0; i < tags; i++) set.Tags.Add(new PendingEntry($"t{i}", new string('w', valueLength)));
        return set;
    }

    [Fact]
    public void Split_respects_every_count_limit_and_keeps_the_order_of_each_entity_type()
    {
        var pending = Pending(2500, 250, 230);
        var batches = BatchChunker.Split(pending);
        Assert.All(batches, b =>
        {
            Assert.InRange(b.Metrics.Count, 0, 1000);
            Assert.InRange(b.Params.Count, 0, 100);
            Assert.InRange(b.Tags.Count, 0, 100);
            Assert.InRange(b.Count, 1, 1000);
        });
        Assert.Equal(pending.Metrics.Select(m => (m.Key, m.Value, m.Timestamp, m.Step)),
            batches.SelectMany(b => b.Metrics).Select(m => (m.Key, m.Value, m.Timestamp, m.Step)));
        Assert.Equal(pending.Params.Select(p => p.Key), batches.SelectMany(b => b.Params).Select(p => p.Key));
        Assert.Equal(pending.Tags.Select(t => t.Key), batches.SelectMany(b => b.Tags).Select(t => t.Key));
        // 2,500 + 250 + 230 = 2,980 entities; params and tags ride first, so batch 1 is 100 + 100 + 800 metrics.
        Assert.Equal((800, 100, 100), (batches[0].Metrics.Count, batches[0].Params.Count, batches[0].Tags.Count));
        Assert.Equal(3, batches.Count);
    }

    [Fact]
    public void Split_keeps_each_call_under_the_request_size_limit()
    {
        // 100 params of 6,000 characters and 100 tags of 8,000: 1.4 MB, over MLflow's 1,000,000-byte request limit.
        var pending = new PendingSet();
        for (int i = 0; i < 100; i++) pending.Params.Add(new PendingEntry($"p{i}", new string('v', 6000)));
        for (int i = 0; i < 100; i++) pending.Tags.Add(new PendingEntry($"t{i}", new string('w', 8000)));
        var batches = BatchChunker.Split(pending);
        Assert.True(batches.Count >= 2);
        Assert.All(batches, b => Assert.True(
            b.Params.Sum(p => p.Key.Length + p.Value.Length) + b.Tags.Sum(t => t.Key.Length + t.Value.Length) < BatchChunker.MaxBytes));
        Assert.Equal(100, batches.Sum(b => b.Params.Count));
        Assert.Equal(100, batches.Sum(b => b.Tags.Count));
    }

    [Fact]
    public void A_tag_repeated_within_one_call_keeps_its_last_value()
    {
        var pending = new PendingSet();
        pending.Tags.Add(new PendingEntry("phase", "1"));
        pending.Tags.Add(new PendingEntry("other", "x"));
        pending.Tags.Add(new PendingEntry("phase", "2"));
        var batch = Assert.Single(BatchChunker.Split(pending));
        Assert.Equal([("phase", "2"), ("other", "x")], batch.Tags.Select(t => (t.Key, t.Value)));
    }

    [Fact]
    public void Nothing_pending_is_no_call()
    {
        Assert.Empty(BatchChunker.Split(new PendingSet()));
    }
}
