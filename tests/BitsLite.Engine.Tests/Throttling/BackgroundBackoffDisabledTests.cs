using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Throttling;

public class BackgroundBackoffDisabledTests : TransferTestBase
{
    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with
    {
        BackgroundBackoff = new BackgroundBackoffOptions { Enabled = false },
    };

    [Fact]
    public async Task WhenDisabled_LowJobsAreNotHeldBack()
    {
        var started = new List<Guid>();
        Engine.Throttle.BackoffStarted = (id, _) => started.Add(id);
        Server.Serve("/low.bin", EngineHarness.RandomBytes(1_000_000));

        var job = await Harness.DownloadAsync(Server.Url("/low.bin"), Harness.Out("low.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.Low } });
        await Harness.WaitTransferredAsync(job.Id);

        Assert.Empty(started);
    }
}
