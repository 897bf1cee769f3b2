using Quarry.Tracking.Client.Internal;

namespace Quarry.Tracking.Tests.Client;

public class RunWriterTests
{
    [Fact]
    public void Store_verdicts_are_final_while_transport_failures_are_retried()
    {
        Assert.False(RunWriter.IsTransient(new Quarry.Core.QuarryException(Quarry.Core.ErrorCode.InvalidParameter, "bad")));
        Assert.False(RunWriter.IsTransient(new ArgumentException("bad")));
        Assert.False(RunWriter.IsTransient(new OperationCanceledException()));
        Assert.True(RunWriter.IsTransient(new IOException("connection reset")));
        Assert.True(RunWriter.IsTransient(new System.Net.Http.HttpRequestException("refused")));
        Assert.True(RunWriter.IsTransient(new TimeoutException()));
        // A store that gave up reaching its server or database: the client may still bridge the outage.
        Assert.True(RunWriter.IsTransient(new Quarry.Core.QuarryException(Quarry.Core.ErrorCode.InvalidState, "cannot reach",
            new System.Net.Http.HttpRequestException("refused"))));
        Assert.False(RunWriter.IsTransient(new Quarry.Core.QuarryException(Quarry.Core.ErrorCode.InvalidState, "run deleted")));
    }
}
